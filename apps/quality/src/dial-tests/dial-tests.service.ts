import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  AppError,
  Caller,
  Clock,
  DialTestEvents,
  DialTestResultBody,
  DialTestResultReply,
  DialTestView,
  ListDialTestsQuery,
  OutboxWriter,
  Page,
  paginate,
  QualitySettings,
  RequestDialTestRequest,
  ServiceSettings,
  ServiceType,
  TicketDialTestsQuery,
  UnitOfWork,
} from '@app/shared';
import { DataSource, EntityManager } from 'typeorm';
import { DialTest } from './dial-test.entity';
import { forCustomer, OPEN_TICKET_STATUSES, resultOf, resultProblems } from './dial-test.rules';

interface TicketRow {
  id: string;
  number: string;
  circuit_id: string | null;
  customer_id: string;
  status: string;
}

interface CircuitRow {
  id: string;
  code: string;
  customer_id: string;
  service_type: ServiceType;
}

function view(t: DialTest): DialTestView {
  const r = t.result ?? {};
  const v: DialTestView = {
    dialTestId: t.id,
    kind: t.kind,
    status: t.status,
    circuitId: t.circuitId,
    circuitCode: t.circuitCode,
    customerId: t.customerId,
    ...(t.ticketId ? { ticketId: t.ticketId } : {}),
    ...(t.requestedAt ? { requestedAt: t.requestedAt.toISOString() } : {}),
    ...(t.requestedBy ? { requestedBy: t.requestedBy } : {}),
    ...(t.note ? { note: t.note } : {}),
    ...(t.source ? { source: t.source } : {}),
    ...(t.startedAt ? { startedAt: t.startedAt.toISOString() } : {}),
    ...(t.finishedAt ? { finishedAt: t.finishedAt.toISOString() } : {}),
    ...r,
  };
  return v;
}

const notFound = (id: string) => new AppError('NOT_FOUND', `No dial test ${id}`);

/**
 * Dial tests (seed 003, 业务质量拨测): asked for a circuit or from one of its open tickets (an event probe systems
 * consume), answered by a probe system's result, or reported by a probe on its own. A failed result is an event fault
 * attaches to the circuit's open ticket as evidence of the faulty segment.
 */
