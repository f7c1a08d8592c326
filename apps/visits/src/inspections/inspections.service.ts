import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AppError,
  Clock,
  InspectionEvents,
  InspectionResultsRequest,
  InspectionView,
  ListInspectionsQuery,
  OutboxWriter,
  Page,
  paginate,
  PlanInspectionBody,
  PlanInspectionRequest,
  ServiceSettings,
  statedTime,
  UnitOfWork,
  VisitsSettings,
} from '@app/shared';
import { KnownCircuit, KnownCustomer } from '../inventory/inventory.entities';
import { ChecklistsService } from './checklists.service';
import { DangersService } from './dangers.service';
import { Inspection } from './inspection.entities';
import { judge } from './inspection.rules';

/** What an inspection is planned with: by a user through the gateway, or by a campaign over its scope. */
export type InspectionSpec = PlanInspectionBody;

/** Inspections (巡检): planned from a checklist template, done with one judged result per item. */
@Injectable()
export class InspectionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly settings: ServiceSettings<VisitsSettings>,
    private readonly checklists: ChecklistsService,
    private readonly dangers: DangersService,
  ) {}

  private async changed(m: EntityManager, i: Inspection, action: 'planned' | 'done', at: Date, counts?: { normal: number; abnormal: number }): Promise<void> {
    await this.outbox.record(m, InspectionEvents.changed, i.id, {
      inspectionId: i.id,
      customerId: i.customerId,
      circuitIds: i.circuitIds,
      checklistId: i.checklistId,
      origin: i.origin,
      ...(i.campaignId ? { campaignId: i.campaignId } : {}),
      owner: i.owner,
      plannedDate: i.plannedDate,
      status: i.status,
      action,
      ...(counts ?? {}),
      at: at.toISOString(),
    });
  }

  /**
   * Plans an inspection inside the caller's transaction (a campaign plans many in one): the customer and its
   * circuits must be known, and the inspection keeps the items of the template's current version. `by`: who planned
   * it (the caller), or the system for a generated one.
   */
  async plan(m: EntityManager, spec: InspectionSpec, by = 'system'): Promise<Inspection> {
    if (!(await m.existsBy(KnownCustomer, { id: spec.customerId }))) {
      throw new AppError('CUSTOMER_UNKNOWN', `Customer ${spec.customerId} is not known`, { fields: [{ field: 'customerId', reason: 'no such customer' }] });
    }
    const circuitIds = [...new Set(spec.circuitIds ?? [])];
    const circuits = circuitIds.length ? await m.findBy(KnownCircuit, { id: In(circuitIds) }) : [];
    for (const [i, id] of circuitIds.entries()) {
      const circuit = circuits.find((c) => c.id === id);
      if (!circuit) throw new AppError('CIRCUIT_UNKNOWN', `Circuit ${id} is not known`, { fields: [{ field: `circuitIds[${i}]`, reason: 'no such circuit' }] });
      if (circuit.customerId !== spec.customerId) {
        throw new AppError('CIRCUIT_CUSTOMER_MISMATCH', `Circuit ${circuit.code} is not the customer's`, { fields: [{ field: `circuitIds[${i}]`, reason: 'belongs to another customer' }] });
      }
    }
    const checklist = await this.checklists.find(m, spec.checklistId);
    const now = this.clock.now();
    const inspection = m.create(Inspection, {
      id: randomUUID(),
      customerId: spec.customerId,
      circuitIds,
      checklistId: checklist.id,
      checklistVersion: checklist.version,
      checklistName: checklist.name,
      items: checklist.items,
      origin: spec.origin,
      originRef: spec.originRef ?? null,
      campaignId: spec.campaignId ?? null,
      owner: spec.owner,
      plannedDate: spec.plannedDate,
      status: 'planned',
      occurredAt: null,
      recordedAt: null,
      recordedBy: null,
      results: [],
      dangerIds: [],
      createdAt: now,
      createdBy: by,
    });
    await m.insert(Inspection, inspection);
    await this.changed(m, inspection, 'planned', now);
    return inspection;
  }

  create(req: PlanInspectionRequest, by: string): Promise<InspectionView> {
    return this.uow.run(async (m) => inspectionView(await this.plan(m, req, by)));
  }

  /** Records the results: each judged against the template snapshot; every abnormal item finds (or reopens) a hidden danger. */
  recordResults(req: InspectionResultsRequest, by: string): Promise<InspectionView> {
    return this.uow.run(async (m) => {
      const inspection = await m.findOne(Inspection, { where: { id: req.id }, lock: { mode: 'pessimistic_write' } });
      if (!inspection) throw new AppError('INSPECTION_NOT_FOUND', `No inspection ${req.id}`);
      if (inspection.status !== 'planned') throw new AppError('INVALID_TRANSITION', 'The inspection is done already; inspect again with a new inspection');
      const judged = judge(inspection.items, req.results);
      const now = this.clock.now();
      const occurredAt = statedTime('occurredAt', req.occurredAt, { now, maxBackdateMinutes: (await this.settings.get(m)).values.maxBackdateMinutes });
      // One recording at a time per customer: a re-inspection must see the dangers another one just found.
      await m.query('SELECT 1 FROM known_customer WHERE id = $1 FOR UPDATE', [inspection.customerId]);
      Object.assign(inspection, { status: 'done', occurredAt, recordedAt: now, recordedBy: by, results: judged });
      inspection.dangerIds = await this.dangers.fromInspection(m, inspection, judged, occurredAt);
      await m.save(inspection);
      const abnormal = judged.filter((r) => !r.normal).length;
      await this.changed(m, inspection, 'done', occurredAt, { normal: judged.length - abnormal, abnormal });
      return inspectionView(inspection);
    });
  }

  async get(id: string): Promise<InspectionView> {
    const inspection = await this.dataSource.manager.findOneBy(Inspection, { id });
    if (!inspection) throw new AppError('INSPECTION_NOT_FOUND', `No inspection ${id}`);
    return inspectionView(inspection);
  }

  list(q: ListInspectionsQuery): Promise<Page<InspectionView>> {
    const qb = this.dataSource.manager.getRepository(Inspection).createQueryBuilder('i');
    if (q.customerId) qb.andWhere('i.customer_id = :customerId', { customerId: q.customerId });
    if (q.origin) qb.andWhere('i.origin = :origin', { origin: q.origin });
    if (q.status) qb.andWhere('i.status = :status', { status: q.status });
    if (q.owner) qb.andWhere('i.owner = :owner', { owner: q.owner });
    if (q.campaignId) qb.andWhere('i.campaign_id = :campaignId', { campaignId: q.campaignId });
    if (q.from) qb.andWhere('i.planned_date >= :from', { from: q.from });
    if (q.to) qb.andWhere('i.planned_date <= :to', { to: q.to });
    return paginate(qb, q, 'createdAt', inspectionView, ['plannedDate', 'occurredAt']);
  }
}

function inspectionView(i: Inspection): InspectionView {
  const abnormal = i.results.filter((r) => !r.normal).length;
  return {
    id: i.id,
    customerId: i.customerId,
    circuitIds: i.circuitIds,
    checklistId: i.checklistId,
    checklistVersion: i.checklistVersion,
    checklistName: i.checklistName,
    items: i.items,
    origin: i.origin,
    ...(i.originRef ? { originRef: i.originRef } : {}),
    ...(i.campaignId ? { campaignId: i.campaignId } : {}),
    owner: i.owner,
    plannedDate: i.plannedDate,
    status: i.status,
    ...(i.occurredAt ? { occurredAt: i.occurredAt.toISOString() } : {}),
    ...(i.recordedAt ? { recordedAt: i.recordedAt.toISOString() } : {}),
    ...(i.recordedBy ? { recordedBy: i.recordedBy } : {}),
    results: i.results,
    normalCount: i.results.length - abnormal,
    abnormalCount: abnormal,
    dangerIds: i.dangerIds,
    createdAt: i.createdAt.toISOString(),
    createdBy: i.createdBy,
  };
}
