import { EntityManager, In } from 'typeorm';
import { BreachView, DeadlineClock, groupedBy, isImportantTier, SubjectClocks, TicketView } from '@app/shared';
import { DispatchLeg, Ticket, TicketEscalation } from './ticket.entities';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);

/**
 * The views of many tickets in three statements whatever their number (their legs, their escalations, their
 * breached clocks), for pages of tickets; one ticket's view is the same with one.
 */
export async function ticketViews(m: EntityManager, clocks: SubjectClocks, tickets: Ticket[]): Promise<TicketView[]> {
  if (tickets.length === 0) return [];
  const ids = tickets.map((t) => t.id);
  const [legs, escalations] = await Promise.all([
    m.find(DispatchLeg, { where: { ticketId: In(ids) }, order: { dispatchedAt: 'ASC', id: 'ASC' } }),
    m.find(TicketEscalation, { where: { ticketId: In(ids) }, order: { id: 'ASC' } }),
  ]);
  const breached = await clocks.breaches(m, [...ids, ...legs.map((l) => l.id)]);
  const legsOf = groupedBy(legs, (l) => l.ticketId);
  const escalationsOf = groupedBy(escalations, (e) => e.ticketId);
  const legTicket = new Map(legs.map((l) => [l.id, l.ticketId]));
  const breachesOf = groupedBy(breached, (c) => legTicket.get(c.subjectId) ?? c.subjectId);
  return tickets.map((t) => ticketView(t, legsOf.get(t.id) ?? [], escalationsOf.get(t.id) ?? [], breachesOf.get(t.id) ?? []));
}

/** A ticket as answered: its legs in dispatch order, its escalations in order, its breached clocks and its legs'. */
export function ticketView(ticket: Ticket, legs: DispatchLeg[], escalations: TicketEscalation[], breached: DeadlineClock[]): TicketView {
  const breaches: BreachView[] = breached.map((c) => ({ kind: c.kind, subjectType: c.subjectType, subjectId: c.subjectId, dueAt: (c.breachedAt ?? c.dueAt ?? c.stoppedAt)!.toISOString() }));
  return {
    id: ticket.id,
    number: ticket.number,
    version: ticket.version,
    status: ticket.status,
    customerId: ticket.customerId,
    customerCode: ticket.customerCode,
    customerName: ticket.customerName,
    customerTier: ticket.customerTier,
    important: isImportantTier(ticket.customerTier),
    circuitId: ticket.circuitId,
    circuitCode: ticket.circuitCode,
    serviceType: ticket.serviceType,
    direction: ticket.direction,
    symptom: ticket.symptom,
    channel: ticket.channel,
    ...(ticket.firstAskedUnit ? { firstAskedUnit: ticket.firstAskedUnit } : {}),
    ...(ticket.hotlineWaitSeconds !== null ? { hotlineWaitSeconds: ticket.hotlineWaitSeconds, hotlineAnswerLate: ticket.hotlineAnswerLate === true } : {}),
    reporterName: ticket.reporterName,
    reporterContact: ticket.reporterContact,
    faultAt: ticket.faultAt.toISOString(),
    reportedAt: ticket.reportedAt.toISOString(),
    openedAt: ticket.openedAt.toISOString(),
    openedBy: ticket.openedBy,
    dispatchedAt: iso(ticket.dispatchedAt),
    ...(ticket.provinceEscalation ? { provinceEscalation: ticket.provinceEscalation } : {}),
    restoredAt: iso(ticket.restoredAt),
    repairedAt: iso(ticket.repairedAt),
    closedAt: iso(ticket.closedAt),
    resolutionLimitMinutes: ticket.resolutionLimitMinutes,
    ...(ticket.causeCategory ? { causeCategory: ticket.causeCategory } : {}),
    ...(ticket.causeSegment ? { causeSegment: ticket.causeSegment } : {}),
    ...(ticket.causeDescription ? { causeDescription: ticket.causeDescription } : {}),
    ...(ticket.customerFacingCause ? { customerFacingCause: ticket.customerFacingCause } : {}),
    causeDiffersFromCustomerReply: ticket.customerFacingCause !== null,
    closedWithoutRestoration: ticket.closedWithoutRestoration,
    duplicateReports: ticket.duplicateReports,
    reopenCount: ticket.reopenCount,
    ...(ticket.escalationLevel ? { escalationLevel: ticket.escalationLevel } : {}),
    jointHandling: ticket.jointHandling,
    underGuarantee: ticket.underGuarantee,
    ...(ticket.cutoverId ? { cutoverId: ticket.cutoverId } : {}),
    crisisA: ticket.crisisA,
    ...(ticket.majorReportedAt ? { majorReportedAt: ticket.majorReportedAt.toISOString() } : {}),
    ...(ticket.incidentId ? { incidentId: ticket.incidentId } : {}),
    legs: legs.map((l) => ({
      id: l.id,
      unit: l.unit,
      segment: l.segment,
      status: l.status,
      dispatchedAt: l.dispatchedAt.toISOString(),
      acceptedAt: iso(l.acceptedAt),
      ...(l.result ? { result: l.result } : {}),
      ...(l.findings ? { findings: l.findings } : {}),
      ...(l.testReport ? { testReport: l.testReport } : {}),
      resultAt: iso(l.resultAt),
      progressEveryMinutes: l.progressEveryMinutes,
    })),
    escalations: escalations.map((e) => ({
      level: e.level,
      trigger: e.trigger,
      reason: e.reason,
      ...(e.skipReason ? { skipReason: e.skipReason } : {}),
      ...(e.expectedRestorationAt ? { expectedRestorationAt: e.expectedRestorationAt.toISOString() } : {}),
      at: e.at.toISOString(),
      by: e.by,
      notify: e.notify,
    })),
    breaches,
  };
}
