import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AppError,
  Caller,
  Clock,
  CreateGuaranteeRequest,
  GuaranteeCheckRequest,
  GuaranteeReasonRequest,
  GuaranteeStaffRequest,
  GuaranteeView,
  groupedBy,
  ListGuaranteesQuery,
  nextBusinessNumber,
  OutboxWriter,
  Page,
  paginate,
  ServiceSettings,
  statedTime,
  SubjectClocks,
  UnitOfWork,
  VisitsEvents,
  VisitsSettings,
} from '@app/shared';
import { KnownCircuit, KnownCustomer } from '../inventory/inventory.entities';
import { Guarantee, GuaranteeCheck } from './guarantee.entities';
import { assertGuarantee, assertPeriod, GUARANTEE_CLOCKS, GuaranteeAction, isReady, readiness, startsActive } from './guarantee.rules';

const SUBJECT = 'guarantee';

/** Important-period guarantees: the period's start and end as clocks, checks before it, fixed staff, events for fault. */
@Injectable()
export class GuaranteesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clocks: SubjectClocks,
    private readonly clock: Clock,
    private readonly settings: ServiceSettings<VisitsSettings>,
  ) {}

  create(req: CreateGuaranteeRequest, caller: Caller): Promise<GuaranteeView> {
    return this.uow.run(async (m) => {
      const customer = await m.findOneBy(KnownCustomer, { id: req.customerId });
      if (!customer) throw new AppError('CUSTOMER_UNKNOWN', `Customer ${req.customerId} is not known`, { fields: [{ field: 'customerId', reason: 'no such customer' }] });
      const codes = [...new Set(req.circuitCodes)];
      const circuits = await m.find(KnownCircuit, { where: { code: In(codes) } });
      const unknown = codes.filter((code) => !circuits.some((c) => c.code === code && c.customerId === customer.id));
      if (unknown.length) {
        throw new AppError('CIRCUIT_UNKNOWN', `Not circuits of ${customer.name}: ${unknown.join(', ')}`, {
          fields: unknown.map((code) => ({ field: `circuitCodes[${req.circuitCodes.indexOf(code)}]`, reason: 'no such circuit of this customer' })),
        });
      }
      const now = this.clock.now();
      const startsAt = new Date(req.startsAt);
      const endsAt = new Date(req.endsAt);
      assertPeriod(startsAt, endsAt, now);
      const guarantee = m.create(Guarantee, {
        id: randomUUID(),
        number: await nextBusinessNumber(m, 'guarantee_number_seq', 'G', now),
        customerId: customer.id,
        title: req.title,
        description: req.description ?? null,
        startsAt,
        endsAt,
        circuitCodes: codes,
        staff: req.staff,
        staffChanges: [],
        status: 'planned',
        activatedAt: null,
        activatedUnready: false,
        endedAt: null,
        cancelReason: null,
        createdBy: caller.username,
        createdAt: now,
      });
      await m.insert(Guarantee, guarantee);
      await this.changed(m, guarantee, 'create', now, caller.username);
      // The period's end is a clock due at that instant; so is its start, unless it has begun already.
      await this.clocks.start(m, SUBJECT, guarantee.id, GUARANTEE_CLOCKS.end, { dueAt: endsAt }, { customerId: customer.id, startedAt: now });
      if (startsActive(startsAt, now)) await this.activate(m, guarantee, now);
      else await this.clocks.start(m, SUBJECT, guarantee.id, GUARANTEE_CLOCKS.start, { dueAt: startsAt }, { customerId: customer.id, startedAt: now });
      return this.view(m, guarantee);
    });
  }

  /** The period has started: fault is told, so faults on these circuits escalate at once from now on. */
  async activate(m: EntityManager, guarantee: Guarantee, at: Date): Promise<void> {
    assertGuarantee('activate', guarantee.status);
    const checks = await m.find(GuaranteeCheck, { where: { guaranteeId: guarantee.id } });
    guarantee.status = 'active';
    guarantee.activatedAt = at;
    guarantee.activatedUnready = !isReady(checks);
    await m.save(guarantee);
    await this.announce(m, guarantee);
    await this.changed(m, guarantee, 'activate', at, 'system');
  }

  /** The period is over: fault stops escalating faults on these circuits for it. */
  async end(m: EntityManager, guarantee: Guarantee, at: Date): Promise<void> {
    assertGuarantee('end', guarantee.status);
    guarantee.status = 'ended';
    guarantee.endedAt = at;
    await m.save(guarantee);
    await this.outbox.record(m, VisitsEvents.guaranteeEnded, guarantee.id, { guaranteeId: guarantee.id });
    await this.changed(m, guarantee, 'end', at, 'system');
  }

  /** What fault keeps of an active guarantee (sent again when its circuits change while active). */
  private async announce(m: EntityManager, g: Guarantee): Promise<void> {
    await this.outbox.record(m, VisitsEvents.guaranteeActivated, g.id, {
      guaranteeId: g.id,
      customerId: g.customerId,
      title: g.title,
      circuitCodes: g.circuitCodes,
      startsAt: g.startsAt.toISOString(),
      endsAt: g.endsAt.toISOString(),
    });
  }

  private async changed(m: EntityManager, g: Guarantee, action: string, at: Date, by: string): Promise<void> {
    await this.outbox.record(m, VisitsEvents.guaranteeChanged, g.id, {
      guaranteeId: g.id,
      number: g.number,
      customerId: g.customerId,
      status: g.status,
      action,
      at: at.toISOString(),
      by,
    });
  }

  /** The guarantee locked for a change; null when there is none (a clock event for a guarantee since removed). */
  lockIfAny(m: EntityManager, id: string): Promise<Guarantee | null> {
    return m.findOne(Guarantee, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  private async act(id: string, action: GuaranteeAction, change: (m: EntityManager, g: Guarantee, now: Date) => Promise<void>): Promise<GuaranteeView> {
    return this.uow.run(async (m) => {
      const guarantee = await this.lockIfAny(m, id);
      if (!guarantee) throw new AppError('GUARANTEE_NOT_FOUND', `No guarantee ${id}`);
      assertGuarantee(action, guarantee.status);
      await change(m, guarantee, this.clock.now());
      return this.view(m, guarantee);
    });
  }

  check(req: GuaranteeCheckRequest, caller: Caller): Promise<GuaranteeView> {
    return this.act(req.id, 'check', async (m, g, now) => {
      const { maxBackdateMinutes } = (await this.settings.get(m)).values;
      const performedAt = statedTime('performedAt', req.performedAt, { now, maxBackdateMinutes });
      await m.insert(GuaranteeCheck, {
        id: randomUUID(),
        guaranteeId: g.id,
        kind: req.kind,
        title: req.title,
        outcome: req.outcome,
        findings: req.findings ?? null,
        performedAt,
        recordedAt: now,
        by: caller.username,
      });
      await this.changed(m, g, `${req.kind}:${req.outcome}`, performedAt, caller.username);
    });
  }

  /** The staff are meant to stay fixed (case 40): a change needs a reason and is flagged when made during the period. */
  staff(req: GuaranteeStaffRequest, caller: Caller): Promise<GuaranteeView> {
    return this.act(req.id, 'staff', async (m, g, now) => {
      g.staffChanges = [...g.staffChanges, { from: g.staff, to: req.staff, reason: req.reason, by: caller.username, at: now.toISOString(), duringPeriod: g.status === 'active' }];
      g.staff = req.staff;
      await m.save(g);
      await this.changed(m, g, 'staff', now, caller.username);
    });
  }

  cancel(req: GuaranteeReasonRequest, caller: Caller): Promise<GuaranteeView> {
    return this.act(req.id, 'cancel', async (m, g, now) => {
      const wasActive = g.status === 'active';
      await this.clocks.stop(m, [g.id], Object.values(GUARANTEE_CLOCKS), { reason: `cancelled: ${req.reason}`, exemptPauses: false });
      g.status = 'cancelled';
      g.cancelReason = req.reason;
      g.endedAt = now;
      await m.save(g);
      if (wasActive) await this.outbox.record(m, VisitsEvents.guaranteeEnded, g.id, { guaranteeId: g.id });
      await this.changed(m, g, 'cancel', now, caller.username);
    });
  }

  async get(id: string, caller: Caller): Promise<GuaranteeView> {
    const m = this.dataSource.manager;
    const guarantee = await m.findOneBy(Guarantee, { id });
    if (!guarantee) throw new AppError('GUARANTEE_NOT_FOUND', `No guarantee ${id}`);
    return viewFor(caller)(await this.view(m, guarantee));
  }

  async list(q: ListGuaranteesQuery, caller: Caller): Promise<Page<GuaranteeView>> {
    const m = this.dataSource.manager;
    const qb = m.getRepository(Guarantee).createQueryBuilder('g');
    if (q.customerId) qb.andWhere('g.customer_id = :customerId', { customerId: q.customerId });
    if (q.status) qb.andWhere('g.status = :status', { status: q.status });
    if (q.circuitCode) qb.andWhere(':circuitCode = ANY(g.circuit_codes)', { circuitCode: q.circuitCode });
    if (q.from) qb.andWhere('g.ends_at > :from', { from: q.from });
    if (q.to) qb.andWhere('g.starts_at < :to', { to: q.to });
    const page = await paginate(qb, q, 'startsAt', (g) => g, ['number', 'startsAt', 'endsAt', 'status']);
    return { ...page, items: (await this.views(m, page.items)).map(viewFor(caller)) };
  }

  private async view(m: EntityManager, g: Guarantee): Promise<GuaranteeView> {
    return (await this.views(m, [g]))[0];
  }

  /** The views of a page of guarantees: their checks and customers each read in one statement. */
  private async views(m: EntityManager, guarantees: Guarantee[]): Promise<GuaranteeView[]> {
    if (guarantees.length === 0) return [];
    // In turn: `m` may be a transaction's manager, one connection.
    const checks = await m.find(GuaranteeCheck, { where: { guaranteeId: In(guarantees.map((g) => g.id)) }, order: { performedAt: 'ASC', recordedAt: 'ASC', id: 'ASC' } });
    const customers = await m.find(KnownCustomer, { where: { id: In([...new Set(guarantees.map((g) => g.customerId))]) } });
    const checksOf = groupedBy(checks, (c) => c.guaranteeId);
    const nameOf = new Map(customers.map((c) => [c.id, c.name]));
    return guarantees.map((g) => guaranteeView(g, checksOf.get(g.id) ?? [], nameOf.get(g.customerId) ?? ''));
  }
}

function guaranteeView(g: Guarantee, checks: GuaranteeCheck[], customerName: string): GuaranteeView {
  return {
    id: g.id,
    number: g.number,
    customerId: g.customerId,
    customerName,
    title: g.title,
    ...(g.description ? { description: g.description } : {}),
    startsAt: g.startsAt.toISOString(),
    endsAt: g.endsAt.toISOString(),
    circuitCodes: g.circuitCodes,
    staff: g.staff,
    status: g.status,
    ...(g.activatedAt ? { activatedAt: g.activatedAt.toISOString() } : {}),
    ...(g.endedAt ? { endedAt: g.endedAt.toISOString() } : {}),
    ...(g.cancelReason ? { cancelReason: g.cancelReason } : {}),
    checks: checks.map((c) => ({
      id: c.id,
      kind: c.kind,
      title: c.title,
      outcome: c.outcome,
      ...(c.findings ? { findings: c.findings } : {}),
      performedAt: c.performedAt.toISOString(),
      by: c.by,
    })),
    readiness: readiness(checks),
    activatedUnready: g.activatedUnready,
    staffChanges: g.staffChanges,
    createdBy: g.createdBy,
    createdAt: g.createdAt.toISOString(),
  };
}

/**
 * What a customer's own user sees of its guarantee: the period, circuits, the staff on duty and the checks' results,
 * not which of the operator's accounts recorded what, nor that it began unready.
 */
export function customerGuaranteeView(v: GuaranteeView): GuaranteeView {
  const { createdBy: _createdBy, activatedUnready: _unready, ...rest } = v;
  return {
    ...rest,
    checks: v.checks.map(({ by: _by, ...c }) => c),
    staffChanges: v.staffChanges.map(({ by: _by, ...c }) => c),
  };
}

function viewFor(caller: Caller): (v: GuaranteeView) => GuaranteeView {
  return caller.customerId === undefined ? (v) => v : customerGuaranteeView;
}
