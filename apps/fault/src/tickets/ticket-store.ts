import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError, Caller, DeliveryRecordedData, FaultEvents, FeedbackGivenData, insertLater, noteSubjectDelivery, OutboxWriter, SubjectClocks, subjectNotificationView, SubjectNotificationView, TicketChangedData, TicketView, TimelineEntryView, updateLoaded } from '@app/shared';
import { customerPart } from './customer-view';
import { ticketView, ticketViews } from './ticket-views';
import { majorClassesOf } from './escalation.rules';
import { DispatchLeg, RecordType, Ticket, TicketEscalation, TicketNotification, TicketRating, TicketRecord } from './ticket.entities';

/** The rest of the ticket a read model needs to describe it completely after each change (staff only). */
function readModelPart(t: Ticket): Partial<TicketChangedData> {
  const iso = (d: Date | null) => (d ? d.toISOString() : undefined);
  const part: Partial<TicketChangedData> = {
    version: t.version,
    circuitId: t.circuitId,
    circuitCode: t.circuitCode,
    faultAt: iso(t.faultAt),
    reportedAt: iso(t.reportedAt),
    openedAt: iso(t.openedAt),
    repairedAt: iso(t.repairedAt),
    closedAt: iso(t.closedAt),
    causeDescription: t.causeDescription ?? undefined,
    incidentId: t.incidentId ?? undefined,
    suspended: t.status === 'suspended',
    closedWithoutRestoration: t.closedWithoutRestoration,
  };
  return Object.fromEntries(Object.entries(part).filter(([, v]) => v !== undefined));
}

export const ticketNotFound = (id: string) => new AppError('TICKET_NOT_FOUND', `No fault ticket ${id}`);

