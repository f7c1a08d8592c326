import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  ActivityEvents,
  ActivityView,
  AppError,
  Clock,
  ListActivitiesQuery,
  OutboxWriter,
  Page,
  paginate,
  PlanActivityRequest,
  RecordActivityRequest,
  ServiceSettings,
  statedTime,
  UnitOfWork,
  VisitsSettings,
} from '@app/shared';
import { KnownCustomer } from '../inventory/inventory.entities';
import { Activity } from './activity.entity';
import { assertActivityRecordable } from './activity.rules';

/** Emergency drills and exchange activities: planned with participants, recorded with findings. */
@Injectable()
export class ActivitiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly settings: ServiceSettings<VisitsSettings>,
  ) {}

  private async changed(m: EntityManager, a: Activity, action: string, at: Date): Promise<void> {
    await this.outbox.record(m, ActivityEvents.changed, a.id, { activityId: a.id, customerId: a.customerId, kind: a.kind, status: a.status, action, at: at.toISOString() });
  }

  plan(req: PlanActivityRequest, by: string): Promise<ActivityView> {
    return this.uow.run(async (m) => {
      if (!(await m.existsBy(KnownCustomer, { id: req.customerId }))) {
        throw new AppError('CUSTOMER_UNKNOWN', `Customer ${req.customerId} is not known`, { fields: [{ field: 'customerId', reason: 'no such customer' }] });
      }
      const now = this.clock.now();
      const activity = m.create(Activity, {
        id: randomUUID(),
        kind: req.kind,
        customerId: req.customerId,
        title: req.title,
        plannedDate: req.plannedDate,
        participants: req.participants,
        status: 'planned',
        occurredAt: null,
        findings: null,
        recordedBy: null,
        createdBy: by,
        createdAt: now,
      });
      await m.insert(Activity, activity);
      await this.changed(m, activity, 'plan', now);
      return activityView(activity);
    });
  }

  record(req: RecordActivityRequest, by: string): Promise<ActivityView> {
    return this.uow.run(async (m) => {
      const activity = await m.findOne(Activity, { where: { id: req.id }, lock: { mode: 'pessimistic_write' } });
      if (!activity) throw new AppError('ACTIVITY_NOT_FOUND', `No activity ${req.id}`);
      activity.status = assertActivityRecordable(activity.status);
      const now = this.clock.now();
      const occurredAt = statedTime('occurredAt', req.occurredAt, { now, maxBackdateMinutes: (await this.settings.get(m)).values.maxBackdateMinutes });
      Object.assign(activity, { occurredAt, participants: req.participants, findings: req.findings, recordedBy: by });
      await m.save(activity);
      await this.changed(m, activity, 'record', occurredAt);
      return activityView(activity);
    });
  }

  async get(id: string): Promise<ActivityView> {
    const activity = await this.dataSource.manager.findOneBy(Activity, { id });
    if (!activity) throw new AppError('ACTIVITY_NOT_FOUND', `No activity ${id}`);
    return activityView(activity);
  }

  list(q: ListActivitiesQuery): Promise<Page<ActivityView>> {
    const qb = this.dataSource.manager.getRepository(Activity).createQueryBuilder('a');
    if (q.kind) qb.andWhere('a.kind = :kind', { kind: q.kind });
    if (q.customerId) qb.andWhere('a.customer_id = :customerId', { customerId: q.customerId });
    return paginate(qb, q, 'createdAt', activityView, ['plannedDate']);
  }
}

function activityView(a: Activity): ActivityView {
  return {
    id: a.id,
    kind: a.kind,
    customerId: a.customerId,
    title: a.title,
    plannedDate: a.plannedDate,
    participants: a.participants,
    status: a.status,
    ...(a.occurredAt ? { occurredAt: a.occurredAt.toISOString(), findings: a.findings ?? '', recordedBy: a.recordedBy ?? '' } : {}),
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
  };
}
