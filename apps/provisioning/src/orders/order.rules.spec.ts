import { AppError, PROVISIONING_SETTINGS_DEFAULTS, publishedYears, WorkingCalendar } from '@app/shared';
import {
  assertExtensionAllowed,
  assertLeadingBureauOpen,
  assertPlanSegments,
  assertReportingBureau,
  clockChanges,
  CLOCK,
  completedLate,
  handoverEffect,
  isTimelyWarning,
  missedDateIsViolation,
  needsExistingCircuit,
  nextStep,
  OrderFacts,
  requiredTest,
  timelyWarningBy,
  warningPoolEntry,
} from './order.rules';

const bj = (local: string) => new Date(`${local}+08:00`);
const limits = PROVISIONING_SETTINGS_DEFAULTS;
const calendar = new WorkingCalendar(publishedYears());
const facts = (over: Partial<OrderFacts> = {}): OrderFacts => ({
  requiredBy: '2026-12-18',
  urgent: false,
  progressReportsRequired: true,
  crossDomain: true,
  reportEveryHours: null,
  segments: [],
  ...over,
});

describe('order rules (§2)', () => {
  it('takes the seven steps strictly in order', () => {
    expect(nextStep('approve', 'review')).toBe('survey');
    expect(nextStep('return', 'review')).toBe('returned');
    expect(nextStep('whole-route', 'testing')).toBe('completion');
    expect(() => nextStep('plan', 'review')).toThrow(expect.objectContaining({ code: 'STEP_OUT_OF_ORDER' }));
    expect(() => nextStep('survey', 'plan')).toThrow('The order is at step plan; survey belongs to step survey');
    expect(() => nextStep('approve', 'returned')).toThrow(expect.objectContaining({ code: 'STEP_OUT_OF_ORDER' }));
  });

  it('refuses a handover before the whole-route completion with its own code', () => {
    expect(() => nextStep('handover', 'testing')).toThrow(expect.objectContaining({ code: 'WHOLE_ROUTE_NOT_COMPLETED' }));
    expect(() => nextStep('handover', 'completion')).toThrow(expect.objectContaining({ code: 'STEP_OUT_OF_ORDER' }));
    expect(nextStep('handover', 'handover')).toBe('done');
  });

  it('needs an end-to-end test for A-end circuits, MSTP, other carriers and when asked; otherwise seamless', () => {
    const base = { aEndCircuit: false, serviceType: 'ethernet' as const, toAnotherCarrier: false, endToEndRequested: false };
    expect(requiredTest(base)).toBe('seamless');
    expect(requiredTest({ ...base, aEndCircuit: true })).toBe('end_to_end');
    expect(requiredTest({ ...base, serviceType: 'mstp' })).toBe('end_to_end');
    expect(requiredTest({ ...base, toAnotherCarrier: true })).toBe('end_to_end');
    expect(requiredTest({ ...base, endToEndRequested: true })).toBe('end_to_end');
  });

  it('allows an extension for a customer reason only', () => {
    expect(() => assertExtensionAllowed('customer')).not.toThrow();
    for (const reason of ['resource', 'construction', 'property', 'third_party', 'other'] as const) {
      expect(() => assertExtensionAllowed(reason)).toThrow(AppError);
    }
  });
});

