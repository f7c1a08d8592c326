/** A day of the working-day calendar as the API takes it. */
export interface CalendarDay {
  date: string;
  name: string;
}

/** "2027-01-01 元旦" per line → days; blank lines are skipped, a line without a name keeps the date as its name. */
export function parseDays(text: string): CalendarDay[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [date, ...name] = line.split(/\s+/);
      return { date, name: name.join(' ') || date };
    });
}

/** Days → one line each, as parseDays reads them. */
export const dayLines = (days: CalendarDay[]): string => days.map((d) => `${d.date} ${d.name}`).join('\n');