/** Reading and writing a ticket with its legs, records and events: the one place that touches these tables. */
@Injectable()
export class TicketStore {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly clocks: SubjectClocks,
  ) {}

  async lock(m: EntityManager, id: string): Promise<Ticket> {
    const ticket = await m.findOne(Ticket, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!ticket) throw ticketNotFound(id);
    return ticket;
  }

  async leg(m: EntityManager, ticket: Ticket, legId: string): Promise<DispatchLeg> {
    const leg = await m.findOneBy(DispatchLeg, { id: legId, ticketId: ticket.id });
    if (!leg) throw new AppError('LEG_NOT_FOUND', `Ticket ${ticket.number} has no dispatch leg ${legId}`);
    return leg;
  }

  legs(m: EntityManager, ticketId: string): Promise<DispatchLeg[]> {
    return m.find(DispatchLeg, { where: { ticketId }, order: { dispatchedAt: 'ASC', id: 'ASC' } });
  }

  /** The major fault classes (§1) the ticket was escalated under, in order. */
  async majorClasses(m: EntityManager, ticketId: string): Promise<number[]> {
    const escalations = await m.find(TicketEscalation, { where: { ticketId }, select: { trigger: true } });
    return majorClassesOf(escalations.map((e) => e.trigger));
  }

  async legIds(m: EntityManager, ticketId: string): Promise<string[]> {
    return (await this.legs(m, ticketId)).map((l) => l.id);
  }

  async record(m: EntityManager, ticket: Ticket, type: RecordType, by: string, at: Date, detail: object, legId: string | null = null): Promise<void> {
    await insertLater(m, TicketRecord, { ticketId: ticket.id, legId, type, by, at, detail });
  }

  /** Saves the ticket (bumping its version) and tells the other services what happened (`staff`: more for staff only). */
  async save(m: EntityManager, ticket: Ticket, action: string, at: Date, staff: Pick<TicketChangedData, 'crisisA' | 'majorClasses' | 'dispatchedLegIds' | 'dispatchedLegs'> = {}): Promise<void> {
    ticket.version += 1;
    await updateLoaded(m, Ticket, ticket);
    const data: TicketChangedData = {
      ticketId: ticket.id,
      number: ticket.number,
      customerId: ticket.customerId,
      status: ticket.status,
      action,
      at: at.toISOString(),
      ...(ticket.restoredAt ? { restoredAt: ticket.restoredAt.toISOString() } : {}),
      ...(ticket.causeCategory ? { causeCategory: ticket.causeCategory } : {}),
      ...(ticket.causeSegment ? { causeSegment: ticket.causeSegment } : {}),
      ...(ticket.customerFacingCause ? { customerFacingCause: ticket.customerFacingCause } : {}),
      ...readModelPart(ticket),
      ...staff,
    };
    const customerView = customerPart(ticket, action, at);
    await this.outbox.record(m, FaultEvents.ticketChanged, ticket.id, customerView ? { ...data, customerView } : data);
  }

  /** Tells the notifier of a feedback given to the customer (staff only: it carries the contact's number). */
  async feedbackGiven(m: EntityManager, ticket: Ticket, feedback: Omit<FeedbackGivenData, 'ticketId' | 'number' | 'customerId' | 'circuitCode'>): Promise<void> {
    const { nextFeedbackDueAt, ...given } = feedback;
    await this.outbox.record(m, FaultEvents.feedbackGiven, ticket.id, {
      ticketId: ticket.id,
      number: ticket.number,
      customerId: ticket.customerId,
      circuitCode: ticket.circuitCode,
      ...given,
      ...(nextFeedbackDueAt ? { nextFeedbackDueAt } : {}),
    });
  }

  /** Tells the other services of a new ticket. */
  async opened(m: EntityManager, ticket: Ticket): Promise<void> {
    await this.outbox.record(m, FaultEvents.ticketOpened, ticket.id, {
      ticketId: ticket.id,
      number: ticket.number,
      customerId: ticket.customerId,
      circuitId: ticket.circuitId,
      serviceType: ticket.serviceType,
      channel: ticket.channel,
      faultAt: ticket.faultAt.toISOString(),
      reportedAt: ticket.reportedAt.toISOString(),
      openedAt: ticket.openedAt.toISOString(),
      circuitCode: ticket.circuitCode,
      symptom: ticket.symptom,
      version: ticket.version,
      reporterName: ticket.reporterName,
      reporterContact: ticket.reporterContact,
      customerView: customerPart(ticket, 'intake', ticket.openedAt)!,
    });
  }

  isRated(m: EntityManager, ticketId: string): Promise<boolean> {
    return m.existsBy(TicketRating, { ticketId });
  }

  /**
   * Keeps the customer's rating of the closed ticket, on its timeline too, and tells reporting. Not a change of the
   * ticket: no new version, no ticket event.
   */
  async rate(m: EntityManager, ticket: Ticket, rating: { score: number; comment?: string; by: Caller; at: Date }): Promise<void> {
    const { score, comment, by, at } = rating;
    await m.insert(TicketRating, { ticketId: ticket.id, score, comment: comment ?? null, ratedBy: by.username, ratedBySub: by.sub, ratedAt: at });
    await this.record(m, ticket, 'rate', by.username, at, { score, ...(comment ? { comment } : {}) });
    await this.outbox.record(m, FaultEvents.ticketRated, ticket.id, {
      ticketId: ticket.id,
      number: ticket.number,
      customerId: ticket.customerId,
      circuitCode: ticket.circuitCode,
      score,
      ...(comment ? { comment } : {}),
      ratedBy: by.username,
      ratedAt: at.toISOString(),
      ...(ticket.closedAt ? { closedAt: ticket.closedAt.toISOString() } : {}),
      ...(ticket.causeCategory ? { causeCategory: ticket.causeCategory } : {}),
    });
  }

  async view(m: EntityManager, ticket: Ticket): Promise<TicketView> {
    return (await ticketViews(m, this.clocks, [ticket]))[0];
  }

  /** The view of a ticket just opened: no legs, escalations nor breaches yet, so nothing to read back. */
  viewOfNew(ticket: Ticket): TicketView {
    return ticketView(ticket, [], [], [], undefined);
  }

  /** Every action, every clock event and every message sent about the ticket and its legs, in time order. */
  async timeline(m: EntityManager, ticketId: string): Promise<TimelineEntryView[]> {
    const records = await m.find(TicketRecord, { where: { ticketId }, order: { id: 'ASC' } });
    const clockEvents = await this.clocks.trail(m, [ticketId, ...(await this.legIds(m, ticketId))]);
    const entries: TimelineEntryView[] = [
      ...records.map((r) => ({ at: r.at.toISOString(), type: r.type, by: r.by, detail: { ...(r.legId ? { legId: r.legId } : {}), ...(r.detail as Record<string, unknown>) } })),
      ...clockEvents.map((e) => ({
        at: e.at.toISOString(),
        type: `clock.${e.type}`,
        by: 'system',
        detail: { clock: e.kind, subjectType: e.subjectType, subjectId: e.subjectId, ...e.detail },
      })),
      ...(await this.notifications(m, ticketId)).map(({ at, ...detail }) => ({ at, type: 'notified', by: 'notifier', detail })),
    ];
    return entries.sort((a, b) => a.at.localeCompare(b.at));
  }

  /** The messages the notifier sent about the ticket (or gave up on), in time order. */
  async notifications(m: EntityManager, ticketId: string): Promise<SubjectNotificationView[]> {
    const rows = await m.find(TicketNotification, { where: { ticketId }, order: { at: 'ASC', deliveryId: 'ASC' } });
    return rows.map(subjectNotificationView);
  }

  /**
   * Keeps a delivery's outcome for the ticket's timeline: one row per delivery, its latest outcome (a dead letter an
   * admin retried may be sent later). The ticket itself is not changed: no new version, no ticket event.
   */
  async noteDelivery(m: EntityManager, d: DeliveryRecordedData & { subjectId: string }): Promise<void> {
    await noteSubjectDelivery(m, { table: 'ticket_notification', subjectColumn: 'ticket_id', subjectTable: 'ticket' }, d);
  }
}
