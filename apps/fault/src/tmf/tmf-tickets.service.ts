import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AppError,
  Caller,
  Clock,
  FaultTmfEvents,
  isUniqueViolation,
  OutboxWriter,
  SubjectClocks,
  TMF_VERSIONS,
  TmfCreateRequest,
  TmfEventType,
  TmfIdRequest,
  TmfListRequest,
  TmfPatchRequest,
  TmfTicket,
  TmfTicketPage,
  TmfVersion,
  UnitOfWork,
} from '@app/shared';
import { KnownCircuit, KnownCustomer } from '../inventory/inventory.entities';
import { forCustomer } from '../tickets/customer-view';
import { IntakeService } from '../tickets/intake.service';
import { TicketActionRunner } from '../tickets/ticket-action.runner';
import { Ticket, TicketRecord } from '../tickets/ticket.entities';
import { TicketStore } from '../tickets/ticket-store';
import { ticketViews } from '../tickets/ticket-views';
import { TmfTicketAddition, TmfTicketRecord } from './tmf-ticket.entity';
import {
  chooseCircuit,
  NATIVE_SEVERITY,
  NATIVE_TICKET_TYPE,
  nativeAttributes,
  nativeReport,
  parseCreate,
  parseFilters,
  parsePatch,
  refWithRole,
  renderTicket,
  STATUS_AFTER_RECORD,
  statusHistory,
  ticketStatusesOf,
  TMF_STATUS_OF,
  TmfDraft,
  TmfStatus,
  TmfTicketRow,
  withdrawalRefusal,
} from './tmf-ticket.rules';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const notFound = (id: string) => new AppError('TICKET_NOT_FOUND', `No trouble ticket ${id}`);

/**
 * Every TroubleTicket (tmf-ticket.rules.ts, nativeReport): each TMF report, and each fault ticket no TMF report opened,
 * with the fault ticket's id and the attributes its native report has. $1–$3: the native severities and type.
 */
const TROUBLE_TICKETS = `(
  SELECT x.id, x.ticket_id, x.customer_id, x.created_at, x.severity, x.ticket_type, x.priority, x.name, x.external_id, true AS tmf
  FROM tmf_ticket x WHERE x.withdrawn_at IS NULL
  UNION ALL
  SELECT t.id, t.id, t.customer_id, t.opened_at, CASE WHEN t.hq_outage THEN $1 ELSE $2 END, $3::text, NULL, t.direction, NULL, false
  FROM ticket t WHERE NOT EXISTS (SELECT 1 FROM tmf_ticket o WHERE o.ticket_id = t.id AND o.opens_ticket)
) x`;
const TROUBLE_TICKET_PARAMS = [NATIVE_SEVERITY.hqOutage, NATIVE_SEVERITY.other, NATIVE_TICKET_TYPE];

/** Columns of the list's attribute filters. */
const FILTER_COLUMNS = { id: 'x.id::text', severity: 'x.severity', ticketType: 'x.ticket_type', priority: 'x.priority', name: 'x.name', externalId: 'x.external_id' } as const;

/** A TroubleTicket to render: a TMF report, or a fault ticket opened outside TMF (no report). */
interface Source {
  ticketId: string;
  report?: TmfTicketRecord;
}

/**
 * TMF621 trouble tickets: a report from an outside system opens (or joins) a fault ticket through the same intake as
 * every other channel, and is kept beside it with what TMF states that fault handling does not (severity, type, notes,
 * attachments). Every other fault ticket is a TroubleTicket too, read-only. A customer's own system sees its
 * customer's tickets only.
 */
@Injectable()
export class TmfTicketsService {
  constructor(
    private readonly db: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly intake: IntakeService,
    private readonly clocks: SubjectClocks,
    private readonly outbox: OutboxWriter,
    private readonly store: TicketStore,
    private readonly runner: TicketActionRunner,
  ) {}

  /**
   * One unit of work: the intake's writes (the ticket, its clocks and events, or the duplicate report), the TMF
   * report and its announcement commit together, with the answer under the request's idempotency key, so a retry
   * (with the same key) gets this answer and nothing is opened twice or half.
   */
  async create(req: TmfCreateRequest, caller: Caller): Promise<TmfTicket> {
    const draft = parseCreate(req.version, req.ticket);
    const open = () => this.uow.run((m) => this.createIn(m, req.version, draft, caller));
    try {
      return await open();
    } catch (err) {
      // Two reports of the same circuit at the same moment: the other one opened it, so this one joins it.
      if (isUniqueViolation(err)) return open();
      throw err;
    }
  }

