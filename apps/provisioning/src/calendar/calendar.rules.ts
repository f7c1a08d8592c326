import { FieldProblem, PutCalendarYearRequest } from '@app/shared';

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** What makes a year's schedule acceptable: its own dates, once each, make-up days on weekends. */
export function calendarYearProblems(req: PutCalendarYearRequest): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<string, string>();
  const check = (list: 'holidays' | 'makeupWorkdays') =>
    req[list].forEach((day, i) => {
      const field = `${list}.${i}.date`;
      const parsed = new Date(`${day.date}T00:00:00Z`);
      if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day.date) {
        problems.push({ field, reason: `${day.date} is not a calendar date` });
        return;
      }
      if (!day.date.startsWith(`${req.year}-`)) problems.push({ field, reason: `${day.date} is not in ${req.year}` });
      const previous = seen.get(day.date);
      if (previous) problems.push({ field, reason: `${day.date} is already listed in ${previous}` });
      seen.set(day.date, list);
      if (list === 'makeupWorkdays' && weekday(day.date) !== 0 && weekday(day.date) !== 6) {
        problems.push({ field, reason: `${day.date} is a weekday: a make-up working day is a Saturday or Sunday` });
      }
    });
  check('holidays');
  check('makeupWorkdays');
  return problems;
}
