import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Clock,
  CoverageQuery,
  CoverageView,
  localDate,
  offsetPage,
  OverdueCustomerView,
  OverdueVisitsQuery,
  Page,
  pageBounds,
  ServiceSettings,
  Tier,
  TIERS,
  visitEveryMonths,
  VisitsSettings,
  WorkPlanItemView,
  WorkPlanQuery,
} from '@app/shared';
import { assertPeriod, monthsIn, tierCoverage } from './coverage.rules';

const BEIJING = `'Asia/Shanghai'`;
const startOfDay = (date: string) => new Date(`${date}T00:00:00+08:00`);
const dayAfter = (date: string) => addDays(date, 1);

interface OverdueRow {
  id: string;
  code: string;
  name: string;
  tier: Tier;
  industry: OverdueCustomerView['industry'];
  region: string | null;
  customer_manager: string | null;
  customer_engineer: string | null;
  last_at: Date | null;
  due_since: string;
}

/** The planned frequency (overdue customers, coverage) and each owner's work plan: read in SQL, a page at a time. */
@Injectable()
export class VisitPlanningService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly settings: ServiceSettings<VisitsSettings>,
  ) {}

  private async frequencies(): Promise<Record<Tier, number>> {
    const { values } = await this.settings.get(this.dataSource.manager);
    return Object.fromEntries(TIERS.map((t) => [t, visitEveryMonths(t, values)])) as Record<Tier, number>;
  }

  /**
   * Customers overdue for a visit (coverage.rules: the last visit done, or knownSince, plus the tier's months, is
   * before today). The same arithmetic in SQL: a Postgres date plus months keeps the day of the month, or the
   * month's last day, as `addMonths` does.
   */
  async overdue(q: OverdueVisitsQuery): Promise<Page<OverdueCustomerView>> {
    const every = await this.frequencies();
    const params: unknown[] = [every.diamond, every.gold, every.silver, every.standard, localDate(this.clock.now())];
    const filters: string[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (q.tier) filters.push(`c.tier = ${param(q.tier)}`);
    if (q.industry) filters.push(`c.industry = ${param(q.industry)}`);
    if (q.region) filters.push(`c.region = ${param(q.region)}`);
    if (q.owner) {
      const owner = param(q.owner);
      filters.push(`(c.customer_manager = ${owner} OR c.customer_engineer = ${owner})`);
    }
    const from = `FROM (
        SELECT c.*, l.last_at,
          (COALESCE((l.last_at AT TIME ZONE ${BEIJING})::date, (c.known_since AT TIME ZONE ${BEIJING})::date) + make_interval(months => t.months))::date AS due_since
        FROM known_customer c
        JOIN (VALUES ('diamond', $1::int), ('gold', $2::int), ('silver', $3::int), ('standard', $4::int)) AS t (tier, months) ON t.tier = c.tier
        LEFT JOIN LATERAL (SELECT max(v.occurred_at) AS last_at FROM visit v WHERE v.customer_id = c.id AND v.status = 'done') l ON true
        ${filters.length ? `WHERE ${filters.join(' AND ')}` : ''}
      ) o WHERE o.due_since < $5::date`;
    const { limit, offset } = pageBounds(q);
    const rows: OverdueRow[] = await this.dataSource.query(
      `SELECT o.id, o.code, o.name, o.tier, o.industry, o.region, o.customer_manager, o.customer_engineer, o.last_at, to_char(o.due_since, 'YYYY-MM-DD') AS due_since
       ${from} ORDER BY o.due_since, o.id LIMIT ${limit + 1} OFFSET ${offset}`,
      params,
    );
    return offsetPage(q, rows, overdueView, async () => Number((await this.dataSource.query(`SELECT count(*) AS n ${from}`, params))[0].n));
  }

  /** Per tier: customers known by the end of the period, those visited in it, the share, and the visits the frequency asks for. */
  async coverage(q: CoverageQuery): Promise<CoverageView> {
    assertPeriod(q.from, q.to);
    const every = await this.frequencies();
    const start = startOfDay(q.from);
    const end = startOfDay(dayAfter(q.to));
    const customers: Array<{ tier: Tier; customers: number; visited: number }> = await this.dataSource.query(
      `SELECT c.tier, count(*)::int AS customers,
         (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM visit v WHERE v.customer_id = c.id AND v.status = 'done' AND v.occurred_at >= $1 AND v.occurred_at < $2)))::int AS visited
       FROM known_customer c WHERE c.known_since < $2 GROUP BY c.tier`,
      [start, end],
    );
    const visits: Array<{ tier: Tier; visits: number }> = await this.dataSource.query(
      `SELECT c.tier, count(*)::int AS visits FROM visit v JOIN known_customer c ON c.id = v.customer_id
       WHERE v.status = 'done' AND v.occurred_at >= $1 AND v.occurred_at < $2 GROUP BY c.tier`,
      [start, end],
    );
    const months = monthsIn(q.from, q.to);
    return {
      from: q.from,
      to: q.to,
      tiers: TIERS.map((tier) => {
        const row = customers.find((r) => r.tier === tier) ?? { customers: 0, visited: 0 };
        return {
          tier,
          visitEveryMonths: every[tier],
          customers: row.customers,
          visited: row.visited,
          visits: visits.find((r) => r.tier === tier)?.visits ?? 0,
          ...tierCoverage(row.customers, row.visited, every[tier], months),
        };
      }),
    };
  }

  /**
   * One person's work in a period, by date: planned and booked visits (on the booked, else the planned, day), planned
   * inspections, open follow-ups and rectifications of hidden dangers (on their due day). What is overdue from before
   * the period stays on the plan until it is done.
   */
  async workPlan(q: WorkPlanQuery, caller: string): Promise<Page<WorkPlanItemView>> {
    const owner = q.owner ?? caller;
    const from = q.from ?? localDate(this.clock.now());
    const to = q.to ?? addDays(from, 30);
    assertPeriod(from, to);
    const { limit, offset } = pageBounds(q);
    const items = `(
        SELECT 'visit' AS type, v.id AS visit_id, NULL::uuid AS follow_up_id, v.customer_id, v.kind || ' visit, ' || v.status AS title, v.breached_at IS NOT NULL AS overdue, v.id AS id,
          COALESCE(((v.booking->>'at')::timestamptz AT TIME ZONE ${BEIJING})::date, v.planned_date) AS date
        FROM visit v WHERE v.owner = $1 AND v.status IN ('planned', 'booked')
        UNION ALL
        SELECT 'follow-up', f.visit_id, f.id, f.customer_id, f.action, f.breached_at IS NOT NULL, f.id, (f.due_at AT TIME ZONE ${BEIJING})::date
        FROM follow_up f WHERE f.owner = $1 AND f.status = 'open'
        UNION ALL
        SELECT 'inspection', NULL, NULL, i.customer_id, i.checklist_name, false, i.id, i.planned_date::date
        FROM inspection i WHERE i.owner = $1 AND i.status = 'planned'
        UNION ALL
        SELECT 'rectification', NULL, NULL, d.customer_id, d.label || '：' || d.observed, d.breached_at IS NOT NULL, d.id, (d.due_at AT TIME ZONE ${BEIJING})::date
        FROM hidden_danger d WHERE d.owner = $1 AND d.status IN ('open', 'reopened')
      ) w WHERE w.date <= $3::date AND (w.date >= $2::date OR w.overdue)`;
    const params = [owner, from, to];
    const rows: Array<{ type: WorkPlanItemView['type']; visit_id: string | null; follow_up_id: string | null; id: string; customer_id: string; title: string; overdue: boolean; date: string }> =
      await this.dataSource.query(
        `SELECT w.type, w.visit_id, w.follow_up_id, w.id, w.customer_id, w.title, w.overdue, to_char(w.date, 'YYYY-MM-DD') AS date FROM ${items} ORDER BY w.date, w.id LIMIT ${limit + 1} OFFSET ${offset}`,
        params,
      );
    return offsetPage(
      q,
      rows,
      (r) => ({
        type: r.type,
        date: r.date,
        ...(r.visit_id ? { visitId: r.visit_id } : {}),
        ...(r.follow_up_id ? { followUpId: r.follow_up_id } : {}),
        ...(r.type === 'inspection' ? { inspectionId: r.id } : {}),
        ...(r.type === 'rectification' ? { dangerId: r.id } : {}),
        customerId: r.customer_id,
        title: r.title,
        overdue: r.overdue,
      }),
      async () => Number((await this.dataSource.query(`SELECT count(*) AS n FROM ${items}`, params))[0].n),
    );
  }
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function overdueView(r: OverdueRow): OverdueCustomerView {
  return {
    customerId: r.id,
    code: r.code,
    name: r.name,
    tier: r.tier,
    industry: r.industry,
    ...(r.region ? { region: r.region } : {}),
    ...(r.customer_manager ? { customerManager: r.customer_manager } : {}),
    ...(r.customer_engineer ? { customerEngineer: r.customer_engineer } : {}),
    ...(r.last_at ? { lastVisitAt: new Date(r.last_at).toISOString() } : {}),
    dueSince: r.due_since,
  };
}
