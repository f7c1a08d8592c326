import { AppError, VisitKind, VisitsSettings, VisitStatus } from '@app/shared';

/**
 * Visits (走访, DOMAIN.md §3): a visit is planned, booked by phone, then recorded as done; it may be cancelled
 * before it is done. It may be recorded without a booking (a visit that simply happened) and re-booked when the
 * customer moves the appointment.
 */
export type VisitAction = 'book' | 'record' | 'cancel';

const TRANSITIONS: Record<VisitAction, { from: readonly VisitStatus[]; to: VisitStatus }> = {
  book: { from: ['planned', 'booked'], to: 'booked' },
  record: { from: ['planned', 'booked'], to: 'done' },
  cancel: { from: ['planned', 'booked'], to: 'cancelled' },
};

/** The status after `action`, or 409 INVALID_TRANSITION naming the status that refuses it. */
export function assertVisitAction(status: VisitStatus, action: VisitAction): VisitStatus {
  const t = TRANSITIONS[action];
  if (!t.from.includes(status)) throw new AppError('INVALID_TRANSITION', `A ${status} visit cannot be ${action === 'book' ? 'booked' : `${action}ed`}`, { status, action });
  return t.to;
}

/** The deadline-clock names of this feature (several features share the service's clock events: always filter). */
export const VISIT_CLOCKS = {
  followUp: { subjectType: 'follow-up', kind: 'follow-up' },
  crisisVisit: { subjectType: 'visit', kind: 'crisis-visit' },
} as const;

/** A limit on the working-day calendar: N working days from an event, or the close of business of a date. */
export type WorkingDayLimit = { workingDays: number } | { endOfDay: string };

export interface TaskClock {
  limit: WorkingDayLimit;
  /** Warn the owner this many working days before the due time (none when 0). */
  warnWorkingDaysBefore: number[];
}

/** A follow-up is due at the close of business of its own due date, or within followUpWorkingDays working days of the visit. */
export function followUpClock(dueDate: string | undefined, s: Pick<VisitsSettings, 'followUpWorkingDays' | 'taskWarnWorkingDays'>): TaskClock {
  return {
    limit: dueDate ? { endOfDay: dueDate } : { workingDays: s.followUpWorkingDays },
    warnWorkingDaysBefore: s.taskWarnWorkingDays > 0 ? [s.taskWarnWorkingDays] : [],
  };
}

/** A crisis (apology) visit is due within crisisVisitWorkingDays working days of the crisis ticket closing or the complaint being answered. */
export function crisisVisitClock(s: Pick<VisitsSettings, 'crisisVisitWorkingDays'>): TaskClock {
  return { limit: { workingDays: s.crisisVisitWorkingDays }, warnWorkingDaysBefore: [] };
}

export interface CrisisOrigin {
  type: 'ticket' | 'complaint';
  id: string;
  number: string;
  customerId: string;
  at: string;
}

/** Seed 000 case 4: a crisis grade A, or a class-1 major fault, closed, calls for an apology visit. */
export function crisisOfTicket(d: { ticketId: string; number: string; customerId: string; action: string; at: string; crisisA?: boolean; majorClasses?: number[] }): CrisisOrigin | null {
  if (d.action !== 'close' || !(d.crisisA || (d.majorClasses ?? []).includes(1))) return null;
  return { type: 'ticket', id: d.ticketId, number: d.number, customerId: d.customerId, at: d.at };
}

/** Seed 000 case 22: an answered complaint is followed by a visit to the customer. */
export function crisisOfComplaint(d: { complaintId: string; number: string; customerId: string; action: string; at: string }): CrisisOrigin | null {
  if (d.action !== 'answer') return null;
  return { type: 'complaint', id: d.complaintId, number: d.number, customerId: d.customerId, at: d.at };
}

/** Who makes a crisis visit: the customer's engineer, else its manager; unassigned until someone takes it. */
export function crisisVisitOwner(customer: { customerEngineer: string | null; customerManager: string | null }): string {
  return customer.customerEngineer ?? customer.customerManager ?? 'unassigned';
}

export const CRISIS_KIND: VisitKind = 'crisis';
