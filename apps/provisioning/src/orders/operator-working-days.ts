import { localDate, WorkingCalendar } from '@app/shared';
import { WorkingDayCount } from './order.rules';

const DAY_MS = 86_400_000;

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function at(date: string, minute: number): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + minute * 60_000);
}

/** Working days counted the operators' way on a working calendar: whole days, the event's day (or the date) not counted. */
export function operatorWorkingDays(calendar: WorkingCalendar): WorkingDayCount {
  const open = calendar.periods[0].startMinute;
  const close = calendar.periods[calendar.periods.length - 1].endMinute;
  const nth = (from: string, n: number, step: 1 | -1): string => {
    let date = from;
    for (let counted = 0; counted < n; ) {
      date = shift(date, step);
      if (calendar.isWorkingDay(date)) counted++;
    }
    return date;
  };
  return {
    withinWorkingDays: (eventAt, n) => ({ at: at(nth(localDate(eventAt), n, 1), close) }),
    workingDaysBefore: (date, n) => ({ at: at(nth(date, n, -1), open) }),
  };
}
