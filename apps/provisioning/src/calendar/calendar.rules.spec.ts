import { calendarYearProblems } from './calendar.rules';

describe('calendarYearProblems', () => {
  it('accepts a well-formed year', () => {
    expect(
      calendarYearProblems({
        year: 2027,
        holidays: [{ date: '2027-10-01', name: '国庆节' }],
        makeupWorkdays: [{ date: '2027-10-09', name: '国庆节调休' }],
      }),
    ).toEqual([]);
  });

  it('names every bad field', () => {
    expect(
      calendarYearProblems({
        year: 2027,
        holidays: [
          { date: '2028-01-01', name: '元旦' },
          { date: '2027-02-30', name: '?' },
          { date: '2027-10-01', name: '国庆节' },
        ],
        makeupWorkdays: [
          { date: '2027-10-08', name: 'Friday' },
          { date: '2027-10-01', name: 'dup' },
        ],
      }),
    ).toEqual([
      { field: 'holidays.0.date', reason: '2028-01-01 is not in 2027' },
      { field: 'holidays.1.date', reason: '2027-02-30 is not a calendar date' },
      { field: 'makeupWorkdays.0.date', reason: '2027-10-08 is a weekday: a make-up working day is a Saturday or Sunday' },
      { field: 'makeupWorkdays.1.date', reason: '2027-10-01 is already listed in holidays' },
      { field: 'makeupWorkdays.1.date', reason: '2027-10-01 is a weekday: a make-up working day is a Saturday or Sunday' },
    ]);
  });
});
