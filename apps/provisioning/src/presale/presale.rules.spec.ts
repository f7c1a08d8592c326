import { oneMonthAfter } from './presale.service';

describe('oneMonthAfter', () => {
  it('is the same day next month', () => {
    expect(oneMonthAfter(new Date('2026-11-22T02:00:00Z')).toISOString()).toBe('2026-12-22T02:00:00.000Z');
  });

  it('ends at the end of a shorter month', () => {
    expect(oneMonthAfter(new Date('2027-01-31T02:00:00Z')).toISOString()).toBe('2027-02-28T02:00:00.000Z');
  });
});
