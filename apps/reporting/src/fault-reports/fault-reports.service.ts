import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  Caller,
  Clock,
  CreateFaultReportVersionRequest,
  FaultReportEvents,
  FaultReportRequest,
  FaultReportVersionRequest,
  FaultReportView,
  ListFaultReportsQuery,
  OutboxWriter,
  Page,
  paginate,
  UnitOfWork,
} from '@app/shared';
import { CircuitDim, CustomerDim, FaultFact } from '../faults/reporting-tables.entity';
import { FaultReportVersion } from './fault-report-version.entity';
import { assertAgrees, assertCanWrite, disagreements, forCustomer, nextStatus, reviewRequired } from './fault-report.rules';
import { faultReportViews, ticketFacts } from './fault-report.views';

const notFound = (ticketId: string) => new AppError('FAULT_REPORT_NOT_FOUND', `No fault report for ticket ${ticketId}`);

/** Fault reports (故障报告): the current report from the read model, and the versions engineers write, review and submit. */
@Injectable()
export class FaultReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  async get(req: FaultReportRequest, caller: Caller): Promise<FaultReportView> {
    const m = this.dataSource.manager;
    const fact = await m.findOneBy(FaultFact, { ticketId: req.ticketId });
    if (!fact || (caller.customerId !== undefined && fact.customerId !== caller.customerId)) throw notFound(req.ticketId);
    const [view] = await faultReportViews(m, [fact]);
    if (caller.customerId === undefined) return view;
    const told = forCustomer(view, fact.customerFacingCause !== null);
    if (!told) throw notFound(req.ticketId);
    return told;
  }

  async list(q: ListFaultReportsQuery, caller: Caller): Promise<Page<FaultReportView>> {
    const m = this.dataSource.manager;
    const qb = m.getRepository(FaultFact).createQueryBuilder('f');
    const latest = '(SELECT v.status FROM fault_report_version v WHERE v.ticket_id = f.ticket_id ORDER BY v.n DESC LIMIT 1)';
    if (q.customerId) qb.andWhere('f.customer_id = :customerId', { customerId: q.customerId });
    if (q.from) qb.andWhere('f.fault_at >= :from', { from: q.from });
    if (q.to) qb.andWhere('f.fault_at < :to', { to: q.to });
    if (q.status === 'none') qb.andWhere(`${latest} IS NULL`);
    else if (q.status) qb.andWhere(`${latest} = :status`, { status: q.status });
    if (caller.customerId !== undefined) qb.andWhere(`EXISTS (SELECT 1 FROM fault_report_version s WHERE s.ticket_id = f.ticket_id AND s.status = 'submitted')`);
    const page = await paginate(qb, q, 'openedAt', (f) => f, ['faultAt', 'number']);
    const views = await faultReportViews(m, page.items);
    if (caller.customerId === undefined) return { ...page, items: views };
    const marked = new Map(page.items.map((f) => [f.ticketId, f.customerFacingCause !== null]));
    return { ...page, items: views.flatMap((v) => forCustomer(v, marked.get(v.ticketId)!) ?? []) };
  }

  createVersion(req: CreateFaultReportVersionRequest, caller: Caller): Promise<FaultReportView> {
    return this.uow.run(async (m) => {
      const fact = await this.lockTicket(m, req.ticketId);
      assertCanWrite(req.kind, fact.status);
      const customer = await m.findOneBy(CustomerDim, { id: fact.customerId });
      const circuit = fact.circuitId ? await m.findOneBy(CircuitDim, { id: fact.circuitId }) : null;
      const [{ n }] = (await m.query('SELECT COALESCE(max(n), 0) + 1 AS n FROM fault_report_version WHERE ticket_id = $1', [fact.ticketId])) as { n: number }[];
      const version = m.create(FaultReportVersion, {
        ticketId: fact.ticketId,
        n,
        kind: req.kind,
        status: 'draft',
        customerId: fact.customerId,
        measures: req.measures,
        preventiveMeasures: req.preventiveMeasures,
        summary: req.summary ?? null,
        stated: { ...req.stated },
        reviewRequired: reviewRequired(customer?.tier, circuit),
        createdBy: caller.username,
        createdAt: this.clock.now(),
        reviewedBy: null,
        reviewedAt: null,
        submittedBy: null,
        submittedAt: null,
      });
      await m.insert(FaultReportVersion, version);
      await this.changed(m, version, caller);
      return this.view(m, fact);
    });
  }

  review(req: FaultReportVersionRequest, caller: Caller): Promise<FaultReportView> {
    return this.move(req, caller, 'review');
  }

  submit(req: FaultReportVersionRequest, caller: Caller): Promise<FaultReportView> {
    return this.move(req, caller, 'submit');
  }

  /** Reviews or submits a version: only one that agrees with the ticket as it stands now (case 13). */
  private move(req: FaultReportVersionRequest, caller: Caller, action: 'review' | 'submit'): Promise<FaultReportView> {
    return this.uow.run(async (m) => {
      const fact = await this.lockTicket(m, req.ticketId);
      const version = await m.findOneBy(FaultReportVersion, { ticketId: req.ticketId, n: req.n });
      if (!version) throw new AppError('FAULT_REPORT_NOT_FOUND', `Ticket ${req.ticketId} has no fault report version ${req.n}`);
      const status = nextStatus(version, action, caller.roles);
      assertAgrees(req.ticketId, disagreements(version.kind, version.stated, ticketFacts(fact)));
      const now = this.clock.now();
      version.status = status;
      if (action === 'review') Object.assign(version, { reviewedBy: caller.username, reviewedAt: now });
      else Object.assign(version, { submittedBy: caller.username, submittedAt: now });
      await m.update(FaultReportVersion, { ticketId: version.ticketId, n: version.n }, { status, reviewedBy: version.reviewedBy, reviewedAt: version.reviewedAt, submittedBy: version.submittedBy, submittedAt: version.submittedAt });
      await this.changed(m, version, caller);
      return this.view(m, fact);
    });
  }

  /** The ticket's row, locked so that versions of one report are numbered and moved one at a time. */
  private async lockTicket(m: EntityManager, ticketId: string): Promise<FaultFact> {
    const fact = await m.findOne(FaultFact, { where: { ticketId }, lock: { mode: 'pessimistic_write' } });
    if (!fact) throw notFound(ticketId);
    return fact;
  }

  private async view(m: EntityManager, fact: FaultFact): Promise<FaultReportView> {
    return (await faultReportViews(m, [fact]))[0];
  }

  private async changed(m: EntityManager, v: FaultReportVersion, caller: Caller): Promise<void> {
    await this.outbox.record(m, FaultReportEvents.changed, v.ticketId, {
      ticketId: v.ticketId,
      customerId: v.customerId,
      n: v.n,
      kind: v.kind,
      status: v.status,
      by: caller.username,
      at: this.clock.now().toISOString(),
    });
  }
}
