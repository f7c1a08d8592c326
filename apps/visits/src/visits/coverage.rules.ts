import { addCalendarMonths, AppError } from '@app/shared';

/**
 * Planned visit frequency and coverage (§3): each tier is visited every N months (defaults diamond 1, gold 3,
 * silver 6, standard 12). A customer is overdue for a visit when its last visit done — or, never visited, the day
 * after-sales came to know it — is more than N months before today (Beijing dates).
 */
/** A Beijing date plus whole months, the same day of the month; past the month's end, its last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  return addCalendarMonths(new Date(`${date}T00:00:00Z`), months).toISOString().slice(0, 10);
}

/** The date the next visit falls due: the last visit's (or the knownSince) date plus the tier's months. */
export function visitDueDate(lastDate: string, everyMonths: number): string {
  return addMonths(lastDate, everyMonths);
}

/** Overdue from the day after the due date: the last visit is then more than N months back. */
export function isOverdueForVisit(lastDate: string, everyMonths: number, today: string): boolean {
  return visitDueDate(lastDate, everyMonths) < today;
}

/** A period of Beijing dates, from ≤ to, or 422 PERIOD_INVALID. */
export function assertPeriod(from: string, to: string): void {
  if (from > to) throw new AppError('PERIOD_INVALID', `The period ends (${to}) before it starts (${from})`, { fields: [{ field: 'to', reason: 'must not be before from' }] });
}

/** The length of a period in months: whole months by same-day arithmetic, then the rest as a fraction of the next month. */
export function monthsIn(from: string, to: string): number {
  const end = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  let whole = 0;
  while (addMonths(from, whole + 1) <= end) whole++;
  const start = addMonths(from, whole);
  const next = addMonths(from, whole + 1);
  const days = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
  return whole + days(start, end) / days(start, next);
}

const twoDecimals = (x: number) => Math.round(x * 100) / 100;

/** Coverage of one tier in a period: the share of its customers visited, and the visits its frequency asks for. */
export function tierCoverage(customers: number, visited: number, everyMonths: number, periodMonths: number): { percentage: number; expectedVisits: number } {
  return {
    percentage: customers === 0 ? 0 : twoDecimals((visited / customers) * 100),
    expectedVisits: twoDecimals((customers * periodMonths) / everyMonths),
  };
}
