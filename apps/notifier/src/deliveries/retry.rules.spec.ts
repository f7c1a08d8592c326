import { NOTIFIER_SETTINGS_DEFAULTS } from '@app/shared';
import { afterFailedAttempt, retryDelaySeconds } from './retry.rules';

const limits = NOTIFIER_SETTINGS_DEFAULTS;
const now = new Date('2026-11-02T02:00:00Z');

describe('retry back-off', () => {
  it('defaults: 5 attempts, the first retry after 30 s, none waits over an hour', () => {
    expect(limits).toMatchObject({ maxAttempts: 5, retryBaseSeconds: 30, retryMaxSeconds: 3600 });
  });

  it('doubles the wait per failed attempt from the base, up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((a) => retryDelaySeconds(a, limits))).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600]);
    expect(retryDelaySeconds(200, limits)).toBe(3600);
    expect(retryDelaySeconds(3, { retryBaseSeconds: 10, retryMaxSeconds: 25 })).toBe(25);
  });

  it('a retryable failure waits the back-off; the last allowed attempt makes a dead letter', () => {
    expect(afterFailedAttempt(0, true, now, limits)).toEqual({ status: 'pending', attempts: 1, nextAttemptAt: new Date('2026-11-02T02:00:30Z') });
    expect(afterFailedAttempt(3, true, now, limits)).toEqual({ status: 'pending', attempts: 4, nextAttemptAt: new Date('2026-11-02T02:04:00Z') });
    expect(afterFailedAttempt(4, true, now, limits)).toEqual({ status: 'dead', attempts: 5 });
  });

  it('a permanent failure makes a dead letter at once', () => {
    expect(afterFailedAttempt(0, false, now, limits)).toEqual({ status: 'dead', attempts: 1 });
  });
});
