import { assertGrouping, complaintStepOf, deliveredOnTime, faultClockOf, groupKey, groupRows, monthsOf, percentage, periodOf, restoreMinutes, satisfaction, sortedGroups } from './statistics.rules';

const dims = { customerId: 'c1', customerName: '某银行', industry: 'finance', tier: 'gold', region: null, serviceType: 'mstp', month: '2026-11' };

describe('statistics rules', () => {
  it('rates as percentages with two decimals, null for nothing to rate', () => {
    expect(percentage(2, 3)).toBe(66.67);
    expect(percentage(1, 3)).toBe(33.33);
    expect(percentage(3, 3)).toBe(100);
    expect(percentage(0, 0)).toBeNull();
  });

  it('is on time up to the due instant (close of business of the required date) and late a millisecond after', () => {
    const due = new Date('2026-12-31T09:00:00Z');
    expect(deliveredOnTime(due, due)).toBe(true);
    expect(deliveredOnTime(new Date(due.getTime() + 1), due)).toBe(false);
  });

  it('takes the period as Beijing dates, both included, by default the month so far', () => {
    const p = periodOf({ from: '2026-11-01', to: '2026-11-30' }, new Date());
    expect(p.start.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    // 2026-11-30T16:30Z is already 1 December in Beijing.
    expect(periodOf({}, new Date('2026-11-30T16:30:00Z'))).toMatchObject({ from: '2026-12-01', to: '2026-12-01' });
    expect(() => periodOf({ from: '2026-12-01', to: '2026-11-30' }, new Date())).toThrow(expect.objectContaining({ code: 'PERIOD_INVALID' }));
    expect(() => periodOf({ from: '2016-01-01', to: '2026-12-31' }, new Date())).not.toThrow();
    expect(() => periodOf({ from: '2015-12-31', to: '2026-01-01' }, new Date())).toThrow(expect.objectContaining({ code: 'PERIOD_INVALID' }));
  });

  it('lists the Beijing months of a period across a year end', () => {
    expect(monthsOf({ from: '2026-11-15', to: '2027-01-02' })).toEqual(['2026-11', '2026-12', '2027-01']);
  });

  it('groups by each dimension, unknown where not learned', () => {
    expect(groupKey(dims, 'customer')).toBe('c1');
    expect(groupKey(dims, 'tier')).toBe('gold');
    expect(groupKey(dims, 'region')).toBe('unknown');
    expect(groupKey(dims, 'month')).toBe('2026-11');
    const groups = groupRows([{ ...dims, n: 2 }, { ...dims, n: 3 }], 'customer', () => ({ n: 0 }), (s, r) => (s.n += r.n));
    expect([...groups]).toEqual([['c1', { label: '某银行', sum: { n: 5 } }]]);
  });

  it('groups and filters by service type for provisioning and faults only', () => {
    expect(() => assertGrouping('provisioning', { groupBy: 'serviceType' })).not.toThrow();
    expect(() => assertGrouping('faults', { groupBy: 'serviceType', serviceType: 'mstp' })).not.toThrow();
    expect(() => assertGrouping('visits', { groupBy: 'serviceType' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => assertGrouping('complaints', { serviceType: 'mstp' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('sorts by group only', () => {
    const items = [{ group: 'b' }, { group: 'a' }];
    expect(sortedGroups(items, undefined)).toEqual([{ group: 'a' }, { group: 'b' }]);
    expect(sortedGroups(items, '-group')).toEqual([{ group: 'b' }, { group: 'a' }]);
    expect(() => sortedGroups(items, 'delivered')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('knows the complaint step a fault clock times', () => {
    expect(complaintStepOf('complaint-sorting')).toBe('sorting');
    expect(complaintStepOf('complaint-plan')).toBe('plan');
    expect(complaintStepOf('dispatch')).toBeNull();
  });

  it('knows the fault clocks it rates, by the kinds the fault service gives them', () => {
    expect(faultClockOf('first-feedback')).toBe('firstFeedback');
    expect(faultClockOf('joint-handling')).toBe('jointHandling');
    expect(faultClockOf('accept')).toBe('accept');
    expect(faultClockOf('complaint-sorting')).toBeNull();
  });

  it('gives restore times in minutes with two decimals: mean, median, p90 by nearest rank, worst', () => {
    const min = 60_000;
    expect(restoreMinutes([])).toEqual({ mean: null, median: null, p90: null, worst: null });
    expect(restoreMinutes([45 * min])).toEqual({ mean: 45, median: 45, p90: 45, worst: 45 });
    // Even count: the median is the mean of the two middle values; order of arrival does not matter.
    expect(restoreMinutes([90 * min, 30 * min, 60 * min, 20 * min])).toEqual({ mean: 50, median: 45, p90: 90, worst: 90 });
    expect(restoreMinutes([10_000, 20_000, 20_000])).toEqual({ mean: 0.28, median: 0.33, p90: 0.33, worst: 0.33 });
    const tenths = Array.from({ length: 10 }, (_, i) => (i + 1) * min);
    expect(restoreMinutes(tenths)).toMatchObject({ median: 5.5, p90: 9, worst: 10 });
  });
});

describe('satisfaction', () => {
  it('rates the tickets closed: share of those closed, mean of two decimals, the distribution', () => {
    expect(satisfaction(4, [0, 1, 0, 1, 1])).toEqual({ rated: 3, ratedShare: 75, averageScore: 3.67, distribution: { '1': 0, '2': 1, '3': 0, '4': 1, '5': 1 } });
    expect(satisfaction(2, [0, 0, 0, 0, 0])).toEqual({ rated: 0, ratedShare: 0, averageScore: null, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } });
    expect(satisfaction(0, [0, 0, 0, 0, 0]).ratedShare).toBeNull();
  });
});
