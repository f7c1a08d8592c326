import { EntityManager } from 'typeorm';
import { CalendarYearMissingError, isProvisionalLabel } from '../calendar/working-calendar';
import { ClockBasis, ClockEventData, CustomerClockScope } from '../contracts/clock';
import { AppError } from '../errors/app-error';
import { insertLater } from '../db/deferred-inserts';
import { ClockEventType, DeadlineClock, DeadlineClockEvent } from './deadline.entities';
import { TimeBasis } from './time-basis';

/** The time basis of a clock on the calendar in force now. */
export type BasisOf = (basis: ClockBasis) => TimeBasis;

/** Runs a calendar computation, turning a missing year into the 422 `CALENDAR_YEAR_MISSING` that names it. */
export function guardCalendar<T>(compute: () => T): T {
  try {
    return compute();
  } catch (err) {
    if (err instanceof CalendarYearMissingError) throw new AppError('CALENDAR_YEAR_MISSING', err.message, { year: err.year });
    throw err;
  }
}

export function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

/** What every clock event (warned, breached, stopped) says about its clock; `scope`: the service's customer-facing clocks. */
export function clockEventData(clock: DeadlineClock, scope?: CustomerClockScope): ClockEventData {
  return {
    clockId: clock.id,
    subjectType: clock.subjectType,
    subjectId: clock.subjectId,
    ...(clock.customerId ? { customerId: clock.customerId } : {}),
    kind: clock.kind,
    basis: clock.basis,
    limitMs: clock.limitMs,
    ...(clock.dueAt ? { dueAt: clock.dueAt.toISOString() } : {}),
    provisional: clock.provisional,
    ...(scope ? { customerFacing: scope.subjectTypes.includes(clock.subjectType) && scope.kinds.includes(clock.kind) } : {}),
  };
}

/** Appends to a clock's audit trail. */
export async function auditClock(m: EntityManager, clockId: string, type: ClockEventType, at: Date, detail: Record<string, unknown>): Promise<void> {
  await insertLater(m, DeadlineClockEvent, { clockId, type, at, detail: detail as never });
}

/** Records the calendar versions a computation used; the clock is provisional while any of them is a weekday guess. */
export function mergeCalendarBasis(clock: DeadlineClock, used: { versions: string[] }): void {
  clock.calendarVersions = [...new Set([...clock.calendarVersions, ...used.versions])].sort();
  clock.provisional = clock.calendarVersions.some(isProvisionalLabel);
}
