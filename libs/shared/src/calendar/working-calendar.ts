import { MIN } from '../clock/units';
import { CalendarYear, calendarVersionLabel } from './calendar-year';
import { parseWorkingHours, WorkingPeriod, workingMinutesPerDay } from './working-hours';

/** Beijing time has had no daylight saving since 1991: local time is UTC+8 all year. */
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** No limit in this business spans more than a few months; a loop past this is a bug, not a deadline. */
const MAX_DAYS_SCANNED = 20 * 366;

export type UnknownYearPolicy = 'error' | 'weekdays';

/** A computation needed a year whose schedule has not been loaded. */
export class CalendarYearMissingError extends Error {
  constructor(readonly year: number) {
    super(`The working-day calendar for ${year} is not loaded: an admin must load it (PUT /api/v1/calendar/years/${year})`);
    this.name = 'CalendarYearMissingError';
  }
}

/** What a calendar computation used, so a verdict can say which calendar it was made on. */
export interface CalendarBasis {
  /** Version label of each year consulted, e.g. "2026.published" or "2027.v2". */
  versions: string[];
  /** True when a year without a loaded schedule was taken as plain weekdays. */
  provisional: boolean;
}

export interface CalendarInstant extends CalendarBasis {
  at: Date;
}

export interface CalendarDuration extends CalendarBasis {
  ms: number;
}

class Basis {
  private readonly versions = new Set<string>();
  provisional = false;

  add(label: string, provisional: boolean): void {
    this.versions.add(label);
    if (provisional) this.provisional = true;
  }

  result(): CalendarBasis {
    return { versions: [...this.versions].sort(), provisional: this.provisional };
  }
}

/** The calendar-version label of a year computed on plain weekdays because its schedule is not loaded. */
export function provisionalLabel(year: number): string {
  return `${year}.weekdays-provisional`;
}

export function isProvisionalLabel(label: string): boolean {
  return label.endsWith('.weekdays-provisional');
}

