import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AppError,
  Clock,
  DAY,
  LegFileContent,
  ListTicketsQuery,
  offsetPage,
  Page,
  pageBounds,
  paginate,
  ReviewItemView,
  ReviewQuery,
  sortOrder,
  SubjectClocks,
  TicketStatus,
  TicketView,
  TimelineEntryView,
} from '@app/shared';
import { TICKET_CLOCKS } from './ticket-clocks.rules';
import { DispatchLeg, Ticket } from './ticket.entities';
import { ticketNotFound, TicketStore } from './ticket-store';
import { ticketViews } from './ticket-views';

/** Reading tickets: one, a filtered page, a timeline, and the review list of difficult and long-open ones. */
@Injectable()
export class TicketsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly store: TicketStore,
    private readonly clocks: SubjectClocks,
  ) {}

  /**
   * Difficult faults and long-open tickets (疑难故障, 长时间未结工单) for coordinated review: open tickets past their
   * resolution limit, and tickets on circuits with repeated faults (seed 000 cases 10–12).
   */
  async review(q: ReviewQuery): Promise<Page<ReviewItemView>> {
    const { limit, offset } = pageBounds(q);
    const { column, direction } = sortOrder(q, 'openedAt', ['openedAt', 'number']);
    const orderBy = `${column === 'number' ? 'number' : 'opened_at'} ${direction}`;
    const since = new Date(this.clock.now().getTime() - (q.windowDays ?? 30) * DAY);
    const pastLimit = SubjectClocks.breachedSubjectsSql({ kinds: [TICKET_CLOCKS.resolution] });
    const candidates = `WITH candidates AS (
         SELECT t.id, t.number, t.status, t.customer_name, t.circuit_code, t.opened_at,
                t.status NOT IN ('closed', 'cancelled') AND t.id::text IN (${pastLimit}) AS past_limit,
                (SELECT count(*)::int FROM ticket o WHERE o.circuit_id = t.circuit_id AND o.status <> 'cancelled' AND o.opened_at >= $1) AS on_circuit
           FROM ticket t
          WHERE t.status <> 'cancelled')`;
    const chosen = 'past_limit OR (on_circuit >= $2 AND opened_at >= $1)';
    const minRepeats = q.minRepeats ?? 3;
    const rows = (await this.dataSource.query(`${candidates} SELECT * FROM candidates WHERE ${chosen} ORDER BY ${orderBy}, id LIMIT $3 OFFSET $4`, [
      since,
      minRepeats,
      limit + 1,
      offset,
    ])) as Array<{ id: string; number: string; status: TicketStatus; customer_name: string; circuit_code: string; opened_at: Date; past_limit: boolean; on_circuit: number }>;
    const countAll = async () => ((await this.dataSource.query(`${candidates} SELECT count(*)::int AS total FROM candidates WHERE ${chosen}`, [since, minRepeats])) as { total: number }[])[0].total;
    return offsetPage(
      q,
      rows,
      (r) => ({
        ticketId: r.id,
        number: r.number,
        status: r.status,
        customerName: r.customer_name,
        circuitCode: r.circuit_code,
        openedAt: r.opened_at.toISOString(),
        reasons: [...(r.past_limit ? (['past-limit'] as const) : []), ...(r.on_circuit >= minRepeats ? (['repeated-faults'] as const) : [])],
        faultsOnCircuit: r.on_circuit,
      }),
      countAll,
    );
  }

  /** One ticket, with the messages sent about it. */
  async get(id: string): Promise<TicketView> {
    const m = this.dataSource.manager;
    const ticket = await m.findOneBy(Ticket, { id });
    if (!ticket) throw ticketNotFound(id);
    const [view, notifications] = await Promise.all([this.store.view(m, ticket), this.store.notifications(m, id)]);
    return notifications.length > 0 ? { ...view, notifications } : view;
  }

  /** A leg's test report file, content and all (staff only: the route and the RPC admit no customer). */
  async testReportFile(id: string, legId: string): Promise<LegFileContent> {
    const m = this.dataSource.manager;
    const leg = await m
      .getRepository(DispatchLeg)
      .createQueryBuilder('l')
      .addSelect('l.testReportFile')
      .where('l.id = :legId AND l.ticket_id = :id', { legId, id })
      .getOne();
    if (!leg?.testReportFile || !leg.testReportFileName) throw new AppError('TEST_REPORT_FILE_NOT_FOUND', `No test report file on leg ${legId} of ticket ${id}`);
    return { name: leg.testReportFileName, mimeType: leg.testReportFileType ?? 'application/octet-stream', sizeBytes: leg.testReportFile.length, content: leg.testReportFile.toString('base64') };
  }

  async timeline(id: string): Promise<TimelineEntryView[]> {
    const m = this.dataSource.manager;
    if (!(await m.existsBy(Ticket, { id }))) throw ticketNotFound(id);
    return this.store.timeline(m, id);
  }

  async list(q: ListTicketsQuery): Promise<Page<TicketView>> {
    const m = this.dataSource.manager;
    const qb = m.getRepository(Ticket).createQueryBuilder('t');
    if (q.customerId) qb.andWhere('t.customer_id = :customerId', { customerId: q.customerId });
    if (q.incidentId) qb.andWhere('t.incident_id = :incidentId', { incidentId: q.incidentId });
    if (q.circuitCode) qb.andWhere('t.circuit_code = :circuitCode', { circuitCode: q.circuitCode });
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    if (q.tier) qb.andWhere('t.customer_tier = :tier', { tier: q.tier });
    if (q.unit) qb.andWhere('EXISTS (SELECT 1 FROM dispatch_leg l WHERE l.ticket_id = t.id AND l.unit = :unit)', { unit: q.unit });
    if (q.openedFrom) qb.andWhere('t.opened_at >= :from', { from: q.openedFrom });
    if (q.openedTo) qb.andWhere('t.opened_at < :to', { to: q.openedTo });
    if (q.escalated !== undefined) qb.andWhere(q.escalated ? '(t.escalation_level IS NOT NULL OR t.joint_handling)' : '(t.escalation_level IS NULL AND NOT t.joint_handling)');
    if (q.overdue !== undefined) {
      const breached = SubjectClocks.breachedSubjectsSql();
      const overdue = `(t.id::text IN (${breached}) OR EXISTS (SELECT 1 FROM dispatch_leg l WHERE l.ticket_id = t.id AND l.id::text IN (${breached})))`;
      qb.andWhere(q.overdue ? overdue : `NOT ${overdue}`);
    }
    const page = await paginate(qb, q, 'openedAt', (t) => t, ['faultAt', 'number', 'status', 'customerName', 'restoredAt', 'closedAt']);
    return { ...page, items: await ticketViews(m, this.clocks, page.items) };
  }
}
