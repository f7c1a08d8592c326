import { addCalendarMonths } from './months';

describe('addCalendarMonths', () => {
  it('keeps the day and the time of day', () => {
    expect(addCalendarMonths(new Date('2026-11-22T02:00:00Z'), 2).toISOString()).toBe('2027-01-22T02:00:00.000Z');
  });

  it('ends at the last day of a shorter month', () => {
    expect(addCalendarMonths(new Date('2027-01-31T02:00:00Z'), 1).toISOString()).toBe('2027-02-28T02:00:00.000Z');
    expect(addCalendarMonths(new Date('2028-01-31T00:00:00Z'), 1).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(addCalendarMonths(new Date('2026-08-31T00:00:00Z'), 3).toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });
});
