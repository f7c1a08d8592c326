import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  Caller,
  Clock,
  FaultEvents,
  isUniqueViolation,
  ListTicketsQuery,
  nextBusinessNumber,
  OpenTicketReply,
  OpenTicketRequest,
  OutboxWriter,
  Page,
  pageBounds,
  sortOrder,
  paginate,
  ReviewItemView,
  ReviewQuery,
  SubjectClocks,
  TicketStatus,
  TicketView,
  TimelineEntryView,
  UnitOfWork,
} from '@app/shared';
import { Cutover, Guarantee, KnownCircuit, KnownCustomer } from '../inventory/inventory.entities';
import { EscalationService } from './escalation.service';
import { ResolutionLimit, Ticket } from './ticket.entities';
import { jointHandlingAfterMs, LIMITS, onSiteWithinMs, resolutionLimitMinutes, TICKET_CLOCKS } from './ticket.rules';
import { TicketStore } from './ticket-store';

const MIN = 60_000;

@Injectable()
export class TicketsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly store: TicketStore,
    private readonly clocks: SubjectClocks,
    private readonly escalations: EscalationService,
  ) {}

  /**
   * Intake (一站受理): checks the circuit and customer against the inventory, links a second report of a circuit
   * that already has an open ticket, and otherwise opens a ticket with its clocks running.
   */
  /** A customer's own user may report only its own circuits; another customer's circuit is as unknown to it. */
  async open(req: OpenTicketRequest, caller?: Caller): Promise<OpenTicketReply> {
    try {
      return await this.uow.run((m) => this.openIn(m, req, caller?.customerId));
    } catch (err) {
      // Two reports of the same circuit at the same moment: the other one opened it, so this one is a duplicate.
      if (isUniqueViolation(err)) {
        return this.uow.run((m) => this.openIn(m, req, caller?.customerId));
      }
      throw err;
    }
  }

  private async openIn(m: EntityManager, req: OpenTicketRequest, onlyCustomerId?: string): Promise<OpenTicketReply> {
    const now = this.clock.now();
    const circuit = await m.findOneBy(KnownCircuit, { code: req.circuitCode });
    if (!circuit || (onlyCustomerId !== undefined && circuit.customerId !== onlyCustomerId)) {
      throw new AppError('CIRCUIT_UNKNOWN', `Circuit ${req.circuitCode} is not in the inventory`, {
        fields: [{ field: 'circuitCode', reason: 'no such circuit in the inventory' }],
      });
    }
    const customer = await m.findOneBy(KnownCustomer, { id: circuit.customerId });
    if (!customer) throw new AppError('CUSTOMER_UNKNOWN', `The customer of circuit ${circuit.code} is not known yet`);
    if (customer.code !== req.customerCode) {
      throw new AppError('CIRCUIT_CUSTOMER_MISMATCH', `Circuit ${circuit.code} belongs to customer ${customer.code}, not ${req.customerCode}`, {
        fields: [{ field: 'customerCode', reason: `circuit ${circuit.code} belongs to ${customer.code}` }],
      });
    }

    const existing = await m
      .getRepository(Ticket)
      .createQueryBuilder('t')
      .where('t.circuit_id = :id', { id: circuit.id })
      .andWhere(`t.status NOT IN ('closed', 'cancelled')`)
      .setLock('pessimistic_write')
      .getOne();
    if (existing) {
      existing.duplicateReports += 1;
      await this.store.record(m, existing, 'duplicate-report', req.reporterName, now, {
        reporterName: req.reporterName,
        reporterContact: req.reporterContact,
        channel: req.channel,
        symptom: req.symptom,
        faultAt: req.faultAt,
      });
      await this.store.save(m, existing, 'duplicate-report', now);
      return { ticket: await this.store.view(m, existing), duplicate: true };
    }

    const limits = await m.find(ResolutionLimit);
    const limitMinutes = resolutionLimitMinutes(limits, { serviceType: circuit.serviceType, tier: customer.tier, grade: circuit.grade });
    const faultAt = new Date(req.faultAt);
    const guarantee = await m
      .getRepository(Guarantee)
      .createQueryBuilder('g')
      .where(':code = ANY(g.circuit_codes)', { code: circuit.code })
      .andWhere('g.ended = false AND g.starts_at <= :now AND g.ends_at > :now', { now })
      .getOne();
    const cutover = await m
      .getRepository(Cutover)
      .createQueryBuilder('c')
      .where(':code = ANY(c.circuit_codes)', { code: circuit.code })
      .andWhere('c.window_start <= :at AND c.window_end > :at', { at: faultAt })
      .getOne();
    const ticket = m.create(Ticket, {
      id: randomUUID(),
      number: await nextBusinessNumber(m, 'ticket_number_seq', 'F', now),
      status: 'open',
      customerId: customer.id,
      customerCode: customer.code,
      customerName: customer.name,
      customerTier: customer.tier,
      circuitId: circuit.id,
      circuitCode: circuit.code,
      serviceType: circuit.serviceType,
      direction: req.direction,
      symptom: req.symptom,
      channel: req.channel,
      firstAskedUnit: req.firstAskedUnit ?? null,
      reporterName: req.reporterName,
      reporterContact: req.reporterContact,
      hqOutage: req.hqOutage ?? false,
      faultAt,
      openedAt: now,
      dispatchedAt: null,
      restoredAt: null,
      repairedAt: null,
      closedAt: null,
      resolutionLimitMinutes: limitMinutes,
      causeCategory: null,
      causeSegment: null,
      causeDescription: null,
      customerFacingCause: null,
      closedWithoutRestoration: false,
      duplicateReports: 0,
      reopenCount: 0,
      escalationLevel: null,
      jointHandling: false,
      underGuarantee: guarantee !== null,
      cutoverId: cutover?.id ?? null,
      crisisA: false,
      incidentId: null,
      version: 0,
    });
    await m.insert(Ticket, ticket);
    await this.store.record(m, ticket, 'intake', req.reporterName, now, {
      channel: req.channel,
      // 首问负责制: the machine room asked first recorded the report and forwarded it to the unified intake.
      ...(req.firstAskedUnit ? { firstAskedUnit: req.firstAskedUnit, forwardedToUnifiedIntake: true } : {}),
      reporterContact: req.reporterContact,
      serviceTypeReported: req.serviceType,
      customerNameReported: req.customerName,
      ...(guarantee ? { guarantee: guarantee.title } : {}),
      ...(cutover ? { cutover: cutover.title } : {}),
    });
    await this.outbox.record(m, FaultEvents.ticketOpened, ticket.id, {
      ticketId: ticket.id,
      number: ticket.number,
      customerId: ticket.customerId,
      circuitId: ticket.circuitId,
      serviceType: ticket.serviceType,
      channel: ticket.channel,
      faultAt: ticket.faultAt.toISOString(),
      openedAt: now.toISOString(),
    });
    await this.startClocks(m, ticket, now);
    if (guarantee) await this.escalations.escalate(m, ticket, { level: 'department', trigger: 'auto:guarantee', reason: `Fault on a circuit under guarantee: ${guarantee.title}`, by: 'system' });
    if (ticket.hqOutage) await this.escalations.escalate(m, ticket, { level: 'department', trigger: 'auto:hq-outage', reason: "Outage of a key customer's HQ business", by: 'system' });
    return { ticket: await this.store.view(m, ticket), duplicate: false };
  }

  /** The clocks every new (or reopened) ticket runs. */
  async startClocks(m: EntityManager, ticket: Ticket, now: Date): Promise<void> {
    const id = ticket.id;
    if (ticket.reopenCount === 0) {
      await this.clocks.start(m, 'ticket', id, TICKET_CLOCKS.dispatch, LIMITS.dispatchMs, { customerId: ticket.customerId });
      await this.clocks.start(m, 'ticket', id, TICKET_CLOCKS.firstFeedback, LIMITS.firstFeedbackMs, { customerId: ticket.customerId, warnBeforeMs: [5 * MIN] });
    } else {
      await this.clocks.start(m, 'ticket', id, TICKET_CLOCKS.feedback, LIMITS.feedbackEveryMs, { customerId: ticket.customerId, warnBeforeMs: [15 * MIN] });
    }
    await this.clocks.start(m, 'ticket', id, TICKET_CLOCKS.resolution, ticket.resolutionLimitMinutes * MIN, { customerId: ticket.customerId, startedAt: now, warnBeforeMs: [30 * MIN] });
    await this.clocks.start(m, 'ticket', id, TICKET_CLOCKS.jointHandling, jointHandlingAfterMs(ticket.customerTier), { customerId: ticket.customerId });
    const onSite = onSiteWithinMs(ticket.customerTier);
    if (onSite !== null && ticket.reopenCount === 0) await this.clocks.start(m, 'ticket', id, TICKET_CLOCKS.onSite, onSite, { customerId: ticket.customerId, startedAt: ticket.faultAt < now ? ticket.faultAt : now });
  }

  /**
   * Difficult faults and long-open tickets (疑难故障, 长时间未结工单) for coordinated review: open tickets past their
   * resolution limit, and tickets on circuits with repeated faults (seed 000 cases 10–12).
   */
  async review(q: ReviewQuery): Promise<Page<ReviewItemView>> {
    const { limit, offset } = pageBounds(q);
    const { column, direction } = sortOrder(q, 'openedAt', ['openedAt', 'number']);
    const orderBy = `${column === 'number' ? 'number' : 'opened_at'} ${direction}`;
    const now = this.clock.now();
    const since = new Date(now.getTime() - (q.windowDays ?? 30) * 86_400_000);
    const rows = (await this.dataSource.query(
      `WITH candidates AS (
         SELECT t.id, t.number, t.status, t.customer_name, t.circuit_code, t.opened_at,
                t.status NOT IN ('closed', 'cancelled') AND EXISTS (
                  SELECT 1 FROM deadline_clock c WHERE c.subject_id = t.id::text AND c.kind = 'resolution' AND c.breached_at IS NOT NULL
                ) AS past_limit,
                (SELECT count(*)::int FROM ticket o WHERE o.circuit_id = t.circuit_id AND o.status <> 'cancelled' AND o.opened_at >= $1) AS on_circuit
           FROM ticket t
          WHERE t.status <> 'cancelled')
       SELECT *, count(*) OVER ()::int AS total FROM candidates
        WHERE past_limit OR (on_circuit >= $2 AND opened_at >= $1)
        ORDER BY ${orderBy}, id LIMIT $3 OFFSET $4`,
      [since, q.minRepeats ?? 3, limit, offset],
    )) as Array<{ id: string; number: string; status: TicketStatus; customer_name: string; circuit_code: string; opened_at: Date; past_limit: boolean; on_circuit: number; total: number }>;
    return {
      items: rows.map((r) => ({
        ticketId: r.id,
        number: r.number,
        status: r.status,
        customerName: r.customer_name,
        circuitCode: r.circuit_code,
        openedAt: r.opened_at.toISOString(),
        reasons: [...(r.past_limit ? (['past-limit'] as const) : []), ...(r.on_circuit >= (q.minRepeats ?? 3) ? (['repeated-faults'] as const) : [])],
        faultsOnCircuit: r.on_circuit,
      })),
      total: rows[0]?.total ?? 0,
      limit,
      offset,
    };
  }

  async get(id: string): Promise<TicketView> {
    const m = this.dataSource.manager;
    const ticket = await m.findOneBy(Ticket, { id });
    if (!ticket) throw new AppError('TICKET_NOT_FOUND', `No fault ticket ${id}`);
    return this.store.view(m, ticket);
  }

  async timeline(id: string): Promise<TimelineEntryView[]> {
    const m = this.dataSource.manager;
    if (!(await m.existsBy(Ticket, { id }))) throw new AppError('TICKET_NOT_FOUND', `No fault ticket ${id}`);
    return this.store.timeline(m, id);
  }

  async list(q: ListTicketsQuery): Promise<Page<TicketView>> {
    const m = this.dataSource.manager;
    const qb = m.getRepository(Ticket).createQueryBuilder('t');
    if (q.customerId) qb.andWhere('t.customer_id = :customerId', { customerId: q.customerId });
    if (q.incidentId) qb.andWhere('t.incident_id = :incidentId', { incidentId: q.incidentId });
    if (q.circuitCode) qb.andWhere('t.circuit_code = :circuitCode', { circuitCode: q.circuitCode });
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    if (q.openedFrom) qb.andWhere('t.opened_at >= :from', { from: q.openedFrom });
    if (q.openedTo) qb.andWhere('t.opened_at < :to', { to: q.openedTo });
    if (q.escalated !== undefined) qb.andWhere(q.escalated ? '(t.escalation_level IS NOT NULL OR t.joint_handling)' : '(t.escalation_level IS NULL AND NOT t.joint_handling)');
    if (q.overdue !== undefined) {
      const breached = `EXISTS (SELECT 1 FROM deadline_clock c WHERE c.breached_at IS NOT NULL
        AND (c.subject_id = t.id::text OR c.subject_id IN (SELECT l.id::text FROM dispatch_leg l WHERE l.ticket_id = t.id)))`;
      qb.andWhere(q.overdue ? breached : `NOT ${breached}`);
    }
    const page = await paginate(qb, q, 'openedAt', (t) => t, ['faultAt', 'number', 'status', 'customerName', 'restoredAt', 'closedAt']);
    return { ...page, items: await Promise.all(page.items.map((t) => this.store.view(m, t))) };
  }
}