export function localDate(at: Date | number): string {
  return new Date(new Date(at).getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

function dayStart(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - OFFSET_MS;
}

/** Minutes since Beijing midnight of an instant (0–1439). */
export function localMinuteOfDay(at: Date | number): number {
  return Math.floor(((new Date(at).getTime() + OFFSET_MS) % DAY_MS) / MIN);
}

/** The instant of a Beijing date (YYYY-MM-DD) plus `days`, at `minute` minutes after its midnight. */
export function atLocalMinute(date: string, minute: number, days = 0): Date {
  return new Date(dayStart(date) + days * DAY_MS + minute * MIN);
}

function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function isWeekday(date: string): boolean {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/**
 * Working time on the Chinese public-holiday calendar in Asia/Shanghai, including make-up working days.
 * A working day is the configured working hours (default 09:00–17:00). Whole working days are counted as days
 * (`withinWorkingDays`, `workingDaysBefore`); fractions of a day and hour limits are working time from the event
 * (`addWorkingTime`: half a working day is half the working hours), and time outside working hours does not count.
 */
export class WorkingCalendar {
  private readonly years = new Map<number, { holidays: Set<string>; makeup: Set<string>; label: string }>();
  readonly periods: WorkingPeriod[];
  readonly workingDayMs: number;

  constructor(
    years: CalendarYear[],
    opts: { workingHours?: string; unknownYear?: UnknownYearPolicy } = {},
  ) {
    for (const y of years) {
      this.years.set(y.year, {
        holidays: new Set(y.holidays.map((d) => d.date)),
        makeup: new Set(y.makeupWorkdays.map((d) => d.date)),
        label: calendarVersionLabel(y),
      });
    }
    this.periods = parseWorkingHours(opts.workingHours ?? '09:00-17:00');
    this.workingDayMs = workingMinutesPerDay(this.periods) * MIN;
    this.unknownYear = opts.unknownYear ?? 'weekdays';
  }

  private readonly unknownYear: UnknownYearPolicy;

  loadedYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  /**
   * Whether a Beijing date is worked. A year with no loaded schedule is taken as plain weekdays and marks the result
   * provisional (DOMAIN.md), or throws CalendarYearMissingError under the 'error' policy.
   */
  isWorkingDay(date: string, basis = new Basis()): boolean {
    const year = Number(date.slice(0, 4));
    const schedule = this.years.get(year);
    if (!schedule) {
      if (this.unknownYear === 'error') throw new CalendarYearMissingError(year);
      basis.add(provisionalLabel(year), true);
      return isWeekday(date);
    }
    basis.add(schedule.label, false);
    if (schedule.makeup.has(date)) return true;
    if (schedule.holidays.has(date)) return false;
    return isWeekday(date);
  }

  private periodsOf(date: string): Array<[number, number]> {
    const start = dayStart(date);
    return this.periods.map((p) => [start + p.startMinute * MIN, start + p.endMinute * MIN]);
  }

  /** The instant `ms` of working time after `from`. */
  addWorkingTime(from: Date, ms: number): CalendarInstant {
    if (ms < 0) return this.subtractWorkingTime(from, -ms);
    const basis = new Basis();
    let remaining = ms;
    let cursor = from.getTime();
    let date = localDate(cursor);
    for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++) {
      if (remaining === 0) return { at: new Date(cursor), ...basis.result() };
      if (this.isWorkingDay(date, basis)) {
        for (const [start, end] of this.periodsOf(date)) {
          const s = Math.max(start, cursor);
          if (s >= end) continue;
          if (remaining <= end - s) return { at: new Date(s + remaining), ...basis.result() };
          remaining -= end - s;
        }
      }
      date = shiftDate(date, 1);
      cursor = dayStart(date);
    }
    throw new Error(`Working time of ${ms} ms from ${from.toISOString()} reaches past ${MAX_DAYS_SCANNED} days`);
  }

  /** The instant `ms` of working time before `from`. */
  subtractWorkingTime(from: Date, ms: number): CalendarInstant {
    if (ms < 0) return this.addWorkingTime(from, -ms);
    const basis = new Basis();
    let remaining = ms;
    let cursor = from.getTime();
    let date = localDate(cursor);
    for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++) {
      if (remaining === 0) return { at: new Date(cursor), ...basis.result() };
      if (this.isWorkingDay(date, basis)) {
        for (const [start, end] of [...this.periodsOf(date)].reverse()) {
          const e = Math.min(end, cursor);
          if (e <= start) continue;
          if (remaining <= e - start) return { at: new Date(e - remaining), ...basis.result() };
          remaining -= e - start;
        }
      }
      date = shiftDate(date, -1);
      cursor = dayStart(date) + DAY_MS;
    }
    throw new Error(`Working time of ${ms} ms before ${from.toISOString()} reaches past ${MAX_DAYS_SCANNED} days`);
  }

  /** Close of business (end of the last working period) of a Beijing date, whether or not that date is worked. */
  closeOfBusiness(date: string): Date {
    return new Date(dayStart(date) + this.periods[this.periods.length - 1].endMinute * MIN);
  }

  /** Start of business (start of the first working period) of a Beijing date. */
  startOfBusiness(date: string): Date {
    return new Date(dayStart(date) + this.periods[0].startMinute * MIN);
  }

  /** The n-th working day after (step 1) or before (step -1) a Beijing date, the date itself not counted. */
  private nthWorkingDay(date: string, n: number, step: 1 | -1, basis: Basis): string {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`A count of working days must be a whole number ≥ 1, not ${n}`);
    let cursor = date;
    let counted = 0;
    for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++) {
      cursor = shiftDate(cursor, step);
      if (this.isWorkingDay(cursor, basis) && ++counted === n) return cursor;
    }
    throw new Error(`${n} working days from ${date} reach past ${MAX_DAYS_SCANNED} days`);
  }

  /**
   * "Within N working days" of an event (DOMAIN.md, counting working days): close of business of the N-th working day
   * after the event's Beijing date. The event's day never counts, so after an event on a non-working day or after
   * hours the first working day that follows is day 1.
   */
  withinWorkingDays(eventAt: Date, n: number): CalendarInstant {
    const basis = new Basis();
    const day = this.nthWorkingDay(localDate(eventAt), n, 1, basis);
    return { at: this.closeOfBusiness(day), ...basis.result() };
  }

  /** "N working days before D" (a Beijing date 'YYYY-MM-DD'): start of business of the N-th working day before D, D not counted. */
  workingDaysBefore(date: string, n: number): CalendarInstant {
    const basis = new Basis();
    const day = this.nthWorkingDay(date, n, -1, basis);
    return { at: this.startOfBusiness(day), ...basis.result() };
  }

  /** Working time in [from, to); negative when `to` is before `from`. */
  workingTimeBetween(from: Date, to: Date): CalendarDuration {
    if (to.getTime() < from.getTime()) {
      const back = this.workingTimeBetween(to, from);
      return { ...back, ms: -back.ms };
    }
    const basis = new Basis();
    let total = 0;
    const a = from.getTime();
    const b = to.getTime();
    let date = localDate(a);
    const last = localDate(b);
    for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++) {
      if (this.isWorkingDay(date, basis)) {
        for (const [start, end] of this.periodsOf(date)) {
          total += Math.max(0, Math.min(end, b) - Math.max(start, a));
        }
      }
      if (date === last) return { ms: total, ...basis.result() };
      date = shiftDate(date, 1);
    }
    throw new Error(`Span ${from.toISOString()}–${to.toISOString()} is longer than ${MAX_DAYS_SCANNED} days`);
  }
}
