import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  ChecklistView,
  Clock,
  CreateChecklistRequest,
  InspectionEvents,
  ListChecklistsQuery,
  OutboxWriter,
  Page,
  paginate,
  UnitOfWork,
  UpdateChecklistRequest,
} from '@app/shared';
import { assertChecklist } from './checklist.rules';
import { Checklist } from './inspection.entities';

/** Checklist templates (巡检模板), managed by administrators; each change is a new version. */
@Injectable()
export class ChecklistsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  private async changed(m: EntityManager, c: Checklist, action: 'created' | 'changed'): Promise<void> {
    await this.outbox.record(m, InspectionEvents.checklistChanged, c.id, {
      checklistId: c.id,
      name: c.name,
      target: c.target,
      version: c.version,
      action,
      at: c.updatedAt.toISOString(),
    });
  }

  async find(m: EntityManager, id: string): Promise<Checklist> {
    const checklist = await m.findOneBy(Checklist, { id });
    if (!checklist) throw new AppError('CHECKLIST_NOT_FOUND', `No checklist ${id}`, { fields: [{ field: 'checklistId', reason: 'no such checklist' }] });
    return checklist;
  }

  create(req: CreateChecklistRequest, by: string): Promise<ChecklistView> {
    const items = assertChecklist(req.items);
    return this.uow.run(async (m) => {
      const checklist = m.create(Checklist, { id: randomUUID(), name: req.name, target: req.target, version: 1, items, updatedAt: this.clock.now(), updatedBy: by });
      await m.insert(Checklist, checklist);
      await this.changed(m, checklist, 'created');
      return checklistView(checklist);
    });
  }

  /** A new version: inspections planned before keep the items they were planned with. */
  update(req: UpdateChecklistRequest, by: string): Promise<ChecklistView> {
    const items = assertChecklist(req.items);
    return this.uow.run(async (m) => {
      const checklist = await m.findOne(Checklist, { where: { id: req.id }, lock: { mode: 'pessimistic_write' } });
      if (!checklist) throw new AppError('CHECKLIST_NOT_FOUND', `No checklist ${req.id}`);
      Object.assign(checklist, { name: req.name, target: req.target, items, version: checklist.version + 1, updatedAt: this.clock.now(), updatedBy: by });
      await m.save(checklist);
      await this.changed(m, checklist, 'changed');
      return checklistView(checklist);
    });
  }

  async get(id: string): Promise<ChecklistView> {
    const checklist = await this.dataSource.manager.findOneBy(Checklist, { id });
    if (!checklist) throw new AppError('CHECKLIST_NOT_FOUND', `No checklist ${id}`);
    return checklistView(checklist);
  }

  list(q: ListChecklistsQuery): Promise<Page<ChecklistView>> {
    const qb = this.dataSource.manager.getRepository(Checklist).createQueryBuilder('c');
    if (q.target) qb.andWhere('c.target = :target', { target: q.target });
    return paginate(qb, q, 'updatedAt', checklistView, ['name']);
  }
}

function checklistView(c: Checklist): ChecklistView {
  return { id: c.id, name: c.name, target: c.target, version: c.version, items: c.items, updatedAt: c.updatedAt.toISOString(), updatedBy: c.updatedBy };
}
