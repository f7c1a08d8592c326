import { warningFaultAt, warningSymptom } from './quality-warning.rules';

describe('proactive tickets from quality warnings', () => {
  const samples = [
    { at: '2026-11-02T01:50:00.000Z', value: 45 },
    { at: '2026-11-02T01:55:00.000Z', value: 50 },
    { at: '2026-11-02T02:00:00.000Z', value: 60 },
  ];

  it('says which KPI crossed which limit, with the samples', () => {
    expect(warningSymptom({ kpi: 'latencyMs', rule: 'threshold', limit: 30, bad: 'above', samples })).toBe(
      '质量监测预警 (quality warning): latencyMs above the threshold 30 in 3 consecutive samples (45, 50, 60)',
    );
    expect(warningSymptom({ kpi: 'latencyMs', rule: 'baseline', limit: 18.0000001, bad: 'above', samples })).toContain('its own 7-day baseline limit 18');
  });

  it('dates the fault from the first sample of the run, never after now', () => {
    const raisedAt = '2026-11-02T02:00:00.000Z';
    expect(warningFaultAt({ samples, raisedAt }, new Date('2026-11-02T02:01:00Z'))).toEqual(new Date('2026-11-02T01:50:00Z'));
    expect(warningFaultAt({ samples, raisedAt }, new Date('2026-11-02T01:40:00Z'))).toEqual(new Date('2026-11-02T01:40:00Z'));
  });
});
