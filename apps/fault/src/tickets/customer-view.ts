import { CauseCategory, CustomerTicketPart, Segment, TicketStatus, TicketView } from '@app/shared';
import { CUSTOMER_FACING_CLOCKS } from './ticket-clocks.rules';

/**
 * What a customer's own user is shown of its ticket (一点统一反馈: one voice to the customer). Where the closure
 * marked a customer-facing cause, that is the cause the customer sees, never the true one (category, segment,
 * description); internal escalations, dispatch legs, the staff who recorded it and the province's and group's reporting stay internal,
 * of the breached limits only those of its customer-facing clocks (as the clock routes answer it), and of the messages sent
 * about it only those to the customer's own people.
 */
export function forCustomer(view: TicketView): TicketView {
  const {
    legs: _legs,
    escalations: _escalations,
    escalationLevel: _level,
    jointHandling: _joint,
    crisisA: _crisis,
    majorReportedAt: _major,
    provinceEscalation: _province,
    causeDiffersFromCustomerReply: _differs,
    openedBy: _openedBy,
    customerFacingCause,
    causeCategory,
    causeSegment,
    causeDescription,
    breaches,
    notifications,
    ...shared
  } = view;
  const toCustomer = (notifications ?? []).filter((n) => n.audience === 'customer');
  return {
    ...shared,
    ...toldCause({ causeCategory, causeSegment, causeDescription, customerFacingCause }),
    breaches: breaches.filter((b) => b.subjectType === 'ticket' && CUSTOMER_FACING_CLOCKS.includes(b.kind)),
    ...(toCustomer.length > 0 ? { notifications: toCustomer } : {}),
  };
}

interface Cause {
  causeCategory?: CauseCategory | null;
  causeSegment?: Segment | null;
  causeDescription?: string | null;
  customerFacingCause?: string | null;
}

/** The cause as the customer was told it: the customer-facing one where marked, else the true cause. */
function toldCause(c: Cause): Pick<TicketView, 'causeCategory' | 'causeSegment' | 'causeDescription'> {
  if (c.customerFacingCause) return { causeDescription: c.customerFacingCause };
  return {
    ...(c.causeCategory ? { causeCategory: c.causeCategory } : {}),
    ...(c.causeSegment ? { causeSegment: c.causeSegment } : {}),
    ...(c.causeDescription ? { causeDescription: c.causeDescription } : {}),
  };
}

/** The actions a customer is told of; the others (escalations, legs, answers, on-site) are internal. */
export const ACTIONS_TOLD_TO_CUSTOMER: readonly string[] = ['intake', 'duplicate-report', 'dispatch', 'feedback', 'suspend', 'resume', 'restore', 'close', 'cancel', 'reopen'];

export interface TicketFacts extends Cause {
  status: TicketStatus;
  restoredAt: Date | null;
  closedAt: Date | null;
}

/** The part of a ticket event the event stream may show the customer; none for an internal action. */
export function customerPart(t: TicketFacts, action: string, at: Date): CustomerTicketPart | undefined {
  if (!ACTIONS_TOLD_TO_CUSTOMER.includes(action)) return undefined;
  return {
    status: t.status,
    action,
    at: at.toISOString(),
    ...(t.restoredAt ? { restoredAt: t.restoredAt.toISOString() } : {}),
    ...(t.closedAt ? { closedAt: t.closedAt.toISOString() } : {}),
    ...toldCause(t),
  };
}

/** A ticket as this caller may see it: a customer's own user gets the customer's view. */
export function asSeenBy(caller: { customerId?: string }, view: TicketView): TicketView {
  return caller.customerId === undefined ? view : forCustomer(view);
}