  private async createIn(m: EntityManager, version: TmfVersion, draft: TmfDraft, caller: Caller): Promise<TmfTicket> {
    const { customer, circuit } = await this.target(m, draft, caller);
    const now = this.clock.now();
    const channel = caller.customerId ? 'partner' : 'oss';
    const reporter = refWithRole(draft.relatedParty, 'reporter') ?? refWithRole(draft.relatedParty, 'originator');
    const { ticket, duplicate } = await this.intake.openWithin(
      m,
      {
        customerCode: customer.code,
        customerName: customer.name,
        serviceType: circuit.serviceType,
        circuitCode: circuit.code,
        direction: (draft.name ?? circuit.code).slice(0, 200),
        faultAt: now.toISOString(),
        symptom: draft.description,
        reporterName: (reporter?.name ?? caller.username).slice(0, 100),
        reporterContact: (reporter?.id ?? caller.username).slice(0, 100),
        channel,
      },
      caller,
    );
    const row = m.create(TmfTicketRecord, {
      id: randomUUID(),
      ticketId: ticket.id,
      customerId: customer.id,
      channel,
      name: draft.name ?? null,
      description: draft.description,
      severity: draft.severity,
      ticketType: draft.ticketType,
      priority: draft.priority ?? null,
      externalId: draft.externalId ?? null,
      requestedResolutionDate: draft.requestedResolutionDate ? new Date(draft.requestedResolutionDate) : null,
      notes: draft.notes.map((text) => ({ id: randomUUID(), author: caller.username, date: now.toISOString(), text })),
      attachments: draft.attachments.map((a) => ({ id: randomUUID(), ...a })),
      relatedParty: draft.relatedParty,
      relatedEntity: draft.relatedEntity,
      characteristics: draft.characteristics,
      relationships: draft.relationships,
      specification: draft.specification ?? null,
      withdrawnAt: null,
      withdrawnBy: null,
      createdBy: caller.username,
      createdAt: now,
      updatedAt: now,
      version: 1,
      opensTicket: !duplicate,
      notifiedStatus: null,
    });
    await m.insert(TmfTicketRecord, row);
    const rendered = await this.announce(m, { ticketId: row.ticketId, report: row }, row.customerId, 'TroubleTicketCreateEvent');
    await m.update(TmfTicketRecord, { id: row.id }, { notifiedStatus: rendered.v4.status as string });
    return rendered[version];
  }

  /** A ticket opened outside TMF621 is announced to the hub as created (one opened through TMF was, with its report). */
  async ticketOpened(m: EntityManager, ticketId: string): Promise<void> {
    if (!(await this.openedThroughTmf(m, ticketId))) await this.announceNative(m, ticketId);
  }

  /**
   * Fault handling moved a ticket on: each TroubleTicket of it whose TMF status changed is announced (and, restored,
   * also as resolved), in the transaction that consumes the ticket's event.
   */
  async ticketChanged(m: EntityManager, ticketId: string): Promise<void> {
    const rows = await m.find(TmfTicketRecord, { where: { ticketId }, order: { createdAt: 'ASC' }, lock: { mode: 'pessimistic_write' } });
    for (const row of rows.filter((r) => !r.withdrawnAt)) {
      const [now] = await this.render(m, 'v4', [{ ticketId, report: row }]);
      if (now.status === row.notifiedStatus) continue;
      await this.announceChange(m, { ticketId, report: row }, row.customerId, now.status as TmfStatus);
      await m.update(TmfTicketRecord, { id: row.id }, { notifiedStatus: now.status as string });
    }
    if (!rows.some((r) => r.opensTicket)) await this.announceNative(m, ticketId);
  }

  /**
   * The TroubleTicket of a ticket opened outside TMF621: created once (also when a change of it is consumed first),
   * then each change of its TMF status.
   */
  private async announceNative(m: EntityManager, ticketId: string): Promise<void> {
    const ticket = await m.findOneBy(Ticket, { id: ticketId });
    if (!ticket) return;
    const status = TMF_STATUS_OF[ticket.status];
    // The first to claim the ticket announces it; a replica consuming another of its events meanwhile waits here.
    const claimed = (await m.query('INSERT INTO tmf_ticket_announced (ticket_id, notified_status) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING ticket_id', [ticketId, status])) as unknown[];
    if (claimed.length > 0) {
      await this.announce(m, { ticketId }, ticket.customerId, 'TroubleTicketCreateEvent');
      return;
    }
    const [known] = (await m.query('SELECT notified_status FROM tmf_ticket_announced WHERE ticket_id = $1 FOR UPDATE', [ticketId])) as { notified_status: string }[];
    if (status === known.notified_status) return;
    await this.announceChange(m, { ticketId }, ticket.customerId, status);
    await m.query('UPDATE tmf_ticket_announced SET notified_status = $2 WHERE ticket_id = $1', [ticketId, status]);
  }

