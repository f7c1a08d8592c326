import { QUALITY_SETTINGS_DEFAULTS } from '@app/shared';
import { parseSample, partitionDaysNeeded, partitionName, partitionsToDrop, rollupCutoffs, sampleSource } from './sample.rules';

const now = new Date('2026-11-02T02:00:00Z');
const limits = { now, rawRetentionDays: QUALITY_SETTINGS_DEFAULTS.rawRetentionDays, futureToleranceSeconds: QUALITY_SETTINGS_DEFAULTS.futureToleranceSeconds };

describe('samples', () => {
  it('takes a sample with a time and at least one KPI in range', () => {
    expect(parseSample({ circuitCode: 'C-1', at: '2026-11-02T01:55:00Z', latencyMs: 12, opticalRxDbm: -14 }, limits)).toEqual({
      circuitCode: 'C-1',
      at: new Date('2026-11-02T01:55:00Z'),
      values: { latencyMs: 12, opticalRxDbm: -14 },
    });
  });

  it.each([
    [{ at: '2026-11-02T01:55:00Z', latencyMs: 1 }, 'circuitCode must be a circuit code (1-60 characters)'],
    [{ circuitCode: 'C', at: '2026-11-02', latencyMs: 1 }, 'at must be an ISO 8601 date-time with a time zone'],
    [{ circuitCode: 'C', at: '2026-11-02T01:55:00Z' }, 'a sample needs at least one KPI'],
    [{ circuitCode: 'C', at: '2026-11-02T01:55:00Z', packetLossPct: 101 }, 'packetLossPct must be a number from 0 to 100'],
    [{ circuitCode: 'C', at: '2026-11-02T01:55:00Z', latencyMs: '5' }, 'latencyMs must be a number from 0 to 60000'],
    [{ circuitCode: 'C', at: '2026-11-02T01:55:00Z', erroredSeconds: 301 }, 'erroredSeconds must be a number from 0 to 300'],
    [{ circuitCode: 'C', at: '2026-11-02T01:55:00Z', erroredSeconds: 1, severelyErroredSeconds: 2 }, 'severelyErroredSeconds cannot exceed erroredSeconds'],
    [{ circuitCode: 'C', at: '2026-11-02T01:55:00Z', temperature: 2 }, 'temperature is not a KPI (utilInPct, utilOutPct, packetLossPct, latencyMs, jitterMs, erroredSeconds, severelyErroredSeconds, opticalRxDbm)'],
    [null, 'a sample must be an object'],
  ])('refuses %j: %s', (raw, reason) => {
    expect(parseSample(raw, limits)).toEqual({ reason });
  });

  it('refuses a sample more than 300 s ahead of now, or older than the 7-day raw retention (the defaults)', () => {
    expect(QUALITY_SETTINGS_DEFAULTS.futureToleranceSeconds).toBe(300);
    expect(QUALITY_SETTINGS_DEFAULTS.rawRetentionDays).toBe(7);
    expect(parseSample({ circuitCode: 'C', at: '2026-11-02T02:05:00Z', latencyMs: 1 }, limits)).not.toHaveProperty('reason');
    expect(parseSample({ circuitCode: 'C', at: '2026-11-02T02:05:01Z', latencyMs: 1 }, limits)).toEqual({ reason: 'at is more than 300 s in the future' });
    expect(parseSample({ circuitCode: 'C', at: '2026-10-26T02:00:00Z', latencyMs: 1 }, limits)).not.toHaveProperty('reason');
    expect(parseSample({ circuitCode: 'C', at: '2026-10-26T01:59:59Z', latencyMs: 1 }, limits)).toEqual({ reason: 'at is older than the raw retention (7 days)' });
  });
});

describe('retention', () => {
  it('keeps daily partitions from 7 days back to 3 days ahead (the defaults)', () => {
    expect(QUALITY_SETTINGS_DEFAULTS.partitionsAheadDays).toBe(3);
    const days = partitionDaysNeeded(now, 7, 3).map(partitionName);
    expect(days[0]).toBe('sample_p20261026');
    expect(days.at(-1)).toBe('sample_p20261105');
    expect(days).toHaveLength(11);
  });

  it('drops a partition once all of its day is older than the raw retention', () => {
    const existing = ['2026-10-25', '2026-10-26', '2026-11-02'].map((d) => new Date(`${d}T00:00:00Z`));
    expect(partitionsToDrop(existing, now, 7).map(partitionName)).toEqual(['sample_p20261025']);
    expect(partitionsToDrop(existing, new Date('2026-11-03T00:00:00Z'), 7).map(partitionName)).toEqual(['sample_p20261025', 'sample_p20261026']);
  });

  it('deletes 15-minute buckets after 90 days and hourly ones after 2 years (the defaults)', () => {
    expect(rollupCutoffs(now, QUALITY_SETTINGS_DEFAULTS)).toEqual({ quarterHour: new Date('2026-08-04T02:00:00Z'), hourly: new Date('2024-11-02T02:00:00Z') });
  });
});

describe('the source of a batch over HTTP', () => {
  const feed = { username: 'feed-Ab3_x', roles: ['feed_client' as const] };
  const noc = { username: 'zhang', roles: ['noc' as const] };
  it('is the feed client itself, whatever else its body names; staff name it', () => {
    expect(sampleSource(undefined, feed)).toBe('feed-Ab3_x');
    expect(sampleSource('feed-Ab3_x', feed)).toBe('feed-Ab3_x');
    expect(() => sampleSource('nms-east', feed)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'source', reason: expect.stringContaining('sends as itself') }] } }));
    expect(sampleSource('nms-east', noc)).toBe('nms-east');
    expect(sampleSource(null, feed)).toBe('feed-Ab3_x');
    expect(() => sampleSource(null, noc)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => sampleSource(undefined, noc)).toThrow(expect.objectContaining({ details: { fields: [{ field: 'source', reason: expect.stringContaining('required') }] } }));
  });
});
