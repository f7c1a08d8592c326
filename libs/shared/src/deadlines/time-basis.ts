import { ClockBasis } from '../contracts/clock';
import { CalendarBasis, localDate, WorkingCalendar } from '../calendar/working-calendar';

/**
 * How a clock counts time: wall-clock (24×7), working time on the calendar ('working': hour limits and fractions of
 * a working day, counted from the event), or whole working days ('working-days': counting starts at the close of
 * business of the event's day, and a warning of k working days fires at the start of business of the k-th working
 * day before the due date).
 */
export interface TimeBasis {
  /** When counting starts for a clock started at `startedAt`. */
  countFrom(startedAt: Date): Date;
  measure(from: Date, to: Date): { ms: number } & CalendarBasis;
  project(from: Date, ms: number): { at: Date } & CalendarBasis;
  before(due: Date, ms: number): { at: Date } & CalendarBasis;
}

const WALL: TimeBasis = {
  countFrom: (startedAt) => startedAt,
  measure: (from, to) => ({ ms: to.getTime() - from.getTime(), versions: [], provisional: false }),
  project: (from, ms) => ({ at: new Date(from.getTime() + ms), versions: [], provisional: false }),
  before: (due, ms) => ({ at: new Date(due.getTime() - ms), versions: [], provisional: false }),
};

export function timeBasis(basis: ClockBasis, calendar: WorkingCalendar): TimeBasis {
  if (basis === 'wall') return WALL;
  const working: TimeBasis = {
    countFrom: (startedAt) => startedAt,
    measure: (from, to) => calendar.workingTimeBetween(from, to),
    project: (from, ms) => calendar.addWorkingTime(from, ms),
    before: (due, ms) => calendar.subtractWorkingTime(due, ms),
  };
  if (basis === 'working') return working;
  return {
    ...working,
    // The event's day never counts: N working days of working time from its close of business end at the close of
    // business of the N-th working day after it (WorkingCalendar.withinWorkingDays).
    countFrom: (startedAt) => new Date(Math.max(startedAt.getTime(), calendar.closeOfBusiness(localDate(startedAt)).getTime())),
    before: (due, ms) => {
      const days = ms / calendar.workingDayMs;
      return Number.isInteger(days) && days >= 1 ? calendar.workingDaysBefore(localDate(due), days) : calendar.subtractWorkingTime(due, ms);
    },
  };
}

/** The next warning or the breach still to fire, or null when nothing is left (or the clock is not running). */
export function nextFireAt(
  clock: { status: string; dueAt: Date | null; warnBeforeMs: number[]; warningsFired: number; breachedAt: Date | null },
  basis: TimeBasis,
): Date | null {
  if (clock.status !== 'running' || !clock.dueAt) return null;
  if (clock.warningsFired < clock.warnBeforeMs.length) return basis.before(clock.dueAt, clock.warnBeforeMs[clock.warningsFired]).at;
  return clock.breachedAt ? null : clock.dueAt;
}

/**
 * Where a running clock's warning lead begins: its first (largest) warning before the deadline, on its basis, or null
 * when it is not running or has no warning. Unlike `nextFireAt` it does not move once the warning has fired, so a
 * clock stays inside its lead until it stops or breaches.
 */
export function warningLeadStart(clock: { status: string; dueAt: Date | null; warnBeforeMs: number[] }, basis: TimeBasis): Date | null {
  if (clock.status !== 'running' || !clock.dueAt || clock.warnBeforeMs.length === 0) return null;
  return basis.before(clock.dueAt, Math.max(...clock.warnBeforeMs)).at;
}
