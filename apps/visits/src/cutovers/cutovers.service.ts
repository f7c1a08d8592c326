import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AppError,
  CalendarService,
  Caller,
  CancelCutoverRequest,
  Clock,
  CreateCutoverRequest,
  CutoverAnswerRequest,
  CutoverEvents,
  CutoverExecutedRequest,
  CutoverView,
  groupedBy,
  guardCalendar,
  ListCutoversQuery,
  NoticeSentRequest,
  OutboxWriter,
  Page,
  paginate,
  RescheduleCutoverRequest,
  ServiceSettings,
  statedTime,
  SubjectClocks,
  UnitOfWork,
  VisitsEvents,
  VisitsSettings,
} from '@app/shared';
import { KnownCircuit } from '../inventory/inventory.entities';
import { Cutover, CutoverAnswer, CutoverNotice } from './cutover.entities';
import {
  affectedCustomers,
  assertCutoverAction,
  assertExecutedWindow,
  assertWindow,
  currentAnswers,
  deviation,
  isNoticeLate,
  NOTICE_CLOCK,
  noticeDue,
  NoticeDue,
  statusAfterAnswer,
  withdrawsWindow,
  WorkingDaysBefore,
} from './cutover.rules';
import { cutoverView } from './cutover-view';

/** Cutover coordination: notices due a lead time ahead, each affected customer's answer, rounds, execution. */
@Injectable()
export class CutoversService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly clocks: SubjectClocks,
    private readonly calendars: CalendarService,
    private readonly settings: ServiceSettings<VisitsSettings>,
  ) {}

  /** "N working days before a date" on the loaded calendar; a missing calendar year is the 422 naming it. */
  private readonly workingDaysBefore: WorkingDaysBefore = (date, n) => guardCalendar(() => this.calendars.get().workingDaysBefore(date, n));

  /** A customer's user learns nothing of a cutover that does not concern its customer, not even that it exists. */
  private notFound(id: string, caller?: Caller): AppError {
    return caller?.customerId !== undefined ? new AppError('NOT_FOUND', `No cutover ${id} among this customer's`) : new AppError('CUTOVER_NOT_FOUND', `No cutover ${id}`);
  }

  private async find(m: EntityManager, id: string, caller: Caller | undefined, lock: boolean): Promise<Cutover> {
    const c = await m.findOne(Cutover, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!c || (caller?.customerId !== undefined && !c.customerIds.includes(caller.customerId))) throw this.notFound(id, caller);
    return c;
  }

  private async views(m: EntityManager, cutovers: Cutover[], caller?: Caller): Promise<CutoverView[]> {
    if (cutovers.length === 0) return [];
    const ids = In(cutovers.map((c) => c.id));
    // In turn: `m` may be a transaction's manager, one connection.
    const notices = await m.find(CutoverNotice, { where: { cutoverId: ids }, order: { round: 'ASC', customerId: 'ASC' } });
    const answers = await m.find(CutoverAnswer, { where: { cutoverId: ids }, order: { seq: 'ASC' } });
    const noticesOf = groupedBy(notices, (n) => n.cutoverId);
    const answersOf = groupedBy(answers, (a) => a.cutoverId);
    return cutovers.map((c) => cutoverView(c, noticesOf.get(c.id) ?? [], answersOf.get(c.id) ?? [], caller?.customerId));
  }

  private async view(m: EntityManager, c: Cutover, caller?: Caller): Promise<CutoverView> {
    return (await this.views(m, [c], caller))[0];
  }

  private async changed(
    m: EntityManager,
    c: Cutover,
    action: string,
    by: string,
    at: Date,
    extra: { customerId?: string; deviation?: { early?: number; late?: number } } = {},
  ): Promise<void> {
    await this.outbox.record(m, CutoverEvents.changed, c.id, {
      cutoverId: c.id,
      status: c.status,
      round: c.round,
      action,
      by,
      at: at.toISOString(),
      customerIds: c.customerIds,
      windowStart: c.windowStart.toISOString(),
      windowEnd: c.windowEnd.toISOString(),
      ...extra,
    });
  }

  /** Every affected customer has agreed: the window goes to fault, which links faults on the circuits inside it. */
  private async scheduled(m: EntityManager, c: Cutover): Promise<void> {
    await this.outbox.record(m, VisitsEvents.cutoverScheduled, c.id, {
      cutoverId: c.id,
      title: c.title,
      circuitCodes: c.circuitCodes,
      windowStart: c.windowStart.toISOString(),
      windowEnd: c.windowEnd.toISOString(),
    });
  }

  /** When the notices of a window are due, with the lead time of the settings. */
  private async dueOf(m: EntityManager, windowStart: Date, now: Date): Promise<NoticeDue> {
    const { cutoverNoticeWorkingDays } = (await this.settings.get(m)).values;
    return noticeDue(windowStart, now, cutoverNoticeWorkingDays, this.workingDaysBefore);
  }

  /** The notices of the current round, one per affected customer with its own circuits, each with its deadline clock. */
  private async notify(m: EntityManager, c: Cutover, due: NoticeDue, now: Date): Promise<void> {
    for (const [customerId, circuits] of groupedBy(c.circuits, (x) => x.customerId)) {
      const notice = m.create(CutoverNotice, {
        id: randomUUID(),
        cutoverId: c.id,
        round: c.round,
        customerId,
        circuitCodes: circuits.map((x) => x.code),
        dueAt: due.dueAt,
        shortNotice: due.shortNotice,
        provisional: due.provisional,
        createdAt: now,
        sentAt: null,
        recordedAt: null,
        channel: null,
        sentTo: null,
        sentBy: null,
        late: null,
        breachedAt: null,
      });
      await m.insert(CutoverNotice, notice);
      await this.clocks.start(m, NOTICE_CLOCK.subjectType, notice.id, NOTICE_CLOCK.kind, { dueAt: due.dueAt }, { customerId, basis: 'working-days', startedAt: now });
    }
  }

  /** The notices of a round no longer matter once its window is replaced or the cutover cancelled. */
  private async stopNotices(m: EntityManager, c: Cutover, reason: string): Promise<void> {
    const open = await m.find(CutoverNotice, { where: { cutoverId: c.id, round: c.round } });
    await this.clocks.stop(m, open.map((n) => n.id), [NOTICE_CLOCK.kind], { reason, exemptPauses: false });
  }

  create(req: CreateCutoverRequest, caller: Caller): Promise<CutoverView> {
    return this.uow.run(async (m) => {
      const now = this.clock.now();
      const start = new Date(req.windowStart);
      const end = new Date(req.windowEnd);
      const known = await m.find(KnownCircuit, { where: { code: In(req.circuitCodes) } });
      const affected = affectedCustomers(req.circuitCodes, new Map(known.map((k) => [k.code, k.customerId])));
      assertWindow(start, end, now);
      const due = await this.dueOf(m, start, now);
      const circuits = affected.flatMap((a) => a.circuitCodes.map((code) => ({ code, customerId: a.customerId })));
      const c = m.create(Cutover, {
        id: randomUUID(),
        title: req.title,
        description: req.description,
        circuitCodes: circuits.map((x) => x.code),
        circuits,
        customerIds: affected.map((a) => a.customerId),
        windowStart: start,
        windowEnd: end,
        owner: req.owner,
        status: 'awaiting-answers',
        round: 1,
        shortNotice: due.shortNotice,
        rounds: [{ round: 1, windowStart: req.windowStart, windowEnd: req.windowEnd, shortNotice: due.shortNotice, by: caller.username, at: now.toISOString() }],
        executedStart: null,
        executedEnd: null,
        executionNote: null,
        deviation: null,
        cancelReason: null,
        createdBy: caller.username,
        createdAt: now,
        updatedAt: now,
      });
      await m.insert(Cutover, c);
      await this.notify(m, c, due, now);
      await this.changed(m, c, 'create', caller.username, now);
      return this.view(m, c);
    });
  }

  noticeSent(req: NoticeSentRequest, caller: Caller): Promise<CutoverView> {
    return this.uow.run(async (m) => {
      const c = await this.find(m, req.id, undefined, true);
      if (c.status === 'executed' || c.status === 'cancelled') throw new AppError('INVALID_TRANSITION', `The cutover is ${c.status}: its notices are over`);
      const notice = await m.findOne(CutoverNotice, { where: { cutoverId: c.id, round: c.round, customerId: req.customerId }, lock: { mode: 'pessimistic_write' } });
      if (!notice) throw notAffected(req.customerId);
      if (notice.sentAt) throw new AppError('INVALID_TRANSITION', `The notice of round ${c.round} to ${req.customerId} was already delivered at ${notice.sentAt.toISOString()}`);
      const now = this.clock.now();
      const { maxBackdateMinutes } = (await this.settings.get(m)).values;
      const sentAt = statedTime('sentAt', req.sentAt, { now, maxBackdateMinutes, notBefore: { what: 'the notice', at: notice.createdAt } });
      Object.assign(notice, { sentAt, recordedAt: now, channel: req.channel, sentTo: req.to, sentBy: caller.username, late: isNoticeLate(notice.dueAt, sentAt) });
      await m.save(notice);
      await this.clocks.stop(m, [notice.id], [NOTICE_CLOCK.kind], { reason: 'notice delivered', exemptPauses: false, at: sentAt });
      await this.changed(m, c, 'notice-sent', caller.username, sentAt, { customerId: notice.customerId });
      return this.view(m, c);
    });
  }

  answer(req: CutoverAnswerRequest, caller: Caller): Promise<CutoverView> {
    return this.uow.run(async (m) => {
      const c = await this.find(m, req.id, caller, true);
      const onBehalf = caller.customerId === undefined;
      const customerId = caller.customerId ?? req.customerId;
      if (!customerId) {
        throw new AppError('VALIDATION_FAILED', "Staff answering on a customer's behalf name the customer", { fields: [{ field: 'customerId', reason: 'required when staff answer' }] });
      }
      if (!c.customerIds.includes(customerId)) throw notAffected(customerId);
      assertCutoverAction(c.status, 'answer');
      const now = this.clock.now();
      const proposed = req.answer === 'propose' ? { start: new Date(req.proposedStart!), end: new Date(req.proposedEnd!) } : null;
      if (proposed) assertWindow(proposed.start, proposed.end, now, { start: 'proposedStart', end: 'proposedEnd' });
      await m.insert(CutoverAnswer, {
        id: randomUUID(),
        cutoverId: c.id,
        round: c.round,
        customerId,
        answer: req.answer,
        reason: req.reason ?? null,
        proposedStart: proposed?.start ?? null,
        proposedEnd: proposed?.end ?? null,
        answeredBy: caller.username,
        onBehalf,
        answeredAt: now,
      });
      const answers = currentAnswers(await m.find(CutoverAnswer, { where: { cutoverId: c.id, round: c.round }, order: { seq: 'ASC' } }));
      c.status = statusAfterAnswer(c.customerIds, answers);
      c.updatedAt = now;
      await m.save(c);
      await this.changed(m, c, `answer-${req.answer}`, caller.username, now, { customerId });
      if (c.status === 'agreed') await this.scheduled(m, c);
      return this.view(m, c, caller);
    });
  }

  reschedule(req: RescheduleCutoverRequest, caller: Caller): Promise<CutoverView> {
    return this.uow.run(async (m) => {
      const c = await this.find(m, req.id, undefined, true);
      assertCutoverAction(c.status, 'reschedule');
      const now = this.clock.now();
      const start = new Date(req.windowStart);
      const end = new Date(req.windowEnd);
      assertWindow(start, end, now);
      await this.stopNotices(m, c, 'rescheduled');
      if (withdrawsWindow(c.status, 'reschedule')) await this.outbox.record(m, CutoverEvents.cancelled, c.id, { cutoverId: c.id, because: 'rescheduled', reason: req.reason });
      c.round += 1;
      c.windowStart = start;
      c.windowEnd = end;
      c.status = 'awaiting-answers';
      const due = await this.dueOf(m, start, now);
      c.shortNotice = due.shortNotice;
      await this.notify(m, c, due, now);
      c.rounds = [...c.rounds, { round: c.round, windowStart: req.windowStart, windowEnd: req.windowEnd, shortNotice: c.shortNotice, reason: req.reason, by: caller.username, at: now.toISOString() }];
      c.updatedAt = now;
      await m.save(c);
      await this.changed(m, c, 'reschedule', caller.username, now);
      return this.view(m, c);
    });
  }

  executed(req: CutoverExecutedRequest, caller: Caller): Promise<CutoverView> {
    return this.uow.run(async (m) => {
      const c = await this.find(m, req.id, undefined, true);
      assertCutoverAction(c.status, 'execute');
      const now = this.clock.now();
      const start = new Date(req.startedAt);
      const end = new Date(req.endedAt);
      assertExecutedWindow(start, end, now);
      const found = deviation({ start: c.windowStart, end: c.windowEnd }, { start, end });
      Object.assign(c, { status: 'executed', executedStart: start, executedEnd: end, executionNote: req.note ?? null, deviation: found, updatedAt: now });
      await m.save(c);
      await this.changed(m, c, found ? 'execute-outside-window' : 'execute', caller.username, end, found ? { deviation: found } : {});
      return this.view(m, c);
    });
  }

  cancel(req: CancelCutoverRequest, caller: Caller): Promise<CutoverView> {
    return this.uow.run(async (m) => {
      const c = await this.find(m, req.id, undefined, true);
      assertCutoverAction(c.status, 'cancel');
      const now = this.clock.now();
      await this.stopNotices(m, c, 'cancelled');
      if (withdrawsWindow(c.status, 'cancel')) await this.outbox.record(m, CutoverEvents.cancelled, c.id, { cutoverId: c.id, because: 'cancelled', reason: req.reason });
      Object.assign(c, { status: 'cancelled', cancelReason: req.reason, updatedAt: now });
      await m.save(c);
      await this.changed(m, c, 'cancel', caller.username, now);
      return this.view(m, c);
    });
  }

  /** A notice's due passed before its delivery was recorded (its clock breached): recorded once on the notice. */
  async noticeOverdue(m: EntityManager, noticeId: string, at: Date): Promise<void> {
    const notice = await m.findOne(CutoverNotice, { where: { id: noticeId }, lock: { mode: 'pessimistic_write' } });
    if (!notice || notice.sentAt || notice.breachedAt) return;
    notice.breachedAt = at;
    await m.save(notice);
    const c = await m.findOneByOrFail(Cutover, { id: notice.cutoverId });
    await this.changed(m, c, 'notice-overdue', 'system', at, { customerId: notice.customerId });
  }

  async get(id: string, caller: Caller): Promise<CutoverView> {
    const m = this.dataSource.manager;
    return this.view(m, await this.find(m, id, caller, false), caller);
  }

  async list(q: ListCutoversQuery, caller: Caller): Promise<Page<CutoverView>> {
    const m = this.dataSource.manager;
    const customerId = caller.customerId ?? q.customerId;
    const qb = m.getRepository(Cutover).createQueryBuilder('c');
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    if (customerId) qb.andWhere(':customerId = ANY(c.customer_ids)', { customerId });
    // A customer's user finds a cutover by its own circuits only: another customer's circuit in it says nothing.
    if (q.circuitCode && caller.customerId !== undefined) {
      qb.andWhere('c.circuits @> CAST(:circuit AS jsonb)', { circuit: JSON.stringify([{ code: q.circuitCode, customerId: caller.customerId }]) });
    } else if (q.circuitCode) {
      qb.andWhere(':circuitCode = ANY(c.circuit_codes)', { circuitCode: q.circuitCode });
    }
    if (q.from) qb.andWhere('c.window_end > :from', { from: new Date(q.from) });
    if (q.to) qb.andWhere('c.window_start < :to', { to: new Date(q.to) });
    const page = await paginate(qb, q, 'createdAt', (c) => c, ['windowStart', 'createdAt']);
    return { ...page, items: await this.views(m, page.items, caller) };
  }
}

function notAffected(customerId: string): AppError {
  return new AppError('CUTOVER_CUSTOMER_NOT_AFFECTED', `Customer ${customerId} has no circuit in this cutover`, { fields: [{ field: 'customerId', reason: 'not an affected customer' }] });
}
