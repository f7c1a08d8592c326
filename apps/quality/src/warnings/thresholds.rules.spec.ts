import { changeOf, defaultBad, thresholdProblems } from './thresholds.rules';

describe('threshold changes', () => {
  it('keep each limit within the range its KPI’s samples may have', () => {
    expect(thresholdProblems([{ serviceType: 'mstp', grade: 'AA', kpi: 'latencyMs', limit: 25 }])).toEqual([]);
    expect(thresholdProblems([{ serviceType: 'mstp', grade: 'AA', kpi: 'packetLossPct', limit: 101 }])).toEqual([{ field: 'thresholds.0.limit', reason: 'a packetLossPct limit must be from 0 to 100' }]);
    expect(thresholdProblems([{ serviceType: 'sdh', grade: 'B', kpi: 'opticalRxDbm', limit: -61 }])).toEqual([{ field: 'thresholds.0.limit', reason: 'a opticalRxDbm limit must be from -60 to 20' }]);
  });

  it('change each service type, grade and KPI once', () => {
    const t = { serviceType: 'idc', grade: 'A', kpi: 'jitterMs', limit: 5 } as const;
    expect(thresholdProblems([t, { ...t, grade: 'B' }, t])).toEqual([{ field: 'thresholds.2', reason: 'idc/A/jitterMs is changed twice' }]);
  });

  it('too little receive power is bad, too much of the others', () => {
    expect(defaultBad('opticalRxDbm')).toBe('below');
    expect(defaultBad('latencyMs')).toBe('above');
  });

  it('say what a version did to a threshold: set, changed or removed, and nothing when the limit stays', () => {
    const key = { serviceType: 'mstp', grade: 'AA', kpi: 'latencyMs' } as const;
    const a = { limit: 30, bad: 'above' } as const;
    expect(changeOf(key, null, a)).toEqual({ ...key, action: 'set', to: a });
    expect(changeOf(key, a, { limit: 25, bad: 'above' })).toEqual({ ...key, action: 'changed', from: a, to: { limit: 25, bad: 'above' } });
    expect(changeOf(key, a, { limit: 30, bad: 'below' })).toMatchObject({ action: 'changed' });
    expect(changeOf(key, a, null)).toEqual({ ...key, action: 'removed', from: a });
    expect(changeOf(key, a, { ...a })).toBeNull();
  });
});