describe('the clocks each action starts and stops', () => {
  it('runs the due clock to the required date, with the warning-pool lead only for orders without progress reports', () => {
    expect(clockChanges('create', facts(), limits)).toEqual({ start: [{ kind: CLOCK.due, limit: { endOfDay: '2026-12-18' } }], stop: [] });
    expect(clockChanges('create', facts({ progressReportsRequired: false }), limits).start).toEqual([
      { kind: CLOCK.due, limit: { endOfDay: '2026-12-18' }, warnWorkingDaysBefore: [10] },
    ]);
    // Already inside the lead when placed: it entered the pool at once, the clock has nothing more to warn of.
    expect(clockChanges('create', facts({ progressReportsRequired: false }), limits, { poolAtOnce: true }).start[0]).not.toHaveProperty('warnWorkingDaysBefore');
  });

  it('gives the survey 2 working days from the review and the plan 12 from the survey', () => {
    expect(clockChanges('approve', facts(), limits)).toEqual({ start: [{ kind: CLOCK.survey, limit: { workingDays: 2 } }], stop: [] });
    expect(clockChanges('survey', facts(), limits)).toEqual({ start: [{ kind: CLOCK.plan, limit: { workingDays: 12 } }], stop: [CLOCK.survey] });
    expect(clockChanges('approve', facts(), { ...limits, surveyWorkingDays: 3 }).start[0].limit).toEqual({ workingDays: 3 });
  });

  it('gives each plan segment its own clock and starts the weekly report (urgent: the customer’s cadence)', () => {
    const segments = [{ name: 'A端接入', to: '2026-12-04' }, { name: '骨干', to: '2026-12-11' }];
    expect(clockChanges('plan', facts({ segments }), limits)).toEqual({
      start: [
        { kind: 'segment:A端接入', limit: { endOfDay: '2026-12-04' } },
        { kind: 'segment:骨干', limit: { endOfDay: '2026-12-11' } },
        { kind: CLOCK.weekly, limit: { hours: 168 } },
      ],
      stop: [CLOCK.plan],
    });
    expect(clockChanges('progress', facts({ urgent: true, reportEveryHours: 24 }), limits).start).toEqual([{ kind: CLOCK.weekly, limit: { hours: 24 } }]);
    expect(clockChanges('plan', facts({ progressReportsRequired: false }), limits).start).toEqual([]);
    expect(clockChanges('segment-complete', facts({ segments }), limits, { segment: '骨干' })).toEqual({ start: [], stop: ['segment:骨干'] });
  });

  it('stops the due clock at the whole-route completion and times the cross-domain completion record and handover form', () => {
    expect(clockChanges('whole-route', facts(), limits)).toEqual({ start: [{ kind: CLOCK.completionRecord, limit: { workingDays: 2 } }], stop: [CLOCK.due, CLOCK.weekly] });
    expect(clockChanges('record-completion', facts(), limits)).toEqual({ start: [{ kind: CLOCK.handoverForm, limit: { workingDays: 1 } }], stop: [CLOCK.completionRecord] });
    expect(clockChanges('whole-route', facts({ crossDomain: false }), limits).start).toEqual([]);
    expect(clockChanges('handover', facts(), limits)).toEqual({ start: [], stop: [CLOCK.handoverForm] });
  });
});

