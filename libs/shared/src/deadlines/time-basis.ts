import { ClockBasis } from '../contracts/clock';
import { CalendarBasis, WorkingCalendar } from '../calendar/working-calendar';

/** How a clock counts time: wall-clock (24×7) or working time on the calendar. */
export interface TimeBasis {
  measure(from: Date, to: Date): { ms: number } & CalendarBasis;
  project(from: Date, ms: number): { at: Date } & CalendarBasis;
  before(due: Date, ms: number): { at: Date } & CalendarBasis;
}

const WALL: TimeBasis = {
  measure: (from, to) => ({ ms: to.getTime() - from.getTime(), versions: [], provisional: false }),
  project: (from, ms) => ({ at: new Date(from.getTime() + ms), versions: [], provisional: false }),
  before: (due, ms) => ({ at: new Date(due.getTime() - ms), versions: [], provisional: false }),
};

export function timeBasis(basis: ClockBasis, calendar: WorkingCalendar): TimeBasis {
  if (basis === 'wall') return WALL;
  return {
    measure: (from, to) => calendar.workingTimeBetween(from, to),
    project: (from, ms) => calendar.addWorkingTime(from, ms),
    before: (due, ms) => calendar.subtractWorkingTime(due, ms),
  };
}

/** The instants of a running clock's warnings, earliest first. */
export function warningTimes(dueAt: Date, warnBeforeMs: number[], basis: TimeBasis): Date[] {
  return warnBeforeMs.map((offset) => basis.before(dueAt, offset).at);
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