  private async announceChange(m: EntityManager, source: Source, customerId: string, status: TmfStatus): Promise<void> {
    await this.announce(m, source, customerId, 'TroubleTicketStatusChangeEvent');
    if (status === 'resolved') await this.announce(m, source, customerId, 'TroubleTicketResolvedEvent');
  }

  /** Records the TMF event of a ticket, rendered for every version; answers the renderings. */
  private async announce(m: EntityManager, source: Source, customerId: string, eventType: TmfEventType): Promise<Record<TmfVersion, TmfTicket>> {
    const tickets = {} as Record<TmfVersion, TmfTicket>;
    for (const v of TMF_VERSIONS) tickets[v] = (await this.render(m, v, [source]))[0];
    const id = source.report?.id ?? source.ticketId;
    await this.outbox.record(m, FaultTmfEvents.ticketEvent, id, { tmfTicketId: id, customerId, eventType, at: this.clock.now().toISOString(), tickets });
    return tickets;
  }

  async get(req: TmfIdRequest, caller: Caller): Promise<TmfTicket> {
    const source = await this.find(this.db.manager, req.id, caller);
    return (await this.render(this.db.manager, req.version, [source]))[0];
  }

  async list(req: TmfListRequest, caller: Caller): Promise<TmfTicketPage> {
    const filters = parseFilters(req.filters);
    const where: string[] = [];
    const params: unknown[] = [...TROUBLE_TICKET_PARAMS];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (caller.customerId) where.push(`x.customer_id = ${param(caller.customerId)}`);
    for (const [key, values] of Object.entries(filters)) {
      if (key === 'status') {
        where.push(`t.status = ANY(${param(values.flatMap(ticketStatusesOf))})`);
      } else {
        where.push(`${FILTER_COLUMNS[key as keyof typeof FILTER_COLUMNS]} = ANY(${param(values)})`);
      }
    }
    const from = `FROM ${TROUBLE_TICKETS} JOIN ticket t ON t.id = x.ticket_id ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
    const [{ total }] = (await this.db.query(`SELECT count(*)::int AS total ${from}`, params)) as [{ total: number }];
    const page = (await this.db.query(`SELECT x.id, x.ticket_id, x.tmf ${from} ORDER BY x.created_at, x.id LIMIT ${param(req.limit)} OFFSET ${param(req.offset)}`, params)) as {
      id: string;
      ticket_id: string;
      tmf: boolean;
    }[];
    const reports = await this.db.manager.findBy(TmfTicketRecord, { id: In(page.filter((r) => r.tmf).map((r) => r.id)) });
    const byId = new Map(reports.map((r) => [r.id, r]));
    return { items: await this.render(this.db.manager, req.version, page.map((r) => ({ ticketId: r.ticket_id, report: byId.get(r.id) }))), total };
  }

  /**
   * A merge patch of a TroubleTicket. The client's own report takes every attribute it stated; a ticket the operator
   * opened (no TMF report) takes new notes and attachments only: what it says of the fault is the NOC's (409 naming
   * the attributes).
   */
  async patch(req: TmfPatchRequest, caller: Caller): Promise<TmfTicket> {
    return this.uow.run(async (m) => {
      const { ticketId, report: row } = await this.find(m, req.id, caller, true);
      if (!row) return this.addToNative(m, req, ticketId, caller);
      const patch = parsePatch(req.version, req.patch, { noteIds: row.notes.map((n) => n.id), attachmentIds: row.attachments.map((a) => a.id) });
      const now = this.clock.now();
      const { requestedResolutionDate, ...set } = patch.set;
      Object.assign(row, set);
      if (requestedResolutionDate !== undefined) row.requestedResolutionDate = new Date(requestedResolutionDate);
      for (const attr of patch.remove) row[attr] = null;
      row.notes = [...row.notes, ...this.newNotes(patch.newNotes, caller, now)];
      row.attachments = [...row.attachments, ...patch.newAttachments.map((a) => ({ id: randomUUID(), ...a }))];
      row.updatedAt = now;
      row.version += 1;
      await m.save(row);
      return (await this.announce(m, { ticketId: row.ticketId, report: row }, row.customerId, 'TroubleTicketAttributeValueChangeEvent'))[req.version];
    });
  }

  private newNotes(texts: string[], caller: Caller, now: Date) {
    return texts.map((text) => ({ id: randomUUID(), author: caller.username, date: now.toISOString(), text }));
  }

  private async addToNative(m: EntityManager, req: TmfPatchRequest, ticketId: string, caller: Caller): Promise<TmfTicket> {
    const ticket = (await m.findOneBy(Ticket, { id: ticketId }))!;
    await m.query('INSERT INTO tmf_ticket_addition (ticket_id, updated_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [ticketId, this.clock.now()]);
    const added = (await m.findOne(TmfTicketAddition, { where: { ticketId }, lock: { mode: 'pessimistic_write' } }))!;
    const patch = parsePatch(req.version, req.patch, { noteIds: added.notes.map((n) => n.id), attachmentIds: added.attachments.map((a) => a.id) });
    const operators = nativeAttributes(req.version, patch);
    if (operators.length > 0) {
      throw new AppError('CONFLICT', `Trouble ticket ${req.id} was opened by the operator: ${operators.join(', ')} ${operators.length > 1 ? 'are' : 'is'} the NOC's; add notes or attachments instead`, {
        fields: operators.map((field) => ({ field, reason: 'is kept by the NOC on a ticket the operator opened' })),
      });
    }
    const now = this.clock.now();
    added.notes = [...added.notes, ...this.newNotes(patch.newNotes, caller, now)];
    added.attachments = [...added.attachments, ...patch.newAttachments.map((a) => ({ id: randomUUID(), ...a }))];
    added.updatedAt = now;
    added.version += 1;
    await m.save(added);
    return (await this.announce(m, { ticketId }, ticket.customerId, 'TroubleTicketAttributeValueChangeEvent'))[req.version];
  }

  /**
   * DELETE: the client that opened a report through TMF621 withdraws it. Its fault ticket is cancelled when the report
   * opened it, nobody else reported it and the NOC has not dispatched it yet; a report that joined another's ticket is
   * withdrawn alone. Anything else is refused with its reason (403 not its report, 409 being handled). The report is
   * kept, marked withdrawn, and no longer served (404 after).
   */
  async withdraw(req: TmfIdRequest, caller: Caller): Promise<{ id: string }> {
    return this.uow.run(async (m) => {
      const { ticketId, report } = await this.find(m, req.id, caller, true);
      if (!report) throw new AppError('FORBIDDEN', `Trouble ticket ${req.id} was opened by the operator: only the NOC may cancel it`);
      if (report.createdBy !== caller.username) throw new AppError('FORBIDDEN', `Trouble ticket ${req.id} was opened by another client: only that client may withdraw it`);
      const now = this.clock.now();
      if (report.opensTicket) {
        const ticket = await this.store.lock(m, ticketId);
        const others = await this.otherReports(m, ticketId, report.id);
        const refusal = withdrawalRefusal(ticket.status, others);
        if (refusal) throw new AppError('CONFLICT', `Trouble ticket ${req.id} cannot be withdrawn: ${refusal}`);
        const ctx = await this.runner.context(m, ticket, caller.username);
        await ctx.clocks('cancel');
        ticket.status = 'cancelled';
        ticket.closedAt = now;
        await this.store.record(m, ticket, 'cancel', caller.username, now, { reason: `Withdrawn through TMF621 by ${caller.username}` });
        await this.store.save(m, ticket, 'cancel', now);
      }
      // The hub's listeners hear of the withdrawal (rendered as it stands, before it is no longer served).
      await this.announce(m, { ticketId, report }, report.customerId, 'TroubleTicketDeleteEvent');
      await m.update(TmfTicketRecord, { id: report.id }, { withdrawnAt: now, withdrawnBy: caller.username });
      return { id: report.id };
    });
  }

  /** Reports of the ticket besides this one: other TMF reports still served, and duplicate reports taken at intake. */
  private async otherReports(m: EntityManager, ticketId: string, reportId: string): Promise<number> {
    const [{ n }] = (await m.query(
      `SELECT (SELECT count(*) FROM tmf_ticket WHERE ticket_id = $1 AND id <> $2 AND withdrawn_at IS NULL)
            + (SELECT count(*) FROM ticket_record WHERE ticket_id = $1 AND type = 'duplicate-report') AS n`,
      [ticketId, reportId],
    )) as [{ n: string }];
    return Number(n);
  }

  private async openedThroughTmf(m: EntityManager, ticketId: string): Promise<boolean> {
    return m.exists(TmfTicketRecord, { where: { ticketId, opensTicket: true } });
  }

  /**
   * A TMF report by its id, else a fault ticket opened outside TMF by its own id. Another customer's ticket is as
   * unknown to a customer's own system as one that does not exist.
   */
  private async find(m: EntityManager, id: string, caller: Caller, lock = false): Promise<Source> {
    if (!UUID.test(id)) throw notFound(id);
    const row = await m.findOne(TmfTicketRecord, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (row) {
      if (row.withdrawnAt || (caller.customerId && row.customerId !== caller.customerId)) throw notFound(id);
      return { ticketId: row.ticketId, report: row };
    }
    const ticket = await m.findOneBy(Ticket, { id });
    if (!ticket || (caller.customerId && ticket.customerId !== caller.customerId) || (await this.openedThroughTmf(m, id))) throw notFound(id);
    return { ticketId: id };
  }

  /** The customer from relatedParty (role customer) or the caller's own; the circuit from relatedEntity, else its only live one. */
  private async target(m: EntityManager, draft: TmfDraft, caller: Caller): Promise<{ customer: KnownCustomer; circuit: KnownCircuit }> {
    const party = refWithRole(draft.relatedParty, 'customer');
    const named = refWithRole(draft.relatedEntity, 'circuit');
    const byIdOrCode = (ref: { id: string; name?: string }) => (UUID.test(ref.id) ? [{ id: ref.id }, { code: ref.id }] : [{ code: ref.id }, ...(ref.name ? [{ code: ref.name }] : [])]);
    let customer: KnownCustomer | null = null;
    if (party) customer = await m.findOne(KnownCustomer, { where: byIdOrCode(party) });
    else if (caller.customerId) customer = await m.findOneBy(KnownCustomer, { id: caller.customerId });
    else if (named) {
      const circuit = await m.findOne(KnownCircuit, { where: byIdOrCode(named) });
      if (circuit) customer = await m.findOneBy(KnownCustomer, { id: circuit.customerId });
    } else {
      throw new AppError('VALIDATION_FAILED', 'Name the customer in relatedParty (role "customer") or the circuit in relatedEntity (role "circuit")', {
        fields: [{ field: 'relatedParty', reason: 'must name the customer (role "customer")' }],
      });
    }
    if (!customer || (caller.customerId && customer.id !== caller.customerId)) {
      throw new AppError('CUSTOMER_UNKNOWN', 'relatedParty names no customer known to fault handling', { fields: [{ field: 'relatedParty', reason: 'names no known customer' }] });
    }
    const circuits = await m.find(KnownCircuit, { where: { customerId: customer.id }, order: { code: 'ASC' } });
    return { customer, circuit: chooseCircuit(circuits, named) };
  }

  /** Each TroubleTicket with its fault ticket as the customer sees it and the status history from the ticket's records. */
  private async render(m: EntityManager, version: TmfVersion, sources: Source[]): Promise<TmfTicket[]> {
    if (sources.length === 0) return [];
    const ticketIds = [...new Set(sources.map((s) => s.ticketId))];
    const native = sources.filter((s) => !s.report).map((s) => s.ticketId);
    // One after another: `m` may be a transaction's, one connection (pg refuses overlapping queries on one client from v9).
    const tickets = await m.findBy(Ticket, { id: In(ticketIds) });
    const records = await m.find(TicketRecord, { where: { ticketId: In(ticketIds), type: In(Object.keys(STATUS_AFTER_RECORD)) }, order: { id: 'ASC' } });
    const additions = native.length > 0 ? await m.findBy(TmfTicketAddition, { ticketId: In(native) }) : [];
    const byId = new Map(tickets.map((t) => [t.id, t]));
    const added = new Map(additions.map((a) => [a.ticketId, a]));
    const views = new Map((await ticketViews(m, this.clocks, tickets)).map((t) => [t.id, forCustomer(t)]));
    return sources.map(({ ticketId, report }) => {
      const history = statusHistory(records.filter((r) => r.ticketId === ticketId).map((r) => ({ type: r.type, at: r.at, detail: r.detail as Record<string, unknown> })));
      const row: TmfTicketRow = report ?? nativeReport(byId.get(ticketId)!, added.get(ticketId));
      return renderTicket(version, row, views.get(ticketId)!, history);
    });
  }
}
