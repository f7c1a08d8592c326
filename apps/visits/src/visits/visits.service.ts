import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AppError,
  BookVisitRequest,
  CancelVisitRequest,
  Clock,
  CloseFollowUpRequest,
  FollowUpView,
  groupedBy,
  ListFollowUpsQuery,
  ListVisitsQuery,
  localDate,
  OutboxWriter,
  Page,
  paginate,
  PlanVisitRequest,
  RecordVisitRequest,
  ServiceSettings,
  statedTime,
  UnitOfWork,
  VisitEvents,
  VisitsSettings,
  VisitView,
} from '@app/shared';
import { KnownCustomer } from '../inventory/inventory.entities';
import { VisitClocks } from './visit-clocks';
import { FollowUp, Visit } from './visit.entities';
import { followUpView, visitView } from './visit-view';
import { assertVisitAction, CrisisOrigin, crisisVisitClock, crisisVisitOwner, followUpClock, VISIT_CLOCKS, VisitAction } from './visit.rules';

/** Visits: plan, book, record with follow-ups, cancel; crisis visits planned from fault's events; follow-ups tracked to closure. */
@Injectable()
export class VisitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly clocks: VisitClocks,
    private readonly settings: ServiceSettings<VisitsSettings>,
  ) {}

  private async changed(m: EntityManager, v: Visit, action: string, at: Date): Promise<void> {
    await this.outbox.record(m, VisitEvents.visitChanged, v.id, {
      visitId: v.id,
      customerId: v.customerId,
      kind: v.kind,
      status: v.status,
      action,
      at: at.toISOString(),
      owner: v.owner,
      ...(v.satisfaction !== null ? { satisfaction: v.satisfaction } : {}),
      ...(v.campaignId ? { campaignId: v.campaignId } : {}),
    });
  }

  async followUpChanged(m: EntityManager, f: FollowUp, action: string, at: Date): Promise<void> {
    await this.outbox.record(m, VisitEvents.followUpChanged, f.id, {
      followUpId: f.id,
      visitId: f.visitId,
      customerId: f.customerId,
      owner: f.owner,
      status: f.status,
      action,
      at: at.toISOString(),
      ...(f.dueAt ? { dueAt: f.dueAt.toISOString() } : {}),
    });
  }

  private async views(m: EntityManager, visits: Visit[]): Promise<VisitView[]> {
    if (visits.length === 0) return [];
    const followUps = await m.find(FollowUp, { where: { visitId: In(visits.map((v) => v.id)) }, order: { position: 'ASC' } });
    const followUpsOf = groupedBy(followUps, (f) => f.visitId);
    return visits.map((v) => visitView(v, followUpsOf.get(v.id) ?? []));
  }

  private async view(m: EntityManager, v: Visit): Promise<VisitView> {
    return (await this.views(m, [v]))[0];
  }

  private async lock(m: EntityManager, id: string): Promise<Visit> {
    const visit = await m.findOne(Visit, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!visit) throw new AppError('VISIT_NOT_FOUND', `No visit ${id}`);
    return visit;
  }

  plan(req: PlanVisitRequest, by: string): Promise<VisitView> {
    return this.uow.run(async (m) => this.view(m, await this.planIn(m, req, by)));
  }

  /** Plans a visit inside the caller's transaction (a campaign plans one per customer of its scope in one). */
  async planIn(m: EntityManager, req: PlanVisitRequest & { campaignId?: string }, by: string): Promise<Visit> {
    if (!(await m.existsBy(KnownCustomer, { id: req.customerId }))) {
      throw new AppError('CUSTOMER_UNKNOWN', `Customer ${req.customerId} is not known`, { fields: [{ field: 'customerId', reason: 'no such customer' }] });
    }
    const now = this.clock.now();
    const visit = m.create(Visit, {
      ...blankVisit(),
      id: randomUUID(),
      customerId: req.customerId,
      kind: req.kind,
      status: 'planned',
      owner: req.owner,
      plannedDate: req.plannedDate,
      purpose: req.purpose ?? null,
      campaignId: req.campaignId ?? null,
      createdBy: by,
      createdAt: now,
      updatedAt: now,
    });
    await m.insert(Visit, visit);
    await this.changed(m, visit, 'plan', now);
    return visit;
  }

  /**
   * Plans the crisis (apology) visit a crisis ticket or an answered complaint calls for, due within
   * crisisVisitWorkingDays of it; one per origin, so a second delivery plans nothing.
   */
  async planCrisis(m: EntityManager, origin: CrisisOrigin): Promise<void> {
    const customer = await m.findOneBy(KnownCustomer, { id: origin.customerId });
    const now = this.clock.now();
    const id = randomUUID();
    const inserted: Array<{ id: string }> = await m.query(
      `INSERT INTO visit (id, customer_id, kind, status, owner, planned_date, origin_type, origin_id, origin_number, created_by, created_at, updated_at)
       VALUES ($1, $2, 'crisis', 'planned', $3, $4, $5, $6, $7, 'system', $8, $8)
       ON CONFLICT (origin_id) WHERE origin_id IS NOT NULL DO NOTHING RETURNING id`,
      [id, origin.customerId, crisisVisitOwner(customer ?? { customerEngineer: null, customerManager: null }), localDate(new Date(origin.at)), origin.type, origin.id, origin.number, now],
    );
    if (inserted.length === 0) return;
    const visit = (await m.findOneBy(Visit, { id }))!;
    const { values } = await this.settings.get(m);
    const dueAt = await this.clocks.start(m, { type: VISIT_CLOCKS.crisisVisit.subjectType, id, kind: VISIT_CLOCKS.crisisVisit.kind, customerId: visit.customerId }, crisisVisitClock(values), new Date(origin.at));
    visit.dueAt = dueAt;
    if (dueAt) visit.plannedDate = localDate(dueAt);
    await m.save(visit);
    await this.changed(m, visit, 'plan', now);
  }

  private act(id: string, action: VisitAction, apply: (m: EntityManager, v: Visit, now: Date) => Promise<Date | void>): Promise<VisitView> {
    return this.uow.run(async (m) => {
      const visit = await this.lock(m, id);
      const to = assertVisitAction(visit.status, action);
      const now = this.clock.now();
      const at = (await apply(m, visit, now)) ?? now;
      visit.status = to;
      visit.updatedAt = now;
      await m.save(visit);
      await this.changed(m, visit, action, at);
      return this.view(m, visit);
    });
  }

  book(req: BookVisitRequest, by: string): Promise<VisitView> {
    return this.act(req.id, 'book', async (_m, visit, now) => {
      visit.booking = { at: new Date(req.at).toISOString(), place: req.place, participants: req.participants, by, bookedAt: now.toISOString() };
    });
  }

  record(req: RecordVisitRequest, by: string): Promise<VisitView> {
    return this.act(req.id, 'record', async (m, visit, now) => {
      const { values } = await this.settings.get(m);
      const occurredAt = statedTime('occurredAt', req.occurredAt, { now, maxBackdateMinutes: values.maxBackdateMinutes });
      Object.assign(visit, { occurredAt, recordedAt: now, recordedBy: by, met: req.met, topics: req.topics ?? [], problems: req.problems ?? [], satisfaction: req.satisfaction });
      if (visit.originId) await this.clocks.stop(m, [visit.id], VISIT_CLOCKS.crisisVisit.kind, 'crisis visit made', occurredAt);
      const visitDay = localDate(occurredAt);
      for (const [position, body] of (req.followUps ?? []).entries()) {
        if (body.dueDate && body.dueDate < visitDay) {
          throw new AppError('VALIDATION_FAILED', `A follow-up cannot be due (${body.dueDate}) before the visit (${visitDay})`, {
            fields: [{ field: `followUps.${position}.dueDate`, reason: 'must not be before the visit' }],
          });
        }
        const followUp = m.create(FollowUp, {
          id: randomUUID(),
          visitId: visit.id,
          customerId: visit.customerId,
          position,
          action: body.action,
          owner: body.owner,
          dueDate: body.dueDate ?? null,
          dueAt: null,
          status: 'open',
          breachedAt: null,
          closedAt: null,
          closedBy: null,
          note: null,
          createdAt: now,
        });
        followUp.dueAt = await this.clocks.start(
          m,
          { type: VISIT_CLOCKS.followUp.subjectType, id: followUp.id, kind: VISIT_CLOCKS.followUp.kind, customerId: visit.customerId },
          followUpClock(body.dueDate, values),
          occurredAt,
        );
        await m.insert(FollowUp, followUp);
        await this.followUpChanged(m, followUp, 'open', occurredAt);
      }
      return occurredAt;
    });
  }

  cancel(req: CancelVisitRequest): Promise<VisitView> {
    return this.act(req.id, 'cancel', async (m, visit, now) => {
      visit.cancelReason = req.reason;
      if (visit.originId) await this.clocks.stop(m, [visit.id], VISIT_CLOCKS.crisisVisit.kind, 'crisis visit cancelled', now);
    });
  }

  closeFollowUp(req: CloseFollowUpRequest, by: string): Promise<VisitView> {
    return this.uow.run(async (m) => {
      const visit = await this.lock(m, req.id);
      const followUp = await m.findOneBy(FollowUp, { id: req.followUpId, visitId: visit.id });
      if (!followUp) throw new AppError('FOLLOW_UP_NOT_FOUND', `Visit ${req.id} has no follow-up ${req.followUpId}`);
      if (followUp.status === 'closed') throw new AppError('INVALID_TRANSITION', 'This follow-up is already closed', { status: followUp.status });
      const now = this.clock.now();
      Object.assign(followUp, { status: 'closed', closedAt: now, closedBy: by, note: req.note });
      await m.save(followUp);
      await this.clocks.stop(m, [followUp.id], VISIT_CLOCKS.followUp.kind, 'follow-up closed', now);
      await this.followUpChanged(m, followUp, 'close', now);
      return this.view(m, visit);
    });
  }

  /** A follow-up past its due time, once: recorded and told. */
  async followUpBreached(m: EntityManager, id: string, at: Date): Promise<void> {
    const rows: Array<{ id: string }> = await m.query(`UPDATE follow_up SET breached_at = $2 WHERE id = $1 AND breached_at IS NULL AND status = 'open' RETURNING id`, [id, at]);
    if (rows.length === 0) return;
    await this.followUpChanged(m, (await m.findOneBy(FollowUp, { id }))!, 'breach', at);
  }

  /** A crisis visit not made in time, once: marked overdue and told. */
  async crisisVisitBreached(m: EntityManager, id: string, at: Date): Promise<void> {
    const rows: Array<{ id: string }> = await m.query(`UPDATE visit SET breached_at = $2 WHERE id = $1 AND breached_at IS NULL AND status IN ('planned', 'booked') RETURNING id`, [id, at]);
    if (rows.length === 0) return;
    await this.changed(m, (await m.findOneBy(Visit, { id }))!, 'breach', at);
  }

  async get(id: string): Promise<VisitView> {
    const m = this.dataSource.manager;
    const visit = await m.findOneBy(Visit, { id });
    if (!visit) throw new AppError('VISIT_NOT_FOUND', `No visit ${id}`);
    return this.view(m, visit);
  }

  async list(q: ListVisitsQuery): Promise<Page<VisitView>> {
    const m = this.dataSource.manager;
    const qb = m.getRepository(Visit).createQueryBuilder('v');
    if (q.customerId) qb.andWhere('v.customer_id = :customerId', { customerId: q.customerId });
    if (q.kind) qb.andWhere('v.kind = :kind', { kind: q.kind });
    if (q.status) qb.andWhere('v.status = :status', { status: q.status });
    if (q.owner) qb.andWhere('v.owner = :owner', { owner: q.owner });
    if (q.campaignId) qb.andWhere('v.campaign_id = :campaignId', { campaignId: q.campaignId });
    if (q.from) qb.andWhere('v.planned_date >= :from', { from: q.from });
    if (q.to) qb.andWhere('v.planned_date <= :to', { to: q.to });
    const page = await paginate(qb, q, 'createdAt', (v) => v, ['plannedDate', 'occurredAt']);
    return { ...page, items: await this.views(m, page.items) };
  }

  async listFollowUps(q: ListFollowUpsQuery): Promise<Page<FollowUpView>> {
    const qb = this.dataSource.manager.getRepository(FollowUp).createQueryBuilder('f');
    if (q.owner) qb.andWhere('f.owner = :owner', { owner: q.owner });
    if (q.customerId) qb.andWhere('f.customer_id = :customerId', { customerId: q.customerId });
    if (q.open !== undefined) qb.andWhere('f.status = :status', { status: q.open ? 'open' : 'closed' });
    if (q.overdue !== undefined) qb.andWhere(q.overdue ? 'f.breached_at IS NOT NULL' : 'f.breached_at IS NULL');
    return paginate(qb, q, 'createdAt', followUpView, ['dueAt']);
  }
}

function blankVisit(): Omit<Visit, 'id' | 'customerId' | 'kind' | 'status' | 'owner' | 'plannedDate' | 'createdBy' | 'createdAt' | 'updatedAt'> {
  return {
    purpose: null,
    campaignId: null,
    originType: null,
    originId: null,
    originNumber: null,
    dueAt: null,
    breachedAt: null,
    booking: null,
    occurredAt: null,
    recordedAt: null,
    recordedBy: null,
    met: null,
    topics: null,
    problems: null,
    satisfaction: null,
    cancelReason: null,
  };
}
