import { CalendarYear, publishedYears } from './calendar-year';
import { CalendarYearMissingError, localDate, WorkingCalendar } from './working-calendar';

const bj = (local: string) => new Date(`${local}+08:00`);
const HOUR = 3_600_000;
const DAY = 8 * HOUR;

describe('WorkingCalendar on the published Chinese schedule', () => {
  const years = publishedYears();
  const calendar = new WorkingCalendar(years);

  it('ships the published 2026 schedule with its make-up working days', () => {
    const y2026 = years.find((y) => y.year === 2026)!;
    expect(y2026.holidays.map((d) => d.date)).toEqual(expect.arrayContaining(['2026-10-01', '2026-10-07']));
    expect(y2026.makeupWorkdays.map((d) => d.date)).toEqual(expect.arrayContaining(['2026-09-20', '2026-10-10']));
  });

  it('2 working days of working time after 2026-09-30 17:00 skip the National Day holiday', () => {
    const due = calendar.addWorkingTime(bj('2026-09-30T17:00:00'), 2 * DAY);
    expect(due.at).toEqual(bj('2026-10-09T17:00:00'));
    expect(due.provisional).toBe(false);
    expect(due.versions).toEqual(['2026.published']);
  });

  it('counts a make-up Saturday as a working day', () => {
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-17')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-05')).toBe(false);
    // One working day from Friday 2026-10-09 17:00 is the make-up Saturday, not Monday.
    expect(calendar.addWorkingTime(bj('2026-10-09T17:00:00'), DAY).at).toEqual(bj('2026-10-10T17:00:00'));
  });

  it('10 working days before a date start at 09:00 of the 10th working day before it, the date not counted (DOMAIN.md example)', () => {
    // Back from Fri 16 Oct: 15,14,13,12 Oct, Sat 10 Oct (make-up), 9, 8 Oct, [1–7 Oct off], 30, 29, 28 Sep.
    const warnAt = calendar.workingDaysBefore('2026-10-16', 10);
    expect(warnAt.at).toEqual(bj('2026-09-28T09:00:00'));
    expect(warnAt.provisional).toBe(false);
    expect(warnAt.versions).toEqual(['2026.published']);
    expect(calendar.workingDaysBefore('2026-10-16', 9).at).toEqual(bj('2026-09-29T09:00:00'));
    expect(calendar.workingDaysBefore('2026-10-12', 1).at).toEqual(bj('2026-10-10T09:00:00'));
  });

  it('within 2 working days of a review on Wed 2026-09-30 at 10:00 ends Fri 2026-10-09 17:00 (DOMAIN.md example)', () => {
    const due = calendar.withinWorkingDays(bj('2026-09-30T10:00:00'), 2);
    expect(due.at).toEqual(bj('2026-10-09T17:00:00'));
    expect(due.versions).toEqual(['2026.published']);
    // Whatever the hour of the review: the event's day never counts.
    for (const hour of ['00:00', '08:59', '16:59', '17:00', '23:59']) {
      expect(calendar.withinWorkingDays(bj(`2026-09-30T${hour}:00`), 2).at).toEqual(bj('2026-10-09T17:00:00'));
    }
  });

  it('after an event on a non-working day the first working day that follows is day 1', () => {
    // Sunday 2026-10-04 (holiday) → day 1 is Thu 8 Oct.
    expect(calendar.withinWorkingDays(bj('2026-10-04T11:00:00'), 1).at).toEqual(bj('2026-10-08T17:00:00'));
    // Friday 9 Oct after hours → day 1 is the make-up Saturday 10 Oct.
    expect(calendar.withinWorkingDays(bj('2026-10-09T18:30:00'), 1).at).toEqual(bj('2026-10-10T17:00:00'));
    // An event late in the UTC day is on the next Beijing date: Mon 2026-11-23 00:30 Beijing → day 1 is Tue 24.
    expect(calendar.withinWorkingDays(new Date('2026-11-22T16:30:00Z'), 1).at).toEqual(bj('2026-11-24T17:00:00'));
  });

  it('counts whole days only, and uses the configured working periods', () => {
    expect(() => calendar.withinWorkingDays(bj('2026-11-20T10:00:00'), 0.5)).toThrow(RangeError);
    expect(() => calendar.workingDaysBefore('2026-11-20', 0)).toThrow(RangeError);
    const early = new WorkingCalendar(years, { workingHours: '08:30-12:00,13:30-18:00' });
    expect(early.withinWorkingDays(bj('2026-11-20T10:00:00'), 1).at).toEqual(bj('2026-11-23T18:00:00'));
    expect(early.workingDaysBefore('2026-11-23', 1).at).toEqual(bj('2026-11-20T08:30:00'));
  });

  it('half a working day starting at 16:00 ends the next working day', () => {
    expect(calendar.addWorkingTime(bj('2026-11-20T16:00:00'), 0.5 * DAY).at).toEqual(bj('2026-11-23T12:00:00'));
  });

  it('starts a limit opened out of hours at the next working morning', () => {
    expect(calendar.addWorkingTime(bj('2026-11-21T22:00:00'), 2 * HOUR).at).toEqual(bj('2026-11-23T11:00:00'));
  });

  it('measures working time between two instants, across a weekend', () => {
    const span = calendar.workingTimeBetween(bj('2026-11-20T16:00:00'), bj('2026-11-23T10:30:00'));
    expect(span.ms).toBe(2.5 * HOUR);
    expect(calendar.workingTimeBetween(bj('2026-11-23T10:30:00'), bj('2026-11-20T16:00:00')).ms).toBe(-2.5 * HOUR);
    expect(calendar.workingTimeBetween(bj('2026-09-30T09:00:00'), bj('2026-10-09T17:00:00')).ms).toBe(3 * DAY);
  });

  it('is the inverse of itself: adding then measuring gives back the budget', () => {
    const from = bj('2026-09-28T10:17:00');
    for (const hours of [1, 7.5, 8, 13, 40, 96]) {
      const at = calendar.addWorkingTime(from, hours * HOUR).at;
      expect(calendar.workingTimeBetween(from, at).ms).toBe(hours * HOUR);
      expect(calendar.subtractWorkingTime(at, hours * HOUR).at).toEqual(from);
    }
  });

  it('honours a lunch break', () => {
    const withLunch = new WorkingCalendar(years, { workingHours: '09:00-12:00,13:00-17:00' });
    expect(withLunch.workingDayMs).toBe(7 * HOUR);
    expect(withLunch.addWorkingTime(bj('2026-11-23T11:00:00'), 2 * HOUR).at).toEqual(bj('2026-11-23T14:00:00'));
    expect(withLunch.addWorkingTime(bj('2026-11-20T16:00:00'), 0.5 * withLunch.workingDayMs).at).toEqual(bj('2026-11-23T11:30:00'));
  });

  it('under the error policy, refuses to guess a year without a loaded schedule, naming the year', () => {
    const strict = new WorkingCalendar(years, { unknownYear: 'error' });
    const last = years[years.length - 1].year;
    const nextYear = last + 1;
    const late = bj(`${last}-12-30T09:00:00`);
    expect(() => strict.addWorkingTime(late, 5 * DAY)).toThrow(CalendarYearMissingError);
    expect(() => strict.withinWorkingDays(late, 5)).toThrow(new RegExp(String(nextYear)));
  });

  it('by default computes a year without a loaded schedule on plain weekdays, and marks the result provisional', () => {
    const result = calendar.addWorkingTime(bj('2026-12-31T17:00:00'), DAY);
    expect(result.at).toEqual(bj('2027-01-01T17:00:00'));
    expect(result.provisional).toBe(true);
    expect(result.versions).toEqual(['2026.published', '2027.weekdays-provisional']);
    // Within 2 working days of Thu 2026-12-31: Fri 1 Jan (a weekday guess), Mon 4 Jan.
    const due = calendar.withinWorkingDays(bj('2026-12-31T10:00:00'), 2);
    expect(due.at).toEqual(bj('2027-01-04T17:00:00'));
    expect(due.provisional).toBe(true);
    expect(calendar.workingDaysBefore('2027-01-04', 1)).toMatchObject({ at: bj('2027-01-01T09:00:00'), provisional: true });
    expect(calendar.withinWorkingDays(bj('2026-12-28T10:00:00'), 2).provisional).toBe(false);
  });

  it('uses an admin-loaded year and reports its version', () => {
    const y2027: CalendarYear = {
      year: 2027,
      holidays: [{ date: '2027-01-01', name: '元旦' }],
      makeupWorkdays: [],
      version: 2,
      source: 'admin',
    };
    const loaded = new WorkingCalendar([...years, y2027]);
    const result = loaded.addWorkingTime(bj('2026-12-31T17:00:00'), DAY);
    expect(result.at).toEqual(bj('2027-01-04T17:00:00'));
    expect(result.versions).toEqual(['2026.published', '2027.v2']);
  });

  it('gives Beijing dates for instants late in the UTC day', () => {
    expect(localDate(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01');
  });
});
