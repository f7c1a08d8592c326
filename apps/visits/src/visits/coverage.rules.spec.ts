import { visitEveryMonths, VISITS_SETTINGS_DEFAULTS } from '@app/shared';
import { addMonths, assertPeriod, isOverdueForVisit, monthsIn, tierCoverage, visitDueDate } from './coverage.rules';

describe('visit frequency and coverage', () => {
  it('takes each tier its frequency from the settings', () => {
    expect((['diamond', 'gold', 'silver', 'standard'] as const).map((t) => visitEveryMonths(t, VISITS_SETTINGS_DEFAULTS))).toEqual([1, 3, 6, 12]);
    expect(visitEveryMonths('gold', { ...VISITS_SETTINGS_DEFAULTS, visitEveryMonthsGold: 2 })).toBe(2);
  });

  it('adds months on the same day of the month, the month end when it has no such day', () => {
    expect(addMonths('2026-08-01', 3)).toBe('2026-11-01');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-12-15', -3)).toBe('2026-09-15');
  });

  it('a gold customer visited on 1 August is due on 1 November and overdue from 2 November', () => {
    expect(visitDueDate('2026-08-01', 3)).toBe('2026-11-01');
    expect(isOverdueForVisit('2026-08-01', 3, '2026-11-01')).toBe(false);
    expect(isOverdueForVisit('2026-08-01', 3, '2026-11-02')).toBe(true);
    expect(isOverdueForVisit('2026-08-01', 2, '2026-10-02')).toBe(true);
  });

  it('counts the months of a period and the coverage of a tier', () => {
    expect(monthsIn('2026-01-01', '2026-12-31')).toBe(12);
    expect(monthsIn('2026-10-01', '2026-12-31')).toBe(3);
    expect(monthsIn('2026-11-01', '2026-11-15')).toBe(0.5);
    expect(tierCoverage(3, 1, 3, 3)).toEqual({ percentage: 33.33, expectedVisits: 3 });
    expect(tierCoverage(0, 0, 1, 1)).toEqual({ percentage: 0, expectedVisits: 0 });
    expect(tierCoverage(4, 1, 12, 1)).toEqual({ percentage: 25, expectedVisits: 0.33 });
  });

  it('refuses a period that ends before it starts', () => {
    expect(() => assertPeriod('2026-12-01', '2026-11-30')).toThrow(expect.objectContaining({ code: 'PERIOD_INVALID' }));
    expect(() => assertPeriod('2026-12-01', '2026-12-01')).not.toThrow();
  });
});
