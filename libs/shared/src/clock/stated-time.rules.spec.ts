import { MIN } from './units';
import { statedTime } from './stated-time.rules';

const now = new Date('2026-11-02T02:00:00Z');
const minus = (minutes: number) => new Date(now.getTime() - minutes * MIN);

describe('a stated time (when it happened in the world)', () => {
  const bounds = { now, maxBackdateMinutes: 1440, notBefore: { at: minus(60), what: 'the report' } };

  it('defaults to the recording time', () => {
    expect(statedTime('occurredAt', undefined, bounds)).toEqual(now);
  });

  it('takes a past time within the bounds, to the millisecond', () => {
    expect(statedTime('occurredAt', minus(60).toISOString(), bounds)).toEqual(minus(60));
    expect(statedTime('occurredAt', now.toISOString(), bounds)).toEqual(now);
  });

  it('refuses the future, naming the field', () => {
    expect(() => statedTime('occurredAt', new Date(now.getTime() + 1000).toISOString(), bounds)).toThrow(
      expect.objectContaining({ code: 'STATED_TIME_OUT_OF_RANGE', details: { fields: [{ field: 'occurredAt', reason: expect.stringContaining('future') }] } }),
    );
  });

  it('refuses a time before the record it belongs to', () => {
    expect(() => statedTime('occurredAt', new Date(minus(60).getTime() - 1000).toISOString(), bounds)).toThrow(
      expect.objectContaining({ details: { fields: [{ field: 'occurredAt', reason: expect.stringContaining('before the report') }] } }),
    );
  });

  it('refuses a time further back than maxBackdateMinutes', () => {
    expect(statedTime('reportedAt', minus(1440).toISOString(), { now, maxBackdateMinutes: 1440 })).toEqual(minus(1440));
    expect(() => statedTime('reportedAt', new Date(minus(1440).getTime() - 1000).toISOString(), { now, maxBackdateMinutes: 1440 })).toThrow(
      expect.objectContaining({ details: { fields: [{ field: 'reportedAt', reason: expect.stringContaining('maxBackdateMinutes') }] } }),
    );
  });
});
