import { AppError, CutoverAnswerKind, CutoverStatus, localDate, MIN } from '@app/shared';

/*
 * Cutover coordination (割接通知服务, DOMAIN.md §3, seed 000 cases 33–35) as rules: a cutover awaits its affected
 * customers' answers, is agreed once every one of them has agreed in the current round, and is then executed; a
 * refusal or a proposal makes the owner reschedule (a new round, new notices); it may be cancelled until executed.
 * No framework, no database.
 */

/** The deadline clock of each notice: due the lead time before the window. */
export const NOTICE_CLOCK = { subjectType: 'cutover-notice', kind: 'notice' } as const;

export type CutoverAction = 'answer' | 'reschedule' | 'execute' | 'cancel';

const ALLOWED_FROM: Record<CutoverAction, readonly CutoverStatus[]> = {
  answer: ['awaiting-answers'],
  reschedule: ['awaiting-answers', 'agreed'],
  execute: ['agreed'],
  cancel: ['awaiting-answers', 'agreed'],
};

export function assertCutoverAction(status: CutoverStatus, action: CutoverAction): void {
  if (!ALLOWED_FROM[action].includes(status)) {
    throw new AppError('INVALID_TRANSITION', `A cutover that is ${status} cannot ${action} (only when ${ALLOWED_FROM[action].join(' or ')})`, { status, action });
  }
}

/**
 * Whether fault must be told the window is void: always on a cancellation; on a reschedule only if the window had
 * gone to fault (everyone had agreed) — the new one goes once everyone agrees again.
 */
export function withdrawsWindow(status: CutoverStatus, action: 'reschedule' | 'cancel'): boolean {
  return action === 'cancel' || status === 'agreed';
}

const periodInvalid = (field: string, reason: string) => new AppError('PERIOD_INVALID', `${field} ${reason}`, { fields: [{ field, reason }] });

/** A window the customers are asked about: its end after its start, and both in the future. */
export function assertWindow(start: Date, end: Date, now: Date, fields: { start: string; end: string } = { start: 'windowStart', end: 'windowEnd' }): void {
  if (start.getTime() <= now.getTime()) throw periodInvalid(fields.start, `must be in the future (now ${now.toISOString()})`);
  if (end.getTime() <= start.getTime()) throw periodInvalid(fields.end, `must be after ${fields.start} (${start.toISOString()})`);
}

/** The work actually done: its end after its start, and not in the future. */
export function assertExecutedWindow(start: Date, end: Date, now: Date): void {
  if (end.getTime() > now.getTime()) throw periodInvalid('endedAt', `must not be in the future (now ${now.toISOString()})`);
  if (end.getTime() <= start.getTime()) throw periodInvalid('endedAt', `must be after startedAt (${start.toISOString()})`);
}

/** "N working days before a date" counted the operators' way: 09:00 of the N-th working day before it, the date not counted. */
export type WorkingDaysBefore = (date: string, n: number) => { at: Date; provisional?: boolean };

export interface NoticeDue {
  dueAt: Date;
  /** The window is too close for the full lead time: the notice is due at once. */
  shortNotice: boolean;
  provisional: boolean;
}

/** When the notices of a window are due: `leadWorkingDays` working days before the (Beijing) date of its start. */
export function noticeDue(windowStart: Date, now: Date, leadWorkingDays: number, workingDaysBefore: WorkingDaysBefore): NoticeDue {
  const due = workingDaysBefore(localDate(windowStart), leadWorkingDays);
  const provisional = due.provisional ?? false;
  if (due.at.getTime() < now.getTime()) return { dueAt: now, shortNotice: true, provisional };
  return { dueAt: due.at, shortNotice: false, provisional };
}

/** A notice delivered after its due is late. */
export function isNoticeLate(dueAt: Date, sentAt: Date): boolean {
  return sentAt.getTime() > dueAt.getTime();
}

/** Each affected customer with its own circuits, from the inventory copy; an unknown circuit is refused by its index. */
export function affectedCustomers(circuitCodes: string[], customerOf: ReadonlyMap<string, string>): Array<{ customerId: string; circuitCodes: string[] }> {
  const byCustomer = new Map<string, string[]>();
  circuitCodes.forEach((code, i) => {
    const customerId = customerOf.get(code);
    if (!customerId) throw new AppError('CIRCUIT_UNKNOWN', `No circuit ${code}`, { fields: [{ field: `circuitCodes[${i}]`, reason: 'no such circuit' }] });
    const codes = byCustomer.get(customerId) ?? [];
    if (!codes.includes(code)) codes.push(code);
    byCustomer.set(customerId, codes);
  });
  return [...byCustomer.entries()].map(([customerId, codes]) => ({ customerId, circuitCodes: codes }));
}

export interface GivenAnswer {
  customerId: string;
  answer: CutoverAnswerKind;
}

/** Each customer's answer in a round: the last one it gave counts. */
export function currentAnswers<A extends GivenAnswer>(answersInOrder: A[]): Map<string, A> {
  return new Map(answersInOrder.map((a) => [a.customerId, a]));
}

/** Every affected customer has agreed in the current round. */
export function allAgreed(customerIds: string[], answers: ReadonlyMap<string, GivenAnswer>): boolean {
  return customerIds.length > 0 && customerIds.every((c) => answers.get(c)?.answer === 'agree');
}

/** A customer refused or proposed another window: the owner should set a new one. */
export function rescheduleNeeded(answers: ReadonlyMap<string, GivenAnswer>): boolean {
  return [...answers.values()].some((a) => a.answer !== 'agree');
}

/** The status once a customer has answered: agreed when every affected customer has. */
export function statusAfterAnswer(customerIds: string[], answers: ReadonlyMap<string, GivenAnswer>): CutoverStatus {
  return allAgreed(customerIds, answers) ? 'agreed' : 'awaiting-answers';
}

export interface Deviation {
  early?: number;
  late?: number;
}

/** How far the executed window left the agreed one, in whole minutes (any part of a minute counts); null when inside it. */
export function deviation(agreed: { start: Date; end: Date }, executed: { start: Date; end: Date }): Deviation | null {
  const earlyMs = agreed.start.getTime() - executed.start.getTime();
  const lateMs = executed.end.getTime() - agreed.end.getTime();
  const found: Deviation = {
    ...(earlyMs > 0 ? { early: Math.ceil(earlyMs / MIN) } : {}),
    ...(lateMs > 0 ? { late: Math.ceil(lateMs / MIN) } : {}),
  };
  return Object.keys(found).length ? found : null;
}
