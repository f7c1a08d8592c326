import { assertGuarantee, assertPeriod, canGuarantee, isReady, readiness, startsActive } from './guarantee.rules';

const at = (iso: string) => new Date(iso);

describe('important-period guarantees (§3, cases 36–40)', () => {
  it('are planned, then active during the period, then ended; cancelled only before they end', () => {
    expect(canGuarantee('activate', 'planned')).toBe(true);
    expect(canGuarantee('activate', 'active')).toBe(false);
    expect(canGuarantee('end', 'active')).toBe(true);
    expect(canGuarantee('end', 'planned')).toBe(false);
    expect(canGuarantee('cancel', 'active')).toBe(true);
    expect(() => assertGuarantee('cancel', 'ended')).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    expect(() => assertGuarantee('check', 'cancelled')).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });

  it('need a period that ends after it starts and is not over', () => {
    const now = at('2026-11-02T02:00:00Z');
    expect(() => assertPeriod(at('2026-11-03T00:00:00Z'), at('2026-11-04T00:00:00Z'), now)).not.toThrow();
    expect(() => assertPeriod(at('2026-11-03T00:00:00Z'), at('2026-11-03T00:00:00Z'), now)).toThrow(
      expect.objectContaining({ code: 'PERIOD_INVALID', details: { fields: [{ field: 'endsAt', reason: 'must be after startsAt' }] } }),
    );
    expect(() => assertPeriod(at('2026-11-01T00:00:00Z'), at('2026-11-02T02:00:00Z'), now)).toThrow(expect.objectContaining({ code: 'PERIOD_INVALID' }));
    // A period already running is accepted, and starts active.
    expect(() => assertPeriod(at('2026-11-01T00:00:00Z'), at('2026-11-02T02:00:01Z'), now)).not.toThrow();
    expect(startsActive(at('2026-11-02T02:00:00Z'), now)).toBe(true);
    expect(startsActive(at('2026-11-02T02:00:01Z'), now)).toBe(false);
  });

  it('are ready when a pre-check and a joint test passed, each counted by its latest result', () => {
    const pre = { kind: 'pre-check' as const, title: '电路巡检', outcome: 'pass' as const, performedAt: at('2026-11-02T01:00:00Z') };
    const failed = { kind: 'joint-test' as const, title: '视频会议联调', outcome: 'fail' as const, performedAt: at('2026-11-02T02:00:00Z') };
    expect(readiness([pre, failed])).toEqual({ preCheckPassed: true, jointTestPassed: false, failing: ['视频会议联调'] });
    expect(isReady([pre, failed])).toBe(false);
    const passedAgain = { ...failed, outcome: 'pass' as const, performedAt: at('2026-11-02T03:00:00Z') };
    expect(readiness([passedAgain, pre, failed])).toEqual({ preCheckPassed: true, jointTestPassed: true, failing: [] });
    expect(isReady([pre, failed, passedAgain])).toBe(true);
    expect(isReady([])).toBe(false);
  });
});
