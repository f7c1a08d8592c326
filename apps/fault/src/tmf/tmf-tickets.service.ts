import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AppError,
  Caller,
  Clock,
  FaultTmfEvents,
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
import { Ticket, TicketRecord } from '../tickets/ticket.entities';
import { ticketViews } from '../tickets/ticket-views';
import { TmfTicketRecord } from './tmf-ticket.entity';
import {
  chooseCircuit,
  parseCreate,
  parseFilters,
  parsePatch,
  refWithRole,
  renderTicket,
  STATUS_AFTER_RECORD,
  statusHistory,
  ticketStatusesOf,
  TmfDraft,
} from './tmf-ticket.rules';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const notFound = (id: string) => new AppError('TICKET_NOT_FOUND', `No trouble ticket ${id}`);

/** Columns of the list's attribute filters. */
const FILTER_COLUMNS = { id: 'x.id::text', severity: 'x.severity', ticketType: 'x.ticket_type', priority: 'x.priority', name: 'x.name', externalId: 'x.external_id' } as const;

/**
 * TMF621 trouble tickets: a report from an outside system opens (or joins) a fault ticket through the same intake as
 * every other channel, and is kept beside it with what TMF states that fault handling does not (severity, type, notes,
 * attachments). A customer's own system sees its customer's tickets only.
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
  ) {}

  /**
   * The fault ticket is opened first (its own transaction, with its clocks), then the TMF ticket is recorded. Should
   * the process stop between the two, the client's retry is linked to that fault ticket as a second report.
   */
  async create(req: TmfCreateRequest, caller: Caller): Promise<TmfTicket> {
    const draft = parseCreate(req.version, req.ticket);
    const { customer, circuit } = await this.target(draft, caller);
    const now = this.clock.now();
    const reporter = refWithRole(draft.relatedParty, 'reporter') ?? refWithRole(draft.relatedParty, 'originator');
    const { ticket } = await this.intake.open(
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
        channel: caller.customerId ? 'partner' : 'oss',
      },
      caller,
    );
    const row = this.db.manager.create(TmfTicketRecord, {
      id: randomUUID(),
      ticketId: ticket.id,
      customerId: customer.id,
      channel: caller.customerId ? 'partner' : 'oss',
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
      createdBy: caller.username,
      createdAt: now,
      updatedAt: now,
      version: 1,
      notifiedStatus: null,
    });
    return this.uow.run(async (m) => {
      await m.insert(TmfTicketRecord, row);
      const rendered = await this.announce(m, row, 'TroubleTicketCreateEvent');
      row.notifiedStatus = rendered.v4.status as string;
      await m.update(TmfTicketRecord, { id: row.id }, { notifiedStatus: row.notifiedStatus });
      return rendered[req.version];
    });
  }

  /**
   * Fault handling moved a ticket on: each TMF ticket of it whose TMF status changed is announced (and, restored,
   * also as resolved), in the transaction that consumes the ticket's event.
   */
  async ticketChanged(m: EntityManager, ticketId: string): Promise<void> {
    const rows = await m.find(TmfTicketRecord, { where: { ticketId }, order: { createdAt: 'ASC' }, lock: { mode: 'pessimistic_write' } });
    for (const row of rows) {
      const [now] = await this.render(m, 'v4', [row]);
      if (now.status === row.notifiedStatus) continue;
      await this.announce(m, row, 'TroubleTicketStatusChangeEvent');
      if (now.status === 'resolved') await this.announce(m, row, 'TroubleTicketResolvedEvent');
      await m.update(TmfTicketRecord, { id: row.id }, { notifiedStatus: now.status as string });
    }
  }

  /** Records the TMF event of a ticket, rendered for every version; answers the renderings. */
  private async announce(m: EntityManager, row: TmfTicketRecord, eventType: TmfEventType): Promise<Record<TmfVersion, TmfTicket>> {
    const tickets = Object.fromEntries(await Promise.all(TMF_VERSIONS.map(async (v) => [v, (await this.render(m, v, [row]))[0]] as const))) as Record<TmfVersion, TmfTicket>;
    await this.outbox.record(m, FaultTmfEvents.ticketEvent, row.id, { tmfTicketId: row.id, customerId: row.customerId, eventType, at: this.clock.now().toISOString(), tickets });
    return tickets;
  }

  async get(req: TmfIdRequest, caller: Caller): Promise<TmfTicket> {
    const row = await this.find(this.db.manager, req.id, caller);
    return (await this.render(this.db.manager, req.version, [row]))[0];
  }

  async list(req: TmfListRequest, caller: Caller): Promise<TmfTicketPage> {
    const filters = parseFilters(req.filters);
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (caller.customerId) where.push(`x.customer_id = ${param(caller.customerId)}`);
    for (const [key, values] of Object.entries(filters)) {
      if (key === 'status') {
        where.push(`t.status = ANY(${param(values.flatMap(ticketStatusesOf))})`);
      } else {
        where.push(`${FILTER_COLUMNS[key as keyof typeof FILTER_COLUMNS]} = ANY(${param(values)})`);
      }
    }
    const from = `FROM tmf_ticket x JOIN ticket t ON t.id = x.ticket_id ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
    const [{ total }] = (await this.db.query(`SELECT count(*)::int AS total ${from}`, params)) as [{ total: number }];
    const ids = (await this.db.query(`SELECT x.id ${from} ORDER BY x.created_at, x.id LIMIT ${param(req.limit)} OFFSET ${param(req.offset)}`, params)) as { id: string }[];
    const rows = await this.db.manager.findBy(TmfTicketRecord, { id: In(ids.map((r) => r.id)) });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { items: await this.render(this.db.manager, req.version, ids.map((r) => byId.get(r.id)!)), total };
  }

  async patch(req: TmfPatchRequest, caller: Caller): Promise<TmfTicket> {
    return this.uow.run(async (m) => {
      const row = await this.find(m, req.id, caller, true);
      const patch = parsePatch(req.version, req.patch, { noteIds: row.notes.map((n) => n.id), attachmentIds: row.attachments.map((a) => a.id) });
      const now = this.clock.now();
      const { requestedResolutionDate, ...set } = patch.set;
      Object.assign(row, set);
      if (requestedResolutionDate !== undefined) row.requestedResolutionDate = new Date(requestedResolutionDate);
      for (const attr of patch.remove) row[attr] = null;
      row.notes = [...row.notes, ...patch.newNotes.map((text) => ({ id: randomUUID(), author: caller.username, date: now.toISOString(), text }))];
      row.attachments = [...row.attachments, ...patch.newAttachments.map((a) => ({ id: randomUUID(), ...a }))];
      row.updatedAt = now;
      row.version += 1;
      await m.save(row);
      return (await this.announce(m, row, 'TroubleTicketAttributeValueChangeEvent'))[req.version];
    });
  }

  /** Another customer's ticket is as unknown to a customer's own system as one that does not exist. */
  private async find(m: EntityManager, id: string, caller: Caller, lock = false): Promise<TmfTicketRecord> {
    if (!UUID.test(id)) throw notFound(id);
    const row = await m.findOne(TmfTicketRecord, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!row || (caller.customerId && row.customerId !== caller.customerId)) throw notFound(id);
    return row;
  }

  /** The customer from relatedParty (role customer) or the caller's own; the circuit from relatedEntity, else its only live one. */
  private async target(draft: TmfDraft, caller: Caller): Promise<{ customer: KnownCustomer; circuit: KnownCircuit }> {
    const m = this.db.manager;
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

  /** Each TMF ticket with its fault ticket as the customer sees it and the status history from the ticket's records. */
  private async render(m: EntityManager, version: TmfVersion, rows: TmfTicketRecord[]): Promise<TmfTicket[]> {
    if (rows.length === 0) return [];
    const ticketIds = [...new Set(rows.map((r) => r.ticketId))];
    const [tickets, records] = await Promise.all([
      m.findBy(Ticket, { id: In(ticketIds) }).then((ts) => ticketViews(m, this.clocks, ts)),
      m.find(TicketRecord, { where: { ticketId: In(ticketIds), type: In(Object.keys(STATUS_AFTER_RECORD)) }, order: { id: 'ASC' } }),
    ]);
    const views = new Map(tickets.map((t) => [t.id, forCustomer(t)]));
    return rows.map((row) => {
      const history = statusHistory(records.filter((r) => r.ticketId === row.ticketId).map((r) => ({ type: r.type, at: r.at, detail: r.detail as Record<string, unknown> })));
      return renderTicket(version, row, views.get(row.ticketId)!, history);
    });
  }
}
