import { QUALITY_SETTINGS_DEFAULTS } from '@app/shared';
import { availabilityPct, periodProblem } from './statistics.rules';

describe('quality statistics', () => {
  it('availability is the share of measured seconds that were not severely errored', () => {
    expect(availabilityPct(0, 12)).toBe(100);
    // 12 samples = 3,600 s; 36 SES = 1 %.
    expect(availabilityPct(36, 12)).toBe(99);
    expect(availabilityPct(300, 1)).toBe(0);
    expect(availabilityPct(0, 0)).toBeUndefined();
  });

  it('a period runs forward and is at most 366 days (the default of statisticsMaxDays)', () => {
    expect(QUALITY_SETTINGS_DEFAULTS.statisticsMaxDays).toBe(366);
    const from = new Date('2026-01-01T00:00:00Z');
    expect(periodProblem(from, new Date('2027-01-02T00:00:00Z'), QUALITY_SETTINGS_DEFAULTS.statisticsMaxDays)).toBeUndefined();
    expect(periodProblem(from, new Date('2027-01-02T00:00:01Z'), QUALITY_SETTINGS_DEFAULTS.statisticsMaxDays)).toEqual({ field: 'to', reason: 'the period is at most 366 days (setting statisticsMaxDays)' });
    expect(periodProblem(from, from, 366)).toEqual({ field: 'from', reason: 'must be before to' });
  });
});
