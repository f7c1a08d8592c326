import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  AssignDangerRequest,
  CalendarService,
  Clock,
  DangerChangedData,
  DangerView,
  FixDangerRequest,
  groupedBy,
  guardCalendar,
  InspectionEvents,
  ListDangersQuery,
  OutboxWriter,
  Page,
  paginate,
  ServiceSettings,
  statedTime,
  SubjectClocks,
  SubjectClockState,
  UnitOfWork,
  VisitsSettings,
} from '@app/shared';
import { HiddenDanger, Inspection } from './inspection.entities';
import { assertFixable, dangerOnAbnormal, JudgedResult, observedText, RECTIFICATION, rectificationClock } from './inspection.rules';

const { subjectType: DANGER, kind: RECTIFY } = RECTIFICATION;

/** Hidden dangers (隐患): found by inspections, rectified by their owner on a working-day clock, closed with a fix and its evidence. */
@Injectable()
export class DangersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly clocks: SubjectClocks,
    private readonly calendars: CalendarService,
    private readonly settings: ServiceSettings<VisitsSettings>,
  ) {}

  private async changed(m: EntityManager, d: HiddenDanger, action: DangerChangedData['action'], at: Date): Promise<void> {
    await this.outbox.record(m, InspectionEvents.dangerChanged, d.id, {
      dangerId: d.id,
      inspectionId: d.inspectionId,
      customerId: d.customerId,
      ...(d.circuitId ? { circuitId: d.circuitId } : {}),
      itemKey: d.itemKey,
      status: d.status,
      owner: d.owner,
      ...(d.dueAt ? { dueAt: d.dueAt.toISOString() } : {}),
      action,
      at: at.toISOString(),
    });
  }

  /** Starts the danger's rectification from `from`: within N working days, or to the close of business of `dueDate`. */
  private async startRectification(m: EntityManager, d: HiddenDanger, from: Date, dueDate?: string): Promise<void> {
    const settings = (await this.settings.get(m)).values;
    const { workingDays, warnWorkingDaysBefore } = rectificationClock(settings);
    const calendar = this.calendars.get();
    const limit = dueDate ? { dueAt: guardCalendar(() => calendar.closeOfBusiness(dueDate)) } : workingDays * calendar.workingDayMs;
    const clock = await this.clocks.start(m, DANGER, d.id, RECTIFY, limit, {
      customerId: d.customerId,
      basis: 'working-days',
      startedAt: from,
      warnBeforeMs: warnWorkingDaysBefore.map((n) => n * calendar.workingDayMs),
    });
    d.clockId = clock.id;
    d.dueAt = clock.dueAt;
    d.breachedAt = null;
  }

  /**
   * The hidden dangers of a done inspection's abnormal items: new ones are found, fixed ones reopened (a new
   * rectification), open ones left as they are (no duplicate). Answers the ids of the dangers of its abnormal items.
   */
  async fromInspection(m: EntityManager, inspection: Inspection, judged: JudgedResult[], at: Date): Promise<string[]> {
    const circuitId = inspection.circuitIds.length === 1 ? inspection.circuitIds[0] : null;
    const ids: string[] = [];
    for (const r of judged.filter((j) => !j.normal)) {
      const item = inspection.items.find((i) => i.key === r.key)!;
      const existing = await m
        .getRepository(HiddenDanger)
        .createQueryBuilder('d')
        .setLock('pessimistic_write')
        .where('d.customer_id = :customerId AND d.item_key = :key', { customerId: inspection.customerId, key: r.key })
        .andWhere(circuitId ? 'd.circuit_id = :circuitId' : 'd.circuit_id IS NULL', { circuitId })
        .getOne();
      const outcome = dangerOnAbnormal(existing);
      if (outcome === 'still-open') {
        ids.push(existing!.id);
        continue;
      }
      const danger =
        existing ??
        m.create(HiddenDanger, {
          id: randomUUID(),
          customerId: inspection.customerId,
          circuitId,
          itemKey: r.key,
          label: r.label,
          expected: r.expected,
          owner: inspection.owner,
          foundAt: at,
          fix: null,
          evidence: null,
          fixedAt: null,
          fixedBy: null,
          reopenedCount: 0,
        });
      Object.assign(danger, {
        inspectionId: inspection.id,
        observed: observedText(item, r.value),
        severity: r.severity ?? null,
        status: outcome === 'found' ? 'open' : 'reopened',
        updatedAt: this.clock.now(),
      });
      if (outcome === 'reopened') {
        danger.reopenedCount += 1;
        danger.owner = inspection.owner;
      }
      await this.startRectification(m, danger, at);
      await m.save(danger);
      await this.changed(m, danger, outcome, at);
      ids.push(danger.id);
    }
    return ids;
  }

  private async lock(m: EntityManager, id: string): Promise<HiddenDanger> {
    const danger = await m.findOne(HiddenDanger, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!danger) throw new AppError('DANGER_NOT_FOUND', `No hidden danger ${id}`);
    return danger;
  }

  fix(req: FixDangerRequest, by: string): Promise<DangerView> {
    return this.uow.run(async (m) => {
      const danger = await this.lock(m, req.id);
      const { fix, evidence } = assertFixable(danger.status, req);
      const now = this.clock.now();
      const fixedAt = statedTime('fixedAt', req.fixedAt, {
        now,
        maxBackdateMinutes: (await this.settings.get(m)).values.maxBackdateMinutes,
        notBefore: { at: danger.foundAt, what: 'the danger was found' },
      });
      await this.clocks.stop(m, [danger.id], [RECTIFY], { reason: 'fixed', exemptPauses: false, at: fixedAt });
      Object.assign(danger, { status: 'fixed', fix, evidence, fixedAt, fixedBy: by, updatedAt: now });
      await m.save(danger);
      await this.changed(m, danger, 'fixed', fixedAt);
      return this.view(m, danger);
    });
  }

  assign(req: AssignDangerRequest, _by: string): Promise<DangerView> {
    return this.uow.run(async (m) => {
      const danger = await this.lock(m, req.id);
      if (danger.status === 'fixed') throw new AppError('INVALID_TRANSITION', 'The hidden danger is fixed; there is no rectification to assign');
      const now = this.clock.now();
      danger.owner = req.owner;
      if (req.dueDate) {
        if (guardCalendar(() => this.calendars.get().closeOfBusiness(req.dueDate!)).getTime() <= now.getTime()) {
          throw new AppError('VALIDATION_FAILED', `dueDate ${req.dueDate} has already ended`, { fields: [{ field: 'dueDate', reason: 'must be a date whose close of business is still ahead' }] });
        }
        await this.clocks.stop(m, [danger.id], [RECTIFY], { reason: `due date moved to ${req.dueDate}`, exemptPauses: false });
        await this.startRectification(m, danger, now, req.dueDate);
      }
      danger.updatedAt = now;
      await m.save(danger);
      await this.changed(m, danger, 'assigned', now);
      return this.view(m, danger);
    });
  }

  /** The current rectification went past its due date: recorded once (a redelivery, or an earlier clock's breach, changes nothing). */
  async breached(m: EntityManager, dangerId: string, clockId: string, at: Date): Promise<void> {
    const danger = await m.findOne(HiddenDanger, { where: { id: dangerId }, lock: { mode: 'pessimistic_write' } });
    if (!danger || danger.status === 'fixed' || danger.clockId !== clockId || danger.breachedAt) return;
    danger.breachedAt = at;
    danger.updatedAt = this.clock.now();
    await m.save(danger);
    await this.changed(m, danger, 'breached', at);
  }

  async get(id: string): Promise<DangerView> {
    const m = this.dataSource.manager;
    const danger = await m.findOneBy(HiddenDanger, { id });
    if (!danger) throw new AppError('DANGER_NOT_FOUND', `No hidden danger ${id}`);
    return this.view(m, danger);
  }

  async list(q: ListDangersQuery): Promise<Page<DangerView>> {
    const m = this.dataSource.manager;
    const qb = m.getRepository(HiddenDanger).createQueryBuilder('d');
    if (q.customerId) qb.andWhere('d.customer_id = :customerId', { customerId: q.customerId });
    if (q.status) qb.andWhere('d.status = :status', { status: q.status });
    if (q.owner) qb.andWhere('d.owner = :owner', { owner: q.owner });
    const overdue = "d.status <> 'fixed' AND d.due_at < :now";
    if (q.overdue !== undefined) qb.andWhere(q.overdue ? `(${overdue})` : `NOT (${overdue})`, { now: this.clock.now() });
    const page = await paginate(qb, q, 'foundAt', (d) => d, ['dueAt', 'updatedAt']);
    return { ...page, items: await this.views(m, page.items) };
  }

  private async view(m: EntityManager, d: HiddenDanger): Promise<DangerView> {
    return (await this.views(m, [d]))[0];
  }

  private async views(m: EntityManager, dangers: HiddenDanger[]): Promise<DangerView[]> {
    if (dangers.length === 0) return [];
    const clocksOf = groupedBy(await this.clocks.ofSubjects(m, dangers.map((d) => d.id)), (c) => c.subjectId);
    return dangers.map((d) => dangerView(d, (clocksOf.get(d.id) ?? []).find((c) => c.id === d.clockId)));
  }
}

