/** The official schedule of one year: public holidays and make-up working days (调休), as Beijing dates. */
export interface CalendarYear {
  year: number;
  holidays: CalendarDay[];
  makeupWorkdays: CalendarDay[];
  /** Increases each time an admin loads or corrects the year; 0 for the published data shipped with the platform. */
  version: number;
  source: 'published' | 'admin';
}

export interface CalendarDay {
  date: string;
  name: string;
}

export function calendarVersionLabel(year: Pick<CalendarYear, 'year' | 'version' | 'source'>): string {
  return `${year.year}.${year.source === 'published' ? 'published' : `v${year.version}`}`;
}

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** "National Day,国庆节,3" → "国庆节 National Day". */
function dayName(raw: string): string {
  const [en, zh] = raw.split(',');
  return zh ? `${zh} ${en}` : en;
}

/** The published schedules of every year the maintained `chinese-days` package covers. */
export function publishedYears(): CalendarYear[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
  const years = new Map<number, CalendarYear>();
  const yearOf = (date: string): CalendarYear => {
    const year = Number(date.slice(0, 4));
    let entry = years.get(year);
    if (!entry) {
      entry = { year, holidays: [], makeupWorkdays: [], version: 0, source: 'published' };
      years.set(year, entry);
    }
    return entry;
  };
  for (const [date, raw] of Object.entries(data.holidays)) yearOf(date).holidays.push({ date, name: dayName(raw) });
  for (const [date, raw] of Object.entries(data.workdays)) yearOf(date).makeupWorkdays.push({ date, name: dayName(raw) });
  for (const y of years.values()) {
    y.holidays.sort((a, b) => a.date.localeCompare(b.date));
    y.makeupWorkdays.sort((a, b) => a.date.localeCompare(b.date));
  }
  return [...years.values()].sort((a, b) => a.year - b.year);
}
