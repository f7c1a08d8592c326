import { clockVerdict } from './clock-verdict.rules';

const MIN = 60_000;
const at = (hhmm: string) => new Date(`2026-11-02T${hhmm}:00Z`);

describe('the verdict of a stopped clock', () => {
  const base = { limitMs: 60 * MIN, runningMs: 40 * MIN, pausedMs: 30 * MIN, breachedAt: null, stoppedAt: at('03:00') };

  it('counts non-exempt pauses against the limit', () => {
    expect(clockVerdict({ ...base, exemptPauses: false })).toEqual({ met: false, countedMs: 70 * MIN, exemptMs: 0, overByMs: 10 * MIN, breachDisregarded: false });
  });

  it('leaves exempt pauses out', () => {
    expect(clockVerdict({ ...base, exemptPauses: true })).toEqual({ met: true, countedMs: 40 * MIN, exemptMs: 30 * MIN, overByMs: 0, breachDisregarded: false });
  });

  it('is met at exactly the limit and not one millisecond over', () => {
    expect(clockVerdict({ ...base, runningMs: 60 * MIN, pausedMs: 0, exemptPauses: false }).met).toBe(true);
    expect(clockVerdict({ ...base, runningMs: 60 * MIN + 1, pausedMs: 0, exemptPauses: false })).toMatchObject({ met: false, overByMs: 1 });
  });

  it('a breach that fired before the stop makes it unmet', () => {
    expect(clockVerdict({ ...base, runningMs: 61 * MIN, pausedMs: 0, exemptPauses: true, breachedAt: at('02:00') })).toMatchObject({ met: false, breachDisregarded: false });
  });

  it('a breach recorded at or after the stated stop instant does not count', () => {
    const v = clockVerdict({ ...base, runningMs: 50 * MIN, pausedMs: 0, exemptPauses: false, breachedAt: at('03:00'), stoppedAt: at('03:00') });
    expect(v).toMatchObject({ met: true, breachDisregarded: true });
    expect(clockVerdict({ ...base, runningMs: 50 * MIN, pausedMs: 0, exemptPauses: false, breachedAt: at('03:10') }).breachDisregarded).toBe(true);
  });
});
