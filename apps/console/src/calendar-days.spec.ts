import { dayLines, parseDays } from './calendar-days';

describe("the calendar form's lines of days", () => {
  it('reads one day a line, its date then its name, skipping blank lines', () => {
    expect(parseDays('2027-01-01 元旦\n\n  2027-10-01   国庆节 National Day \n2027-09-26')).toEqual([
      { date: '2027-01-01', name: '元旦' },
      { date: '2027-10-01', name: '国庆节 National Day' },
      { date: '2027-09-26', name: '2027-09-26' },
    ]);
    expect(parseDays('')).toEqual([]);
  });

  it('writes the lines it reads', () => {
    const days = [
      { date: '2026-10-01', name: '国庆节 National Day' },
      { date: '2026-10-10', name: '国庆节调休' },
    ];
    expect(parseDays(dayLines(days))).toEqual(days);
  });
});
