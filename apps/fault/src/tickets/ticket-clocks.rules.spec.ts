import { FAULT_SETTINGS_DEFAULTS, MIN } from '@app/shared';
import { ClockContext, clockPlan } from './ticket-clocks.rules';

const ctx = (over: Partial<ClockContext> = {}): ClockContext => ({
  limits: FAULT_SETTINGS_DEFAULTS,
  tier: 'gold',
  serviceType: 'mstp',
  resolutionLimitMinutes: 360,
  jointHandling: false,
  suspended: false,
  ...over,
});

const starts = (action: Parameters<typeof clockPlan>[0], c = ctx()) =>
  clockPlan(action, c).start.map((s) => ({ kind: s.kind, minutes: s.limitMs / MIN, from: s.from, ...(s.warnBeforeMs ? { warn: s.warnBeforeMs.map((w) => w / MIN) } : {}) }));

describe('the clock table of §1', () => {
  it('starts every intake clock from the report, on-site from the fault (important customers only)', () => {
    expect(starts('intake')).toEqual([
      { kind: 'dispatch', minutes: 5, from: 'reported', warn: [1] },
      { kind: 'first-feedback', minutes: 30, from: 'reported', warn: [5] },
      { kind: 'resolution', minutes: 360, from: 'reported', warn: [30] },
      { kind: 'joint-handling', minutes: 60, from: 'reported' },
      { kind: 'on-site', minutes: 120, from: 'fault' },
    ]);
    expect(starts('intake', ctx({ tier: 'silver' })).map((s) => [s.kind, s.minutes])).toEqual([
      ['dispatch', 5],
      ['first-feedback', 30],
      ['resolution', 360],
      ['joint-handling', 180],
    ]);
  });

  it('gives each leg 5 min to accept, then progress every 30 min (60 for voice) and a 5-minute answer', () => {
    expect(starts('dispatch')).toEqual([{ kind: 'accept', minutes: 5, from: 'now', warn: [1] }]);
    expect(starts('accept')).toEqual([{ kind: 'progress', minutes: 30, from: 'now', warn: [5] }]);
    expect(starts('accept', ctx({ serviceType: 'voice' }))).toEqual([{ kind: 'progress', minutes: 60, from: 'now', warn: [5] }]);
    expect(starts('progress')).toEqual([
      { kind: 'progress', minutes: 30, from: 'now', warn: [5] },
      { kind: 'answer', minutes: 5, from: 'now' },
    ]);
    expect(clockPlan('progress', ctx()).start[1].unlessRunning).toBe(true);
    expect(clockPlan('progress', ctx({ suspended: true })).pause).toEqual([{ subject: 'leg', kinds: ['progress'] }]);
  });

  it('re-arms feedback every 2 h, and the hourly broadcast after each broadcast and after a missed one', () => {
    expect(starts('feedback')).toEqual([{ kind: 'feedback', minutes: 120, from: 'now', warn: [15] }]);
    expect(clockPlan('feedback', ctx()).stop[0].kinds).toEqual(['first-feedback', 'feedback']);
    expect(starts('answer')).toEqual([]);
    expect(starts('answer', ctx({ jointHandling: true }))).toEqual([{ kind: 'broadcast', minutes: 60, from: 'now' }]);
    expect(starts('joint-handling')).toEqual([{ kind: 'broadcast', minutes: 60, from: 'previousDue' }]);
    expect(starts('broadcast-missed')).toEqual([{ kind: 'broadcast', minutes: 60, from: 'previousDue' }]);
  });

  it('pauses the resolution duties while suspended, and stops the resolution clock at the stated restore time', () => {
    expect(clockPlan('suspend', ctx()).pause[0].kinds).toEqual(['resolution', 'joint-handling', 'on-site', 'broadcast']);
    const restore = clockPlan('restore', ctx()).stop[0];
    expect(restore).toEqual({ subject: 'ticket', kinds: ['resolution'], exemptPauses: false, final: false, atOccurred: true });
    expect(clockPlan('close', ctx({ customerSideCause: true })).decide).toEqual({ kind: 'resolution', exemptPauses: true });
    expect(clockPlan('close', ctx({ customerSideCause: false })).decide).toEqual({ kind: 'resolution', exemptPauses: false });
  });

  it('runs no clock for the actions only recorded', () => {
    for (const action of ['province-escalation', 'request-suspension', 'repair', 'escalate'] as const) {
      expect(clockPlan(action, ctx())).toEqual({ stop: [], pause: [], resume: [], start: [] });
    }
  });

  it('takes every limit from the settings in force', () => {
    const limits = { ...FAULT_SETTINGS_DEFAULTS, firstFeedbackMinutes: 20, progressEveryMinutes: 25, broadcastEveryMinutes: 45 };
    expect(starts('intake', ctx({ limits })).find((s) => s.kind === 'first-feedback')!.minutes).toBe(20);
    expect(starts('accept', ctx({ limits }))[0].minutes).toBe(25);
    expect(starts('joint-handling', ctx({ limits }))[0].minutes).toBe(45);
  });

  it('takes the warning leads of dispatch, accept and progress from the settings; a lead of 0 warns not at all', () => {
    const limits = { ...FAULT_SETTINGS_DEFAULTS, dispatchWarnMinutes: 2, acceptWarnMinutes: 3, progressWarnMinutes: 10 };
    expect(starts('intake', ctx({ limits })).find((s) => s.kind === 'dispatch')!.warn).toEqual([2]);
    expect(starts('dispatch', ctx({ limits }))[0].warn).toEqual([3]);
    expect(starts('accept', ctx({ limits }))[0].warn).toEqual([10]);
    expect(starts('progress', ctx({ limits }))[0].warn).toEqual([10]);
    const none = { ...FAULT_SETTINGS_DEFAULTS, dispatchWarnMinutes: 0, acceptWarnMinutes: 0, progressWarnMinutes: 0, firstFeedbackWarnMinutes: 0 };
    expect(starts('intake', ctx({ limits: none })).filter((s) => s.warn).map((s) => s.kind)).toEqual(['resolution']);
    expect(starts('dispatch', ctx({ limits: none }))[0]).not.toHaveProperty('warn');
    expect(starts('accept', ctx({ limits: none }))[0]).not.toHaveProperty('warn');
  });
});