describe('warning pool, timely warnings and violations (§2 step 5)', () => {
  it('enters the pool 10 working days before the date, counted the operators’ way', () => {
    // DOMAIN.md: required Fri 2026-10-16 → Mon 2026-09-28 09:00 (the make-up Saturday 2026-10-10 counts).
    expect(warningPoolEntry(facts({ requiredBy: '2026-10-16', progressReportsRequired: false }), limits, calendar)).toEqual(bj('2026-09-28T09:00:00'));
    expect(warningPoolEntry(facts({ requiredBy: '2026-10-16' }), limits, calendar)).toBeNull();
  });

  it('counts a unit warning as timely up to 5 working days before the date, an urgent one up to 3 calendar days', () => {
    const order = { requiredBy: '2026-12-18', urgent: false };
    expect(timelyWarningBy(order, limits, calendar)).toEqual(bj('2026-12-11T09:00:00'));
    expect(isTimelyWarning(bj('2026-12-11T09:00:00'), order, limits, calendar)).toBe(true);
    expect(isTimelyWarning(bj('2026-12-11T09:00:01'), order, limits, calendar)).toBe(false);
    const urgent = { requiredBy: '2026-12-18', urgent: true };
    // Calendar days, not working days: three days before Friday is Tuesday, whatever the weekend.
    expect(timelyWarningBy(urgent, limits, calendar)).toEqual(bj('2026-12-15T00:00:00'));
    expect(isTimelyWarning(bj('2026-12-14T23:59:59'), urgent, limits, calendar)).toBe(true);
    expect(isTimelyWarning(bj('2026-12-15T00:00:01'), urgent, limits, calendar)).toBe(false);
    expect(timelyWarningBy({ requiredBy: '2026-12-21', urgent: true }, limits, calendar)).toEqual(bj('2026-12-18T00:00:00'));
  });

  it('measures the date at the whole-route completion, and makes a missed date a violation unless a unit warned in time', () => {
    const due = { dueAt: bj('2026-12-18T17:00:00') };
    expect(completedLate(due, bj('2026-12-18T17:00:00'))).toBe(false);
    expect(completedLate(due, bj('2026-12-18T17:00:01'))).toBe(true);
    expect(missedDateIsViolation({ warnings: [] })).toBe(true);
    expect(missedDateIsViolation({ warnings: [{ timely: false }] })).toBe(true);
    expect(missedDateIsViolation({ warnings: [{ timely: false }, { timely: true }] })).toBe(false);
  });
});

describe('handover by order type, plan segments, the leading bureau and stated times', () => {
  it('creates the circuit for a new order, updates it for a change or move, ceases it for a cease', () => {
    expect(handoverEffect('new')).toBe('create');
    expect(handoverEffect('change')).toBe('update');
    expect(handoverEffect('move')).toBe('update');
    expect(handoverEffect('cease')).toBe('cease');
    expect(['new', 'change', 'move', 'cease'].filter((t) => needsExistingCircuit(t as 'new'))).toEqual(['change', 'move', 'cease']);
  });

  it('refuses plan segments named twice, ending before they start or after the required date, naming the field', () => {
    expect(() => assertPlanSegments([{ name: 'a', from: '2026-12-01', to: '2026-12-18' }], '2026-12-18')).not.toThrow();
    expect(() => assertPlanSegments([{ name: 'a', from: '2026-12-01', to: '2026-12-19' }], '2026-12-18')).toThrow(
      expect.objectContaining({ details: { fields: [{ field: 'segments[0].to', reason: "after the order's required date 2026-12-18" }] } }),
    );
    expect(() => assertPlanSegments([{ name: 'a', from: '2026-12-05', to: '2026-12-04' }], '2026-12-18')).toThrow(AppError);
    expect(() =>
      assertPlanSegments(
        [
          { name: 'a', from: '2026-12-01', to: '2026-12-04' },
          { name: 'a', from: '2026-12-01', to: '2026-12-04' },
        ],
        '2026-12-18',
      ),
    ).toThrow(expect.objectContaining({ details: { fields: [{ field: 'segments[1].name', reason: 'segment a is named twice' }] } }));
  });

  it('lets only the leading bureau report the whole route, or another with a reason', () => {
    expect(assertReportingBureau({ bureau: '北京' }, '北京', undefined)).toBe(false);
    expect(assertReportingBureau({ bureau: '北京' }, '广州', '北京局测试仪表故障，委托广州局')).toBe(true);
    expect(() => assertReportingBureau({ bureau: '北京' }, '广州', undefined)).toThrow(expect.objectContaining({ code: 'NOT_LEADING_BUREAU' }));
  });

  it('lets the leading bureau be set by hand only while the whole-route test is ahead', () => {
    for (const step of ['review', 'survey', 'plan', 'construction', 'testing'] as const) expect(() => assertLeadingBureauOpen(step)).not.toThrow();
    for (const step of ['completion', 'handover', 'done', 'returned'] as const) expect(() => assertLeadingBureauOpen(step)).toThrow(expect.objectContaining({ code: 'STEP_OUT_OF_ORDER' }));
  });
});
