import { CutoverView } from '@app/shared';
import { currentAnswers, rescheduleNeeded } from './cutover.rules';
import { Cutover, CutoverAnswer, CutoverNotice } from './cutover.entities';

const iso = (d: Date | null) => (d ? d.toISOString() : undefined);

/**
 * A cutover as staff see it, or as one affected customer's user sees it (`forCustomer`): only its own circuits,
 * its own notices and its own answers, never another customer's, and the windows without why they moved.
 */
export function cutoverView(c: Cutover, notices: CutoverNotice[], answers: CutoverAnswer[], forCustomer?: string): CutoverView {
  const mine = <T extends { customerId: string }>(rows: T[]) => (forCustomer ? rows.filter((r) => r.customerId === forCustomer) : rows);
  const shownAnswers = mine(answers);
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    circuitCodes: mine(c.circuits).map((x) => x.code),
    customerIds: forCustomer ? [forCustomer] : c.customerIds,
    windowStart: c.windowStart.toISOString(),
    windowEnd: c.windowEnd.toISOString(),
    owner: c.owner,
    status: c.status,
    round: c.round,
    shortNotice: c.shortNotice,
    rescheduleNeeded: c.status === 'awaiting-answers' && rescheduleNeeded(currentAnswers(shownAnswers.filter((a) => a.round === c.round))),
    ...(c.executedStart ? { executedStart: iso(c.executedStart) } : {}),
    ...(c.executedEnd ? { executedEnd: iso(c.executedEnd) } : {}),
    ...(c.executionNote ? { executionNote: c.executionNote } : {}),
    ...(c.deviation ? { deviation: c.deviation } : {}),
    ...(c.cancelReason ? { cancelReason: c.cancelReason } : {}),
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
    // Why a window moved is staff's account, which may tell of another customer's refusal.
    rounds: forCustomer ? c.rounds.map(({ reason: _reason, ...round }) => round) : c.rounds,
    notices: mine(notices).map((n) => ({
      id: n.id,
      round: n.round,
      customerId: n.customerId,
      circuitCodes: n.circuitCodes,
      dueAt: n.dueAt.toISOString(),
      shortNotice: n.shortNotice,
      provisional: n.provisional,
      ...(n.sentAt ? { sentAt: iso(n.sentAt), channel: n.channel!, to: n.sentTo!, sentBy: n.sentBy!, late: n.late ?? false } : {}),
      ...(n.breachedAt ? { breachedAt: iso(n.breachedAt) } : {}),
    })),
    answers: shownAnswers.map((a) => ({
      round: a.round,
      customerId: a.customerId,
      answer: a.answer,
      ...(a.reason ? { reason: a.reason } : {}),
      ...(a.proposedStart ? { proposedStart: iso(a.proposedStart) } : {}),
      ...(a.proposedEnd ? { proposedEnd: iso(a.proposedEnd) } : {}),
      answeredBy: a.answeredBy,
      onBehalf: a.onBehalf,
      answeredAt: a.answeredAt.toISOString(),
    })),
  };
}
