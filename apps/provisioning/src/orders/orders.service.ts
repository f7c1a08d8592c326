import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  CalendarService,
  CircuitEvents,
  Clock,
  clockEvents,
  CreateOrderRequest,
  EventConsumer,
  ExtensionRequest,
  guardCalendar,
  HandoverRequest,
  isUniqueViolation,
  ListOrdersQuery,
  nextBusinessNumber,
  OrderActorRequest,
  OrderEvents,
  OrderView,
  OrderWarningRequest,
  OutboxWriter,
  Page,
  paginate,
  PlanRequest,
  ProgressReportRequest,
  ReviewOrderRequest,
  SegmentCompleteRequest,
  SubjectClocks,
  SurveyRequest,
  UnitOfWork,
  WholeRouteRequest,
} from '@app/shared';
import { Circuit } from '../circuits/circuit.entity';
import { circuitData } from '../circuits/circuits.service';
import { Customer } from '../customers/customer.entity';
import { PresaleService } from '../presale/presale.service';
import { leadingBureau, LeadingBureauInputError } from './leading-bureau';
import { OrderRecord, ServiceOrder } from './order.entities';
import { assertExtensionAllowed, isOpenStep, nextStep, OrderAction, ORDER_LIMIT_DAYS, requiredTest, WEEK_MS } from './order.rules';

const CLOCK = { due: 'due', survey: 'survey', plan: 'plan', weekly: 'weekly-report', completionRecord: 'completion-record', handoverForm: 'handover-form' } as const;
const STEP_CLOCKS = [CLOCK.survey, CLOCK.plan, CLOCK.weekly, CLOCK.completionRecord, CLOCK.handoverForm];

