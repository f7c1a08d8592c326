import { clockState, ClockRow, formatLeft, warnLeadMs } from './clock.rules';

const MIN = 60_000;
const at = Date.parse('2026-11-02T02:00:00Z');
const clock = (over: Partial<ClockRow> = {}): ClockRow => ({
  id: 'c',
  subjectType: 'ticket',
  subjectId: 't',
  kind: 'resolution',
  limitMs: 240 * MIN,
  status: 'running',
  startedAt: new Date(at).toISOString(),
  dueAt: new Date(at + 240 * MIN).toISOString(),
  breachedAt: null,
  ...over,
});

describe('console clock colours', () => {
  it('takes the warning lead of the fault settings for its kind, else a fifth of the limit', () => {
    expect(warnLeadMs(clock(), { resolutionWarnMinutes: 30 })).toBe(30 * MIN);
    expect(warnLeadMs(clock({ kind: 'first-feedback' }), { firstFeedbackWarnMinutes: 5 })).toBe(5 * MIN);
    expect(warnLeadMs(clock({ kind: 'dispatch', limitMs: 5 * MIN }), { resolutionWarnMinutes: 30 })).toBe(MIN);
  });

  it('is green before the lead, amber inside it, red past due or once the breach fired', () => {
    const lead = 30 * MIN;
    expect(clockState(clock(), at + 209 * MIN, lead)).toBe('ok');
    expect(clockState(clock(), at + 211 * MIN, lead)).toBe('warn');
    expect(clockState(clock(), at + 241 * MIN, lead)).toBe('breached');
    expect(clockState(clock({ breachedAt: new Date(at).toISOString() }), at, lead)).toBe('breached');
    expect(clockState(clock(), at, lead, true)).toBe('warn');
    expect(clockState(clock({ status: 'paused' }), at, lead)).toBe('paused');
  });

  it("turns amber at the server's warnAt rather than at the lead it would guess", () => {
    const accept = clock({ kind: 'accept', limitMs: 5 * MIN, dueAt: new Date(at + 5 * MIN).toISOString(), warnAt: new Date(at + 3 * MIN).toISOString() });
    expect(clockState(accept, at + 3 * MIN - 1000, MIN)).toBe('ok');
    expect(clockState(accept, at + 3 * MIN, MIN)).toBe('warn');
    expect(clockState({ ...accept, warnAt: null }, at + 3 * MIN, MIN)).toBe('ok');
  });

  it('counts down in minutes and seconds, then hours, overdue with a minus', () => {
    expect(formatLeft(5 * MIN - 1000, 'zh')).toBe('04:59');
    expect(formatLeft(-65_000, 'en')).toBe('-01:05');
    expect(formatLeft(3 * 60 * MIN + 5 * MIN, 'zh')).toBe('3小时05分');
    expect(formatLeft(3 * 60 * MIN + 5 * MIN, 'en')).toBe('3h 05m');
  });
});