@Injectable()
export class DialTestsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly settings: ServiceSettings<QualitySettings>,
    private readonly outbox: OutboxWriter,
  ) {}

  /** A customer's user is confined to its own circuits and tickets; another's are as unknown to it. */
  async request(req: RequestDialTestRequest, caller: Caller): Promise<DialTestView> {
    if (!req.circuitId && !req.ticketId) {
      throw new AppError('VALIDATION_FAILED', 'Name the circuit or the ticket to test', { fields: [{ field: 'circuitId', reason: 'a circuit or a ticket is required' }] });
    }
    const limits = (await this.settings.get()).values;
    return this.uow.run(async (m) => {
      const now = this.clock.now();
      const ticket = req.ticketId ? await this.openTicket(m, req.ticketId, caller) : undefined;
      if (ticket && req.circuitId && ticket.circuit_id !== req.circuitId) {
        throw new AppError('VALIDATION_FAILED', `Ticket ${ticket.number} is not about circuit ${req.circuitId}`, { fields: [{ field: 'circuitId', reason: "not the ticket's circuit" }] });
      }
      const circuitId = ticket?.circuit_id ?? req.circuitId!;
      const [circuit] = (await m.query('SELECT id, code, customer_id, service_type FROM known_circuit WHERE id = $1', [circuitId])) as CircuitRow[];
      if (!circuit || (caller.customerId !== undefined && circuit.customer_id !== caller.customerId)) {
        throw new AppError('CIRCUIT_NOT_FOUND', `Circuit ${circuitId} is not known to quality monitoring`);
      }
      // One request at a time per circuit counts the ones waiting.
      await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 15))', [circuit.id]);
      const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM dial_test WHERE circuit_id = $1 AND status = 'requested'`, [circuit.id])) as Array<{ n: number }>;
      if (n >= limits.maxPendingDialTests) {
        throw new AppError('CONFLICT', `Circuit ${circuit.code} has ${n} dial tests waiting for a probe system`, {
          fields: [{ field: req.ticketId ? 'ticketId' : 'circuitId', reason: `at most ${limits.maxPendingDialTests} dial tests waiting per circuit (setting maxPendingDialTests)` }],
        });
      }
      const test = m.create(DialTest, {
        id: randomUUID(),
        kind: req.kind,
        status: 'requested',
        circuitId: circuit.id,
        circuitCode: circuit.code,
        customerId: circuit.customer_id,
        ticketId: ticket?.id ?? null,
        note: req.note ?? null,
        requestedBy: caller.username,
        requestedAt: now,
        createdAt: now,
        source: null,
        startedAt: null,
        finishedAt: null,
        recordedAt: null,
        result: null,
      });
      await m.insert(DialTest, test);
      await this.outbox.record(m, DialTestEvents.requested, circuit.id, {
        dialTestId: test.id,
        kind: test.kind,
        circuitId: circuit.id,
        circuitCode: circuit.code,
        customerId: circuit.customer_id,
        serviceType: circuit.service_type,
        ...(ticket ? { ticketId: ticket.id, ticketNumber: ticket.number } : {}),
        ...(req.note ? { note: req.note } : {}),
        requestedBy: caller.username,
        requestedAt: now.toISOString(),
      });
      return this.as(caller, test);
    });
  }

  /**
   * A probe system's result: it answers the request of that id, or (with the circuit and kind) is a test the probe
   * ran on its own. The same id again is answered as the first time; nothing changes. `source`: the probe system
   * (its JetStream subject, or the signed-in system client).
   */
  async record(r: DialTestResultBody, source: string): Promise<DialTestResultReply> {
    const limits = (await this.settings.get()).values;
    return this.uow.run(async (m) => {
      const now = this.clock.now();
      // Two copies of one result (a redelivery, the same result over HTTP) are recorded once.
      await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 16))', [r.dialTestId]);
      let test = await m.findOneBy(DialTest, { id: r.dialTestId });
      // A late result (after the request expired) is still the result.
      if (test && test.status !== 'requested' && test.status !== 'expired') {
        return { dialTestId: test.id, outcome: test.status, replayed: true, ...(test.ticketId && test.status === 'failed' ? { ticketId: test.ticketId } : {}) };
      }
      const isNew = !test;
      if (!test) test = await this.unrequested(m, r, now);
      else if (r.kind && r.kind !== test.kind) {
        throw new AppError('VALIDATION_FAILED', `Dial test ${test.id} is a ${test.kind} test`, { fields: [{ field: 'kind', reason: `the request was for a ${test.kind} test` }] });
      }
      const problems = resultProblems(test.kind, r, limits.maxPathHops);
      if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `Invalid result: ${problems.map((p) => p.field).join(', ')}`, { fields: problems });
      // A failed test is evidence for the circuit's open ticket: the one it was asked from, else any open one.
      if (r.outcome === 'failed' && !(test.ticketId && (await this.isOpen(m, test.ticketId)))) test.ticketId = (await this.openTicketOf(m, test.circuitId)) ?? test.ticketId;
      Object.assign(test, {
        status: r.outcome,
        source,
        startedAt: new Date(r.startedAt),
        finishedAt: new Date(r.finishedAt),
        recordedAt: now,
        result: resultOf(r),
      });
      if (isNew) await m.insert(DialTest, test);
      else await m.save(DialTest, test);
      await this.outbox.record(m, DialTestEvents.completed, test.circuitId, {
        dialTestId: test.id,
        kind: test.kind,
        circuitId: test.circuitId,
        circuitCode: test.circuitCode,
        customerId: test.customerId,
        outcome: r.outcome,
        ...(test.ticketId ? { ticketId: test.ticketId } : {}),
        source,
        startedAt: r.startedAt,
        finishedAt: r.finishedAt,
        ...resultOf(r),
      });
      return { dialTestId: test.id, outcome: r.outcome, replayed: false, ...(test.ticketId && r.outcome === 'failed' ? { ticketId: test.ticketId } : {}) };
    });
  }

  async get(id: string, caller: Caller): Promise<DialTestView> {
    const test = await this.dataSource.getRepository(DialTest).findOneBy({ id });
    if (!test || (caller.customerId !== undefined && test.customerId !== caller.customerId)) throw notFound(id);
    return this.as(caller, test);
  }

  /** Newest first; a customer's user sees its own circuits' tests only, without what is internal. */
  list(q: ListDialTestsQuery, caller: Caller): Promise<Page<DialTestView>> {
    const qb = this.dataSource.getRepository(DialTest).createQueryBuilder('d');
    const customerId = caller.customerId ?? q.customerId;
    if (customerId) qb.andWhere('d.customer_id = :customerId', { customerId });
    if (q.circuitId) qb.andWhere('d.circuit_id = :circuitId', { circuitId: q.circuitId });
    if (q.ticketId) qb.andWhere('d.ticket_id = :ticketId', { ticketId: q.ticketId });
    if (q.kind) qb.andWhere('d.kind = :kind', { kind: q.kind });
    if (q.status) qb.andWhere('d.status = :status', { status: q.status });
    if (q.from) qb.andWhere('d.created_at >= :from', { from: new Date(q.from) });
    if (q.to) qb.andWhere('d.created_at < :to', { to: new Date(q.to) });
    return paginate(qb, q, 'createdAt', (t) => this.as(caller, t), ['createdAt']);
  }

  /** A ticket's tests; a ticket quality has not heard of (or, to a customer's user, another's) is not found. */
  async ofTicket(q: TicketDialTestsQuery, caller: Caller): Promise<Page<DialTestView>> {
    const [ticket] = (await this.dataSource.query('SELECT customer_id FROM known_ticket WHERE id = $1', [q.id])) as Array<{ customer_id: string }>;
    if (!ticket || (caller.customerId !== undefined && ticket.customer_id !== caller.customerId)) throw new AppError('TICKET_NOT_FOUND', `No fault ticket ${q.id}`);
    const { id, ...query } = q;
    return this.list({ ...query, ticketId: id }, caller);
  }

  private as(caller: Caller, t: DialTest): DialTestView {
    return caller.customerId === undefined ? view(t) : forCustomer(view(t));
  }

  private async unrequested(m: EntityManager, r: DialTestResultBody, now: Date): Promise<DialTest> {
    if (!r.circuitCode || !r.kind) {
      throw new AppError('VALIDATION_FAILED', `No dial test ${r.dialTestId} was requested: a test the probe ran on its own names the circuit and kind`, {
        fields: [{ field: r.circuitCode ? 'kind' : 'circuitCode', reason: 'required for a test that answers no request' }],
      });
    }
    const [circuit] = (await m.query('SELECT id, code, customer_id FROM known_circuit WHERE code = $1', [r.circuitCode])) as CircuitRow[];
    if (!circuit) throw new AppError('CIRCUIT_UNKNOWN', `Circuit ${r.circuitCode} is not in the inventory`, { fields: [{ field: 'circuitCode', reason: 'no such circuit' }] });
    return m.create(DialTest, {
      id: r.dialTestId,
      kind: r.kind,
      status: 'requested',
      circuitId: circuit.id,
      circuitCode: circuit.code,
      customerId: circuit.customer_id,
      ticketId: null,
      note: null,
      requestedBy: null,
      requestedAt: null,
      createdAt: now,
    });
  }

  private async openTicket(m: EntityManager, id: string, caller: Caller): Promise<TicketRow> {
    const [ticket] = (await m.query('SELECT id, number, circuit_id, customer_id, status FROM known_ticket WHERE id = $1', [id])) as TicketRow[];
    if (!ticket || (caller.customerId !== undefined && ticket.customer_id !== caller.customerId)) throw new AppError('TICKET_NOT_FOUND', `No fault ticket ${id}`);
    if (!OPEN_TICKET_STATUSES.includes(ticket.status)) {
      throw new AppError('INVALID_TRANSITION', `Ticket ${ticket.number} is ${ticket.status}: a dial test is asked from an open ticket`);
    }
    if (!ticket.circuit_id) {
      throw new AppError('CIRCUIT_UNKNOWN', `Ticket ${ticket.number} names no circuit of the inventory`, { fields: [{ field: 'ticketId', reason: 'the ticket names no known circuit' }] });
    }
    return ticket;
  }

  private async isOpen(m: EntityManager, ticketId: string): Promise<boolean> {
    const rows = (await m.query('SELECT 1 FROM known_ticket WHERE id = $1 AND status = ANY($2)', [ticketId, OPEN_TICKET_STATUSES])) as unknown[];
    return rows.length > 0;
  }

  private async openTicketOf(m: EntityManager, circuitId: string): Promise<string | undefined> {
    const [row] = (await m.query('SELECT id FROM known_ticket WHERE circuit_id = $1 AND status = ANY($2) ORDER BY number DESC LIMIT 1', [circuitId, OPEN_TICKET_STATUSES])) as Array<{ id: string }>;
    return row?.id;
  }
}
