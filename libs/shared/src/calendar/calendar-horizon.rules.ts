import { localDate } from './working-calendar';

/**
 * DOMAIN.md §2: the published schedule covers only known years and an admin must load the next one. From this
 * Beijing date (month-day) on, a missing schedule for next year is reported to the admins.
 */
export const NEXT_YEAR_WARNING_FROM = '11-01';

/** The year whose schedule admins must load now: next year, from 1 November (Beijing) while it is not loaded; else null. */
export function missingNextYear(now: Date, loadedYears: readonly number[], warnFrom = NEXT_YEAR_WARNING_FROM): number | null {
  const today = localDate(now);
  if (today.slice(5) < warnFrom) return null;
  const next = Number(today.slice(0, 4)) + 1;
  return loadedYears.includes(next) ? null : next;
}
