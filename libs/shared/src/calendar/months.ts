/**
 * The same day of the month `months` later, at the same time of day; past the end of a shorter month, its last day
 * (31 January + 1 month = the end of February). The one month arithmetic of the platform: a resource check's month of
 * validity, a tier's visit interval.
 */
export function addCalendarMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}
