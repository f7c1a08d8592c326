import { NOTIFIER_SETTINGS_DEFAULTS } from '@app/shared';
import { quietHoursEnd, rateLimitFreeAt, smsHold } from './sms-hold.rules';

const limits = NOTIFIER_SETTINGS_DEFAULTS;
/** Beijing wall time (UTC+8) as an instant. */
const bj = (local: string) => new Date(`${local}+08:00`);

describe('quiet hours (Beijing time)', () => {
  it('defaults: 22:00 to 07:00', () => {
    expect(limits).toMatchObject({ quietHoursStartMinute: 22 * 60, quietHoursEndMinute: 7 * 60 });
  });

  it('a window across midnight holds late evening until tomorrow 07:00, early morning until today 07:00', () => {
    expect(quietHoursEnd(bj('2026-11-02T21:59:59'), 1320, 420)).toBeNull();
    expect(quietHoursEnd(bj('2026-11-02T22:00:00'), 1320, 420)).toEqual(bj('2026-11-03T07:00:00'));
    expect(quietHoursEnd(bj('2026-11-02T23:59:00'), 1320, 420)).toEqual(bj('2026-11-03T07:00:00'));
    expect(quietHoursEnd(bj('2026-11-03T00:00:00'), 1320, 420)).toEqual(bj('2026-11-03T07:00:00'));
    expect(quietHoursEnd(bj('2026-11-03T06:59:00'), 1320, 420)).toEqual(bj('2026-11-03T07:00:00'));
    expect(quietHoursEnd(bj('2026-11-03T07:00:00'), 1320, 420)).toBeNull();
    expect(quietHoursEnd(bj('2026-11-03T12:00:00'), 1320, 420)).toBeNull();
  });

  it('is Beijing time whatever the UTC date: 23:30 Beijing is 15:30 UTC of the same day', () => {
    expect(quietHoursEnd(new Date('2026-12-31T15:30:00Z'), 1320, 420)).toEqual(new Date('2026-12-31T23:00:00Z'));
  });

  it('a window within one day (13:00–14:00), and none when start equals end', () => {
    expect(quietHoursEnd(bj('2026-11-02T13:30:00'), 780, 840)).toEqual(bj('2026-11-02T14:00:00'));
    expect(quietHoursEnd(bj('2026-11-02T14:00:00'), 780, 840)).toBeNull();
    expect(quietHoursEnd(bj('2026-11-02T12:59:00'), 780, 840)).toBeNull();
    expect(quietHoursEnd(bj('2026-11-02T23:00:00'), 600, 600)).toBeNull();
  });
});

describe('SMS rate limit per number', () => {
  const now = new Date('2026-11-02T02:00:00Z');
  const minutesAgo = (...m: number[]) => m.map((x) => new Date(now.getTime() - x * 60_000));

  it('defaults: 5 an hour', () => {
    expect(limits.smsPerRecipientPerHour).toBe(5);
  });

  it('goes now while fewer than the limit went within the hour', () => {
    expect(rateLimitFreeAt(minutesAgo(1, 2, 3, 4), now, 5)).toEqual(now);
    expect(rateLimitFreeAt(minutesAgo(1, 2, 3, 4, 60, 90), now, 5)).toEqual(now);
  });

  it('at the limit, waits until the oldest one within the hour is an hour old', () => {
    expect(rateLimitFreeAt(minutesAgo(50, 1, 2, 3, 4), now, 5)).toEqual(new Date(now.getTime() + 10 * 60_000));
    // Seven within the hour and a limit of 5: three must drop out, the third oldest decides.
    expect(rateLimitFreeAt(minutesAgo(55, 50, 40, 30, 20, 10, 0), now, 5)).toEqual(new Date(now.getTime() + 20 * 60_000));
  });
});

describe('holding a non-urgent SMS', () => {
  const day = bj('2026-11-02T10:00:00');
  const fiveSent = [1, 2, 3, 4, 5].map((m) => new Date(day.getTime() - m * 60_000));

  it('quiet hours first, then the rate limit; urgent messages are never held', () => {
    expect(smsHold({ urgent: false }, [], bj('2026-11-02T23:00:00'), limits)).toEqual({ reason: 'quiet-hours', until: bj('2026-11-03T07:00:00') });
    expect(smsHold({ urgent: true }, fiveSent, bj('2026-11-02T23:00:00'), limits)).toBeNull();
    expect(smsHold({ urgent: false }, fiveSent, day, limits)).toEqual({ reason: 'rate-limit', until: new Date(day.getTime() + 55 * 60_000) });
    expect(smsHold({ urgent: false }, fiveSent.slice(1), day, limits)).toBeNull();
  });
});