function dangerView(d: HiddenDanger, clock: SubjectClockState | undefined): DangerView {
  return {
    id: d.id,
    inspectionId: d.inspectionId,
    customerId: d.customerId,
    ...(d.circuitId ? { circuitId: d.circuitId } : {}),
    itemKey: d.itemKey,
    label: d.label,
    observed: d.observed,
    expected: d.expected,
    ...(d.severity ? { severity: d.severity } : {}),
    status: d.status,
    owner: d.owner,
    foundAt: d.foundAt.toISOString(),
    ...(d.fix ? { fix: d.fix } : {}),
    ...(d.evidence ? { evidence: d.evidence } : {}),
    ...(d.fixedAt ? { fixedAt: d.fixedAt.toISOString() } : {}),
    ...(d.fixedBy ? { fixedBy: d.fixedBy } : {}),
    ...(d.breachedAt ? { breachedAt: d.breachedAt.toISOString() } : {}),
    reopenedCount: d.reopenedCount,
    ...(clock
      ? {
          rectification: {
            startedAt: clock.startedAt.toISOString(),
            ...(clock.dueAt ? { dueAt: clock.dueAt.toISOString() } : {}),
            status: clock.status,
            ...(clock.breachedAt ? { breachedAt: clock.breachedAt.toISOString() } : {}),
            ...(clock.met !== null ? { met: clock.met } : {}),
            provisional: clock.provisional,
          },
        }
      : {}),
  };
}
