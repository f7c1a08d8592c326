import { AppError, publishedYears, WorkingCalendar } from '@app/shared';
import {
  affectedCustomers,
  allAgreed,
  assertCutoverAction,
  assertExecutedWindow,
  assertWindow,
  currentAnswers,
  deviation,
  GivenAnswer,
  isNoticeLate,
  noticeDue,
  rescheduleNeeded,
  statusAfterAnswer,
  withdrawsWindow,
} from './cutover.rules';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return { code: (e as AppError).code, fields: (e as AppError).details?.fields };
  }
  return undefined;
};

/** The published Chinese calendar (no holiday in November 2026). */
const calendar = new WorkingCalendar(publishedYears());
const before = (date: string, n: number) => calendar.workingDaysBefore(date, n);

describe('cutover rules', () => {
  it('lets customers answer only while awaiting answers, and executes only an agreed cutover', () => {
    expect(() => assertCutoverAction('awaiting-answers', 'answer')).not.toThrow();
    expect(codeOf(() => assertCutoverAction('agreed', 'answer'))?.code).toBe('INVALID_TRANSITION');
    expect(codeOf(() => assertCutoverAction('awaiting-answers', 'execute'))?.code).toBe('INVALID_TRANSITION');
    expect(() => assertCutoverAction('agreed', 'execute')).not.toThrow();
    expect(() => assertCutoverAction('agreed', 'reschedule')).not.toThrow();
    expect(() => assertCutoverAction('awaiting-answers', 'cancel')).not.toThrow();
    for (const done of ['executed', 'cancelled'] as const) {
      for (const action of ['answer', 'reschedule', 'execute', 'cancel'] as const) expect(codeOf(() => assertCutoverAction(done, action))?.code).toBe('INVALID_TRANSITION');
    }
  });

  it('withdraws the window from fault on a cancellation, and on a reschedule only once it had been agreed', () => {
    expect(withdrawsWindow('agreed', 'reschedule')).toBe(true);
    expect(withdrawsWindow('awaiting-answers', 'reschedule')).toBe(false);
    expect(withdrawsWindow('agreed', 'cancel')).toBe(true);
    expect(withdrawsWindow('awaiting-answers', 'cancel')).toBe(true);
  });

  it('refuses a window in the past or ending before it starts, naming the field', () => {
    const now = new Date('2026-11-02T02:00:00Z');
    expect(codeOf(() => assertWindow(new Date('2026-11-02T01:00:00Z'), new Date('2026-11-03T01:00:00Z'), now))).toEqual({
      code: 'PERIOD_INVALID',
      fields: [{ field: 'windowStart', reason: expect.any(String) }],
    });
    expect(codeOf(() => assertWindow(new Date('2026-11-05T01:00:00Z'), new Date('2026-11-05T01:00:00Z'), now))?.fields?.[0].field).toBe('windowEnd');
    expect(() => assertWindow(new Date('2026-11-05T01:00:00Z'), new Date('2026-11-05T03:00:00Z'), now)).not.toThrow();
    expect(codeOf(() => assertExecutedWindow(new Date('2026-11-01T01:00:00Z'), new Date('2026-11-03T01:00:00Z'), now))?.fields?.[0].field).toBe('endedAt');
  });

  it('makes the notice due at 09:00 of the N-th working day before the window date, the date not counted', () => {
    const now = new Date('2026-11-02T02:00:00Z');
    // Window Sat 2026-11-14 01:00 Beijing: 5 working days before are Fri 13 … Mon 9 → Mon 9 09:00 Beijing.
    expect(noticeDue(new Date('2026-11-13T17:00:00Z'), now, 5, before)).toEqual({ dueAt: new Date('2026-11-09T01:00:00Z'), shortNotice: false, provisional: false });
    expect(noticeDue(new Date('2026-11-13T17:00:00Z'), now, 3, before).dueAt).toEqual(new Date('2026-11-11T01:00:00Z'));
    // The window's date is Beijing's: 2026-11-13T15:00Z is Friday 13 23:00 there, so the fifth working day before is Friday 6.
    expect(noticeDue(new Date('2026-11-13T15:00:00Z'), now, 5, before).dueAt).toEqual(new Date('2026-11-06T01:00:00Z'));
  });

  it('flags a window too close for the full lead time and makes its notice due at once', () => {
    const now = new Date('2026-11-02T02:00:00Z');
    expect(noticeDue(new Date('2026-11-05T02:00:00Z'), now, 5, before)).toEqual({ dueAt: now, shortNotice: true, provisional: false });
  });

  it('finds a notice sent after its due late', () => {
    const due = new Date('2026-11-09T01:00:00Z');
    expect(isNoticeLate(due, new Date('2026-11-09T01:00:00Z'))).toBe(false);
    expect(isNoticeLate(due, new Date('2026-11-09T01:00:01Z'))).toBe(true);
  });

  it('groups the circuits by customer and refuses an unknown one by its index', () => {
    const customerOf = new Map([
      ['A1', 'a'],
      ['B1', 'b'],
      ['A2', 'a'],
    ]);
    expect(affectedCustomers(['A1', 'B1', 'A2', 'A1'], customerOf)).toEqual([
      { customerId: 'a', circuitCodes: ['A1', 'A2'] },
      { customerId: 'b', circuitCodes: ['B1'] },
    ]);
    expect(codeOf(() => affectedCustomers(['A1', 'X'], customerOf))).toEqual({ code: 'CIRCUIT_UNKNOWN', fields: [{ field: 'circuitCodes[1]', reason: 'no such circuit' }] });
  });

  it('is agreed only when every affected customer has agreed, its last answer counting', () => {
    const answers = (...given: GivenAnswer[]) => currentAnswers(given);
    expect(allAgreed(['a', 'b'], answers({ customerId: 'a', answer: 'agree' }))).toBe(false);
    expect(statusAfterAnswer(['a', 'b'], answers({ customerId: 'a', answer: 'agree' }, { customerId: 'b', answer: 'agree' }))).toBe('agreed');
    const refused = answers({ customerId: 'a', answer: 'agree' }, { customerId: 'b', answer: 'refuse' });
    expect(statusAfterAnswer(['a', 'b'], refused)).toBe('awaiting-answers');
    expect(rescheduleNeeded(refused)).toBe(true);
    expect(rescheduleNeeded(answers({ customerId: 'a', answer: 'propose' }))).toBe(true);
    expect(allAgreed(['a', 'b'], answers({ customerId: 'a', answer: 'agree' }, { customerId: 'b', answer: 'refuse' }, { customerId: 'b', answer: 'agree' }))).toBe(true);
    expect(allAgreed([], answers())).toBe(false);
  });

  it('measures how far an execution left the agreed window, any part of a minute counting', () => {
    const agreed = { start: new Date('2026-11-20T17:00:00Z'), end: new Date('2026-11-20T21:00:00Z') };
    expect(deviation(agreed, { start: new Date('2026-11-20T17:00:00Z'), end: new Date('2026-11-20T21:00:00Z') })).toBeNull();
    expect(deviation(agreed, { start: new Date('2026-11-20T16:45:00Z'), end: new Date('2026-11-20T20:00:00Z') })).toEqual({ early: 15 });
    expect(deviation(agreed, { start: new Date('2026-11-20T18:00:00Z'), end: new Date('2026-11-20T21:00:30Z') })).toEqual({ late: 1 });
    expect(deviation(agreed, { start: new Date('2026-11-20T16:00:00Z'), end: new Date('2026-11-20T21:10:00Z') })).toEqual({ early: 60, late: 10 });
  });
});
