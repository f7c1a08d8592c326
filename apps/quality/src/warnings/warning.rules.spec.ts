import { QUALITY_SETTINGS_DEFAULTS } from '@app/shared';
import { baselineLimit, Watch, watchStep } from './warning.rules';
import { DEFAULT_THRESHOLDS } from './thresholds';

const at = (i: number) => new Date(Date.UTC(2026, 10, 2, 2, 5 * i)).toISOString();

function run(values: number[], watch: Watch = { warningId: null, samples: [] }) {
  const events: string[] = [];
  let n = 0;
  for (const [i, value] of values.entries()) {
    const step = watchStep(watch, { at: at(i), value }, 30, 'above', QUALITY_SETTINGS_DEFAULTS.consecutiveSamples, () => `w${++n}`);
    if (step.raise) events.push(`raise@${i}:${step.raise.length}`);
    if (step.clear) events.push(`clear@${i}:${step.clear.length}`);
    watch = step.watch;
  }
  return { events, watch };
}

describe('fluctuation warnings', () => {
  it('raise after 3 consecutive samples beyond the limit (the default), with them as evidence', () => {
    expect(QUALITY_SETTINGS_DEFAULTS.consecutiveSamples).toBe(3);
    expect(run([31, 40, 35]).events).toEqual(['raise@2:3']);
    expect(run([31, 40]).events).toEqual([]);
  });

  it('a sample within the limit breaks the run; the limit itself is within', () => {
    expect(run([31, 40, 30, 35, 36]).events).toEqual([]);
    expect(run([31, 40, 30, 35, 36, 37]).events).toEqual(['raise@5:3']);
  });

  it('a raised warning stays raised while bad and clears after 3 consecutive samples within the limit', () => {
    expect(run([31, 40, 35, 50, 60, 10, 10, 45, 10, 10, 10]).events).toEqual(['raise@2:3', 'clear@10:3']);
  });

  it('below-limits (optical receive power) are bad under the limit', () => {
    let watch: Watch = { warningId: null, samples: [] };
    const raised: number[] = [];
    for (const [i, value] of [-26, -27, -28].entries()) {
      const step = watchStep(watch, { at: at(i), value }, -25, 'below', 3, () => 'w');
      if (step.raise) raised.push(i);
      watch = step.watch;
    }
    expect(raised).toEqual([2]);
  });

  it('the baseline limit is the 7-day p95 × 1.5 once a day of samples is there (the defaults)', () => {
    expect(QUALITY_SETTINGS_DEFAULTS.baselineDays).toBe(7);
    expect(QUALITY_SETTINGS_DEFAULTS.baselineFactor).toBe(1.5);
    expect(QUALITY_SETTINGS_DEFAULTS.baselineMinSamples).toBe(288);
    expect(baselineLimit(20, 288, QUALITY_SETTINGS_DEFAULTS)).toBe(30);
    expect(baselineLimit(20, 287, QUALITY_SETTINGS_DEFAULTS)).toBeNull();
    expect(baselineLimit(null, 1000, QUALITY_SETTINGS_DEFAULTS)).toBeNull();
  });

  it('every service type and grade has latency, loss and jitter thresholds, stricter for higher grades', () => {
    const latency = (grade: string) => DEFAULT_THRESHOLDS.find((t) => t.serviceType === 'mstp' && t.grade === grade && t.kpi === 'latencyMs')!.limit;
    expect([latency('AAA'), latency('AA'), latency('A'), latency('B')]).toEqual([20, 30, 50, 80]);
    expect(DEFAULT_THRESHOLDS.filter((t) => t.kpi === 'packetLossPct')).toHaveLength(32);
  });
});