/** Orders through the seven steps (售中七步法), each with its owner, times and working-day deadline. */
@Injectable()
export class OrdersService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly clocks: SubjectClocks,
    private readonly calendars: CalendarService,
    private readonly consumer: EventConsumer,
    private readonly presale: PresaleService,
  ) {}

  /** Weekly, or for an urgent order as often as the customer asked. */
  private reportEveryMs(o: ServiceOrder): number {
    return o.reportEveryHours ? o.reportEveryHours * 3_600_000 : WEEK_MS;
  }

  /** The automatic warning pool and missed-date violations follow the service's own durable clock events. */
  onModuleInit(): void {
    const events = clockEvents('provisioning');
    this.consumer.on(events.warned, async (d, _e, m) => {
      if (d.subjectType !== 'order' || d.kind !== CLOCK.due) return;
      const order = await m.findOne(ServiceOrder, { where: { id: d.subjectId }, lock: { mode: 'pessimistic_write' } });
      if (!order || !isOpenStep(order.step) || order.inWarningPool) return;
      const now = this.clock.now();
      order.inWarningPool = true;
      order.warnings = [
        ...order.warnings,
        { reason: 'automatic', description: `No progress reports: ${ORDER_LIMIT_DAYS.warningPool} working days before the due date`, at: now.toISOString(), by: 'system', timely: true, automatic: true },
      ];
      await this.save(m, order, 'warning-pool', 'system', now, { warnAt: d.warnAt }, this.managers(order));
    });
    this.consumer.on(events.breached, async (d, _e, m) => {
      if (d.subjectType !== 'order' || d.kind !== CLOCK.due) return;
      const order = await m.findOne(ServiceOrder, { where: { id: d.subjectId }, lock: { mode: 'pessimistic_write' } });
      if (!order || !isOpenStep(order.step)) return;
      await this.recordMissedDate(m, order, this.clock.now());
    });
  }

  private managers(o: ServiceOrder): string[] {
    return [o.customerManager, o.businessManager, o.networkSupportManager];
  }

  /** Missed the date with no earlier, timely warning: a violation (到期未完成且未预警). */
  private async recordMissedDate(m: EntityManager, order: ServiceOrder, now: Date): Promise<void> {
    if (order.violations.some((v) => v.kind === 'missed-without-warning')) return;
    if (order.warnings.some((w) => w.timely)) return;
    order.violations = [...order.violations, { kind: 'missed-without-warning', at: now.toISOString(), detail: `Due ${order.dueAt.toISOString()}, not completed and not warned in time` }];
    await this.save(m, order, 'violation', 'system', now, { kind: 'missed-without-warning' }, this.managers(order));
  }

  private async save(m: EntityManager, order: ServiceOrder, action: string, by: string, now: Date, detail: object, notify: string[] = []): Promise<void> {
    order.version += 1;
    await m.save(order);
    await m.insert(OrderRecord, { orderId: order.id, at: now, type: action, by, detail: { ...detail, ...(notify.length ? { notify } : {}) } });
    await this.outbox.record(m, OrderEvents.changed, order.id, {
      orderId: order.id,
      number: order.number,
      customerId: order.customerId,
      step: order.step,
      action,
      at: now.toISOString(),
      notify,
    });
  }

  private async view(m: EntityManager, o: ServiceOrder): Promise<OrderView> {
    const clocks = await m.query(
      // In the order the clocks were started (their first audit event), which a shared start time cannot tell apart.
      `SELECT c.kind, c.due_at, c.status, c.breached_at FROM deadline_clock c
        WHERE c.subject_type = 'order' AND c.subject_id = $1
        ORDER BY (SELECT min(e.id) FROM deadline_clock_event e WHERE e.clock_id = c.id)`,
      [o.id],
    );
    return {
      id: o.id,
      number: o.number,
      version: o.version,
      step: o.step,
      customerId: o.customerId,
      type: o.type,
      circuitCode: o.circuitCode,
      serviceType: o.serviceType,
      requiredBy: o.requiredBy,
      dueAt: o.dueAt.toISOString(),
      urgent: o.urgent,
      progressReportsRequired: o.progressReportsRequired,
      crossDomain: o.crossDomain,
      ...(o.projectManager ? { projectManager: o.projectManager } : {}),
      customerManager: o.customerManager,
      businessManager: o.businessManager,
      networkSupportManager: o.networkSupportManager,
      requiredTest: o.requiredTest,
      leadingBureau: o.leadingBureau,
      inWarningPool: o.inWarningPool,
      warnings: o.warnings,
      violations: o.violations,
      completedSegments: o.completedSegments,
      ...(o.wholeRouteCompletedAt ? { wholeRouteCompletedAt: o.wholeRouteCompletedAt.toISOString(), serviceStartAt: o.wholeRouteCompletedAt.toISOString() } : {}),
      ...(o.completionRecordedAt ? { completionRecordedAt: o.completionRecordedAt.toISOString() } : {}),
      ...(o.handedOverAt ? { handedOverAt: o.handedOverAt.toISOString() } : {}),
      ...(o.signature ? { signature: o.signature } : {}),
      ...(o.circuitId ? { circuitId: o.circuitId } : {}),
      ...(o.returnReason ? { returnReason: o.returnReason } : {}),
      deadlines: (clocks as Array<{ kind: string; due_at: Date | null; status: string; breached_at: Date | null }>).map((c) => ({
        kind: c.kind,
        dueAt: c.due_at ? c.due_at.toISOString() : null,
        status: c.status,
        breachedAt: c.breached_at ? c.breached_at.toISOString() : null,
      })),
    };
  }

  private workingDays(days: number): number {
    return Math.round(days * this.calendars.get().workingDayMs);
  }

  /** The end of the working day of a Beijing date: when "required by" that date runs out. */
  private endOfWorkingDay(date: string): Date {
    const periods = this.calendars.get().periods;
    return new Date(new Date(`${date}T00:00:00+08:00`).getTime() + periods[periods.length - 1].endMinute * 60_000);
  }

  private async startDue(m: EntityManager, order: ServiceOrder, now: Date): Promise<void> {
    const budget = guardCalendar(() => this.calendars.get().workingTimeBetween(now, this.endOfWorkingDay(order.requiredBy)).ms);
    if (budget <= 0) {
      throw new AppError('VALIDATION_FAILED', `requiredBy ${order.requiredBy} leaves no working time`, { fields: [{ field: 'requiredBy', reason: 'must be a later working day' }] });
    }
    const due = await this.clocks.start(m, 'order', order.id, CLOCK.due, budget, {
      customerId: order.customerId,
      basis: 'working',
      warnBeforeMs: order.progressReportsRequired ? [] : [this.workingDays(ORDER_LIMIT_DAYS.warningPool)],
    });
    order.dueAt = due.dueAt!;
  }

  /** The leading bureau by the ranking rule; null for an end outside its table, when it is decided by hand. */
  private leadingBureauOf(req: CreateOrderRequest): ServiceOrder['leadingBureau'] {
    try {
      return leadingBureau({ serviceType: req.serviceType, aEnd: req.aEnd, zEnd: req.zEnd });
    } catch (err) {
      if (err instanceof LeadingBureauInputError) return null;
      throw err;
    }
  }

  create(req: CreateOrderRequest): Promise<OrderView> {
    return this.uow.run(async (m) => {
      if (!(await m.existsBy(Customer, { id: req.customerId }))) {
        throw new AppError('CUSTOMER_UNKNOWN', `No customer ${req.customerId}`, { fields: [{ field: 'customerId', reason: 'no such customer' }] });
      }
      if (req.resourceCheckId) await this.presale.assertBacking(m, req.resourceCheckId, req.customerId);
      const now = this.clock.now();
      const bureau = this.leadingBureauOf(req);
      const order = m.create(ServiceOrder, {
        id: randomUUID(),
        number: await nextBusinessNumber(m, 'order_number_seq', 'P', now),
        step: 'review',
        customerId: req.customerId,
        type: req.type,
        circuitCode: req.circuitCode,
        serviceType: req.serviceType,
        bandwidthMbps: req.bandwidthMbps,
        aEnd: req.aEnd,
        zEnd: req.zEnd,
        grade: req.grade,
        business: req.business,
        importance: req.importance,
        protection: req.protection,
        requiredBy: req.requiredBy,
        dueAt: this.endOfWorkingDay(req.requiredBy),
        urgent: req.urgent,
        progressReportsRequired: req.progressReportsRequired,
        crossDomain: req.crossDomain,
        toAnotherCarrier: req.toAnotherCarrier,
        aEndCircuit: req.aEndCircuit,
        endToEndRequested: req.endToEndRequested ?? false,
        requiredTest: requiredTest({ ...req, endToEndRequested: req.endToEndRequested ?? false }),
        customerManager: req.customerManager,
        businessManager: req.businessManager,
        networkSupportManager: req.networkSupportManager,
        projectManager: null,
        leadingBureau: bureau,
        inWarningPool: false,
        warnings: [],
        violations: [],
        completedSegments: [],
        wholeRouteCompletedAt: null,
        completionRecordedAt: null,
        handedOverAt: null,
        signature: null,
        circuitId: null,
        returnReason: null,
        resourceCheckId: req.resourceCheckId ?? null,
        version: 0,
        reportEveryHours: req.urgent && req.reportEveryHours ? req.reportEveryHours : null,
        createdAt: now,
      });
      await m.insert(ServiceOrder, order);
      await this.startDue(m, order, now);
      await this.save(m, order, 'create', req.by, now, { requiredBy: order.requiredBy, dueAt: order.dueAt.toISOString(), requiredTest: order.requiredTest, leadingBureau: bureau });
      return this.view(m, order);
    });
  }

  private act(req: { id: string; expectedVersion?: number }, action: OrderAction | 'warn' | 'extend', work: (m: EntityManager, o: ServiceOrder, now: Date) => Promise<object | void>, by: string, notify?: (o: ServiceOrder) => string[]): Promise<OrderView> {
    return this.uow.run(async (m) => {
      const order = await m.findOne(ServiceOrder, { where: { id: req.id }, lock: { mode: 'pessimistic_write' } });
      if (!order) throw new AppError('ORDER_NOT_FOUND', `No order ${req.id}`);
      if (req.expectedVersion !== undefined && req.expectedVersion !== order.version) {
        throw new AppError('STALE_VERSION', `Order ${order.number} changed since version ${req.expectedVersion} (now ${order.version}): reload it`, {
          currentVersion: order.version,
        });
      }
      const now = this.clock.now();
      if (action !== 'warn' && action !== 'extend') order.step = nextStep(action, order.step);
      else if (!isOpenStep(order.step)) throw new AppError('STEP_OUT_OF_ORDER', `The order is ${order.step}`, { action, step: order.step });
      const detail = (await work(m, order, now)) ?? {};
      await this.save(m, order, action, by, now, detail, notify ? notify(order) : []);
      return this.view(m, order);
    });
  }

  private stopStepClocks(m: EntityManager, o: ServiceOrder, kinds: string[], reason: string) {
    return this.clocks.stop(m, [o.id], kinds, { reason, exemptPauses: false });
  }

  review(req: ReviewOrderRequest): Promise<OrderView> {
    if (req.decision === 'return') {
      return this.act(req, 'return', async (m, o) => {
        o.returnReason = req.reason!;
        await this.stopStepClocks(m, o, [CLOCK.due], 'returned to the business manager');
        return { reason: req.reason };
      }, req.by, (o) => [o.businessManager]);
    }
    return this.act(req, 'approve', async (m, o) => {
      o.projectManager = req.projectManager!;
      const survey = await this.clocks.start(m, 'order', o.id, CLOCK.survey, this.workingDays(ORDER_LIMIT_DAYS.survey), { basis: 'working', customerId: o.customerId });
      return { projectManager: o.projectManager, surveyDueAt: survey.dueAt?.toISOString() };
    }, req.by);
  }

  survey(req: SurveyRequest): Promise<OrderView> {
    return this.act(req, 'survey', async (m, o) => {
      await this.stopStepClocks(m, o, [CLOCK.survey], 'survey done');
      const plan = await this.clocks.start(m, 'order', o.id, CLOCK.plan, this.workingDays(ORDER_LIMIT_DAYS.plan), { basis: 'working', customerId: o.customerId });
      return { findings: req.findings, ...(req.propertyIssues ? { propertyIssues: req.propertyIssues } : {}), planDueAt: plan.dueAt?.toISOString() };
    }, req.by, (o) => (req.propertyIssues ? [o.customerManager] : []));
  }

  plan(req: PlanRequest): Promise<OrderView> {
    return this.act(req, 'plan', async (m, o) => {
      await this.stopStepClocks(m, o, [CLOCK.plan], 'plan made');
      if (o.progressReportsRequired) await this.clocks.start(m, 'order', o.id, CLOCK.weekly, this.reportEveryMs(o), { customerId: o.customerId });
      return { summary: req.summary, segments: req.segments };
    }, req.by);
  }

  progress(req: ProgressReportRequest): Promise<OrderView> {
    return this.act(req, 'progress', async (m, o) => {
      await this.stopStepClocks(m, o, [CLOCK.weekly], 'weekly report');
      if (o.progressReportsRequired) await this.clocks.start(m, 'order', o.id, CLOCK.weekly, this.reportEveryMs(o), { customerId: o.customerId });
      return { thisWeek: req.thisWeek, nextWeek: req.nextWeek, ...(req.warnItems ? { warnItems: req.warnItems } : {}) };
    }, req.by);
  }

  constructionDone(req: OrderActorRequest): Promise<OrderView> {
    return this.act(req, 'construction-done', async (m, o) => {
      await this.stopStepClocks(m, o, [CLOCK.weekly], 'construction done');
      return {};
    }, req.by);
  }

  /** A unit warns that it cannot finish: timely at least 5 working days ahead (urgent: 3); the three managers are told. */
  warn(req: OrderWarningRequest): Promise<OrderView> {
    return this.act(req, 'warn', async (_m, o, now) => {
      const leftMs = guardCalendar(() => this.calendars.get().workingTimeBetween(now, o.dueAt).ms);
      const timely = leftMs >= this.workingDays(o.urgent ? ORDER_LIMIT_DAYS.unitWarningUrgent : ORDER_LIMIT_DAYS.unitWarning);
      o.warnings = [...o.warnings, { reason: req.reason, description: req.description, at: now.toISOString(), by: req.by, timely, automatic: false }];
      o.inWarningPool = true;
      return { reason: req.reason, timely, ...(req.reason === 'other' ? { note: '"other" is discouraged: name the reason' } : {}) };
    }, req.by, (o) => this.managers(o));
  }

  /** Only a customer reason extends the due date; the due clock restarts on the new date. */
  extend(req: ExtensionRequest): Promise<OrderView> {
    assertExtensionAllowed(req.reason);
    return this.act(req, 'extend', async (m, o, now) => {
      const from = o.requiredBy;
      await this.stopStepClocks(m, o, [CLOCK.due], `extended: ${req.description}`);
      o.requiredBy = req.requiredBy;
      o.inWarningPool = false;
      await this.startDue(m, o, now);
      return { from, to: req.requiredBy, dueAt: o.dueAt.toISOString(), description: req.description };
    }, req.by, (o) => this.managers(o));
  }

  segmentComplete(req: SegmentCompleteRequest): Promise<OrderView> {
    return this.act(req, 'segment-complete', async (_m, o) => {
      if (!o.completedSegments.includes(req.location)) o.completedSegments = [...o.completedSegments, req.location];
      return { location: req.location };
    }, req.by);
  }

  /**
   * The leading bureau reports whole-route completion with the test report; the service starts then. Reporting it
   * without the required end-to-end test is false reporting (the 2010-12-24 case) and is recorded as a violation.
   */
  wholeRoute(req: WholeRouteRequest): Promise<OrderView> {
    return this.act(req, 'whole-route', async (m, o, now) => {
      if (o.completedSegments.length === 0) {
        throw new AppError('STEP_OUT_OF_ORDER', 'Each location reports its segment complete before the whole-route test', { step: o.step });
      }
      if (o.requiredTest === 'end_to_end' && req.testType !== 'end_to_end') {
        o.violations = [...o.violations, { kind: 'completion-without-end-to-end', at: now.toISOString(), detail: `Reported with a ${req.testType} test; the order needs an end-to-end test` }];
      }
      o.wholeRouteCompletedAt = now;
      if (o.crossDomain) await this.clocks.start(m, 'order', o.id, CLOCK.completionRecord, this.workingDays(ORDER_LIMIT_DAYS.completionRecord), { basis: 'working', customerId: o.customerId });
      return { testType: req.testType, testReport: req.testReport, leadingBureau: o.leadingBureau };
    }, req.by);
  }

  recordCompletion(req: OrderActorRequest): Promise<OrderView> {
    return this.act(req, 'record-completion', async (m, o, now) => {
      o.completionRecordedAt = now;
      await this.stopStepClocks(m, o, [CLOCK.completionRecord], 'completion recorded');
      if (o.crossDomain) await this.clocks.start(m, 'order', o.id, CLOCK.handoverForm, this.workingDays(ORDER_LIMIT_DAYS.handoverForm), { basis: 'working', customerId: o.customerId });
      return {};
    }, req.by);
  }

  /** Handover (竣工交付): the circuit becomes live in the inventory and the other services are told. */
  async handover(req: HandoverRequest): Promise<OrderView> {
    try {
      return await this.act(req, 'handover', async (m, o, now) => {
        o.handedOverAt = now;
        o.signature = req.signature;
        o.inWarningPool = false;
        await this.stopStepClocks(m, o, [...STEP_CLOCKS, CLOCK.due], 'handed over');
        if (now.getTime() > o.dueAt.getTime()) await this.recordMissedDate(m, o, now);
        const circuit = m.create(Circuit, {
          id: randomUUID(),
          code: o.circuitCode,
          customerId: o.customerId,
          serviceType: o.serviceType,
          bandwidthMbps: o.bandwidthMbps,
          aEnd: o.aEnd,
          zEnd: o.zEnd,
          grade: o.grade,
          business: o.business,
          importance: o.importance,
          protection: o.protection,
          backupCircuitCode: null,
          segments: [],
          state: 'live',
          gradeMismatch: false,
          createdAt: o.wholeRouteCompletedAt!,
        });
        await m.insert(Circuit, circuit);
        await this.outbox.record(m, CircuitEvents.created, circuit.id, circuitData(circuit));
        o.circuitId = circuit.id;
        return { signature: req.signature, circuitId: circuit.id, serviceStartAt: o.wholeRouteCompletedAt!.toISOString() };
      }, req.by);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('CIRCUIT_CODE_TAKEN', 'The circuit code of this order is already in the inventory');
      throw err;
    }
  }

  async get(id: string): Promise<OrderView> {
    const m = this.dataSource.manager;
    const order = await m.findOneBy(ServiceOrder, { id });
    if (!order) throw new AppError('ORDER_NOT_FOUND', `No order ${id}`);
    return this.view(m, order);
  }

  async timeline(id: string) {
    const m = this.dataSource.manager;
    if (!(await m.existsBy(ServiceOrder, { id }))) throw new AppError('ORDER_NOT_FOUND', `No order ${id}`);
    const records = await m.find(OrderRecord, { where: { orderId: id }, order: { id: 'ASC' } });
    return records.map((r) => ({ at: r.at.toISOString(), type: r.type, by: r.by, detail: r.detail }));
  }

  async list(q: ListOrdersQuery): Promise<Page<OrderView>> {
    const m = this.dataSource.manager;
    const qb = m.getRepository(ServiceOrder).createQueryBuilder('o');
    if (q.step) qb.andWhere('o.step = :step', { step: q.step });
    if (q.customerId) qb.andWhere('o.customer_id = :customerId', { customerId: q.customerId });
    if (q.manager) qb.andWhere(':mgr IN (o.customer_manager, o.business_manager, o.network_support_manager, o.project_manager)', { mgr: q.manager });
    if (q.dueBefore) qb.andWhere('o.required_by <= :dueBefore', { dueBefore: q.dueBefore });
    if (q.inWarningPool !== undefined) qb.andWhere('o.in_warning_pool = :pool', { pool: q.inWarningPool });
    if (q.violated !== undefined) qb.andWhere(q.violated ? 'jsonb_array_length(o.violations) > 0' : 'jsonb_array_length(o.violations) = 0');
    const page = await paginate(qb, q, 'createdAt', (o) => o, ['number', 'requiredBy', 'dueAt', 'step']);
    return { ...page, items: await Promise.all(page.items.map((o) => this.view(m, o))) };
  }
}
