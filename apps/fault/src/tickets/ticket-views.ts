import { EntityManager } from 'typeorm';
import { BreachView, DeadlineClock, groupedBy, isImportantTier, SubjectClocks, TicketView } from '@app/shared';
import { DispatchLeg, Ticket, TicketEscalation, TicketRating } from './ticket.entities';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);

/** A timestamp as epoch milliseconds, truncated as the driver truncates microseconds when it reads a Date. */
const ms = (column: string) => `floor(extract(epoch FROM ${column}) * 1000)::bigint`;

/**
 * What a page of tickets shows besides the tickets' own columns, in one statement: their legs in dispatch order, their
 * escalations in order, and the breached clocks of the tickets and of their legs in start order ($1 and $2: the
 * ticket ids, as uuids and as text).
 */
const DETAILS_SQL = `SELECT
  (SELECT coalesce(json_agg(json_build_object('id', l.id, 'ticketId', l.ticket_id, 'unit', l.unit, 'segment', l.segment, 'status', l.status,
            'dispatchedAt', ${ms('l.dispatched_at')}, 'acceptedAt', ${ms('l.accepted_at')}, 'result', l.result, 'findings', l.findings,
            'testReport', l.test_report, 'testReportFileName', l.test_report_file_name, 'testReportFileType', l.test_report_file_type,
            'testReportFileBytes', octet_length(l.test_report_file), 'resultAt', ${ms('l.result_at')}, 'progressEveryMinutes', l.progress_every_minutes)
          ORDER BY l.dispatched_at, l.id), '[]')
     FROM dispatch_leg l WHERE l.ticket_id = ANY($1::uuid[])) AS legs,
  (SELECT coalesce(json_agg(json_build_object('ticketId', e.ticket_id, 'level', e.level, 'trigger', e.trigger, 'reason', e.reason,
            'skipReason', e.skip_reason, 'expectedRestorationAt', ${ms('e.expected_restoration_at')}, 'at', ${ms('e.at')}, 'by', e.by, 'notify', e.notify)
          ORDER BY e.id), '[]')
     FROM ticket_escalation e WHERE e.ticket_id = ANY($1::uuid[])) AS escalations,
  (SELECT coalesce(json_agg(json_build_object('kind', c.kind, 'subjectType', c.subject_type, 'subjectId', c.subject_id,
            'at', ${ms('coalesce(c.breached_at, c.due_at, c.stopped_at)')})
          ORDER BY c.started_at), '[]')
     FROM deadline_clock c
    WHERE (c.subject_id = ANY($2::text[]) OR c.subject_id IN (SELECT l.id::text FROM dispatch_leg l WHERE l.ticket_id = ANY($1::uuid[])))
      AND ${SubjectClocks.breachedClockSql('c')}) AS breaches,
  (SELECT coalesce(json_agg(json_build_object('ticketId', r.ticket_id, 'score', r.score, 'comment', r.comment, 'ratedBy', r.rated_by,
            'ratedAt', ${ms('r.rated_at')})), '[]')
     FROM ticket_rating r WHERE r.ticket_id = ANY($1::uuid[])) AS ratings`;

type Millis = number | string | null;
const date = (at: Millis) => (at === null ? null : new Date(Number(at)));

interface DetailsRow {
  legs: Array<Omit<LegShown, 'dispatchedAt' | 'acceptedAt' | 'resultAt'> & { ticketId: string; dispatchedAt: Millis; acceptedAt: Millis; resultAt: Millis; testReportFileBytes: number | null }>;
  escalations: Array<Omit<EscalationShown, 'expectedRestorationAt' | 'at'> & { ticketId: string; expectedRestorationAt: Millis; at: Millis }>;
  breaches: Array<Omit<BreachShown, 'at'> & { at: Millis }>;
  ratings: Array<{ ticketId: string; score: number; comment: string | null; ratedBy: string; ratedAt: Millis }>;
}

/**
 * The views of many tickets in one statement whatever their number (their legs, their escalations, their breached
 * clocks and their legs'), for pages of tickets; one ticket's view is the same with one. (`_clocks`: the breaches are
 * read here with the engine's own condition; kept so that callers need not change.)
 */
export async function ticketViews(m: EntityManager, _clocks: SubjectClocks, tickets: Ticket[]): Promise<TicketView[]> {
  if (tickets.length === 0) return [];
  const ids = tickets.map((t) => t.id);
  const [row] = (await m.query(DETAILS_SQL, [ids, ids])) as DetailsRow[];
  const legs: Array<LegShown & { ticketId: string }> = row.legs.map((l) => ({ ...l, dispatchedAt: date(l.dispatchedAt)!, acceptedAt: date(l.acceptedAt), resultAt: date(l.resultAt) }));
  const escalations = row.escalations.map((e) => ({ ...e, expectedRestorationAt: date(e.expectedRestorationAt), at: date(e.at)! }));
  const legsOf = groupedBy(legs, (l) => l.ticketId);
  const escalationsOf = groupedBy(escalations, (e) => e.ticketId);
  const legTicket = new Map(legs.map((l) => [l.id, l.ticketId]));
  const breachesOf = groupedBy(
    row.breaches.map((c) => ({ ...c, at: date(c.at)! })),
    (c) => legTicket.get(c.subjectId) ?? c.subjectId,
  );
  const ratingOf = new Map(row.ratings.map((r) => [r.ticketId, { score: r.score, comment: r.comment, ratedBy: r.ratedBy, ratedAt: date(r.ratedAt)! }]));
  return tickets.map((t) => ticketView(t, legsOf.get(t.id) ?? [], escalationsOf.get(t.id) ?? [], breachesOf.get(t.id) ?? [], ratingOf.get(t.id)));
}

/** What a ticket's view shows of a leg, of an escalation and of a breached clock (`at`: when it breached, or was due). */
type LegShown = Pick<DispatchLeg, 'id' | 'unit' | 'segment' | 'status' | 'dispatchedAt' | 'acceptedAt' | 'result' | 'findings' | 'testReport' | 'testReportFileName' | 'testReportFileType' | 'resultAt' | 'progressEveryMinutes'> & {
  testReportFileBytes?: number | null;
};
type EscalationShown = Pick<TicketEscalation, 'level' | 'trigger' | 'reason' | 'skipReason' | 'expectedRestorationAt' | 'at' | 'by' | 'notify'>;
type BreachShown = Pick<DeadlineClock, 'kind' | 'subjectType' | 'subjectId'> & { at: Date };
type RatingShown = Pick<TicketRating, 'score' | 'comment' | 'ratedBy' | 'ratedAt'>;

/** A ticket as answered: its legs in dispatch order, its escalations in order, its breached clocks and its legs', the customer's rating. */
export function ticketView(ticket: Ticket, legs: LegShown[], escalations: EscalationShown[], breached: BreachShown[], rating: RatingShown | undefined): TicketView {
  const breaches: BreachView[] = breached.map((c) => ({ kind: c.kind, subjectType: c.subjectType, subjectId: c.subjectId, dueAt: c.at.toISOString() }));
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
      ...(l.testReportFileName ? { testReportFile: { name: l.testReportFileName, mimeType: l.testReportFileType ?? '', sizeBytes: l.testReportFileBytes ?? 0 } } : {}),
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
    ...(rating ? { rating: { score: rating.score, ...(rating.comment ? { comment: rating.comment } : {}), ratedBy: rating.ratedBy, ratedAt: rating.ratedAt.toISOString() } } : {}),
  };
}
