import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { StatisticsGroup, StatisticsQuery } from '@app/shared';
import { BEIJING_TIME_ZONE, GroupDimensions, Period } from './statistics.rules';

/** Rows of one read model counted per customer (and service type, and Beijing month when grouping by month). */
export type CountedRow<K extends string> = GroupDimensions & Record<K, number>;

/** A fault statistics row: tickets, clocks of a kind, and the ratings of the tickets closed (score1..5: how many of each score). */
export type FaultCountedRow = CountedRow<'opened' | 'closed' | 'restored' | 'settled' | 'met' | 'rated' | 'score1' | 'score2' | 'score3' | 'score4' | 'score5'> & {
  kind: string | null;
  restoreMs: number[];
};

/**
 * The SQL of statistics: each query counts a read model's facts of the period per customer — per month too when
 * grouping by month — joined with the customer dimension, filtered. Grouping and rates are the rules' business.
 */
@Injectable()
export class StatisticsQueries {
  constructor(private readonly dataSource: DataSource) {}

  provisioning(q: StatisticsQuery, p: Period): Promise<CountedRow<'delivered' | 'onTime' | 'warnings' | 'timelyWarnings' | 'poolEntries' | 'missed' | 'falseCompletion'>[]> {
    const facts = `
      SELECT customer_id, service_type, completed_at AS at, 'delivered' AS what, on_time AS ok FROM order_fact WHERE completed_at IS NOT NULL
      UNION ALL SELECT customer_id, service_type, (w->>'at')::timestamptz, 'warning', (w->>'timely')::boolean FROM order_fact, jsonb_array_elements(warnings) w
      UNION ALL SELECT customer_id, service_type, pool_entered_at, 'pool', NULL FROM order_fact WHERE pool_entered_at IS NOT NULL
      UNION ALL SELECT customer_id, service_type, (v->>'at')::timestamptz, v->>'kind', NULL FROM order_fact, jsonb_array_elements(violations) v`;
    return this.counted(facts, q, p, true, {
      delivered: `count(*) FILTER (WHERE f.what = 'delivered')`,
      onTime: `count(*) FILTER (WHERE f.what = 'delivered' AND f.ok)`,
      warnings: `count(*) FILTER (WHERE f.what = 'warning')`,
      timelyWarnings: `count(*) FILTER (WHERE f.what = 'warning' AND f.ok)`,
      poolEntries: `count(*) FILTER (WHERE f.what = 'pool')`,
      missed: `count(*) FILTER (WHERE f.what = 'missed-without-warning')`,
      falseCompletion: `count(*) FILTER (WHERE f.what = 'completion-without-end-to-end')`,
    });
  }

  /** Visits done per customer (one row per customer, and month): a row with visits is one customer visited. */
  visits(q: StatisticsQuery, p: Period): Promise<CountedRow<'visitsDone' | 'routine' | 'first' | 'festival' | 'crisis'>[]> {
    const facts = `SELECT customer_id, NULL::text AS service_type, done_at AS at, kind AS what, NULL::boolean AS ok FROM visit_fact WHERE done_at IS NOT NULL`;
    return this.counted(facts, q, p, false, {
      visitsDone: 'count(*)',
      routine: `count(*) FILTER (WHERE f.what = 'routine')`,
      first: `count(*) FILTER (WHERE f.what = 'first')`,
      festival: `count(*) FILTER (WHERE f.what = 'festival')`,
      crisis: `count(*) FILTER (WHERE f.what = 'crisis')`,
    });
  }

  inspections(q: StatisticsQuery, p: Period): Promise<CountedRow<'inspectionsDone' | 'dangersFound' | 'dangersFixed'>[]> {
    const facts = `
      SELECT customer_id, NULL::text AS service_type, done_at AS at, 'inspection' AS what, NULL::boolean AS ok FROM inspection_fact WHERE done_at IS NOT NULL
      UNION ALL SELECT customer_id, NULL, found_at, 'found', NULL FROM danger_fact
      UNION ALL SELECT customer_id, NULL, fixed_at, 'fixed', NULL FROM danger_fact WHERE status = 'fixed'`;
    return this.counted(facts, q, p, false, {
      inspectionsDone: `count(*) FILTER (WHERE f.what = 'inspection')`,
      dangersFound: `count(*) FILTER (WHERE f.what = 'found')`,
      dangersFixed: `count(*) FILTER (WHERE f.what = 'fixed')`,
    });
  }

  /** Complaints received, and complaint clocks settled (stopped, or breached first) with whether each was met, per step kind. */
  async complaints(q: StatisticsQuery, p: Period): Promise<Array<CountedRow<'complaints' | 'settled' | 'met'> & { kind: string | null }>> {
    const facts = `
      SELECT customer_id, NULL::text AS service_type, received_at AS at, 'complaint' AS what, NULL::boolean AS ok FROM complaint_fact
      UNION ALL SELECT COALESCE(k.customer_id, c.customer_id), NULL, LEAST(k.breached_at, k.stopped_at), k.kind, COALESCE(k.met, false)
        FROM complaint_clock_fact k LEFT JOIN complaint_fact c ON c.complaint_id = k.complaint_id`;
    return this.counted(
      facts,
      q,
      p,
      false,
      { complaints: `count(*) FILTER (WHERE f.what = 'complaint')`, settled: `count(*) FILTER (WHERE f.what <> 'complaint')`, met: `count(*) FILTER (WHERE f.what <> 'complaint' AND f.ok)` },
      `CASE WHEN f.what = 'complaint' THEN NULL ELSE f.what END`,
    );
  }

  /**
   * Fault tickets opened and closed in the period (a ticket cancelled as opened in error is no fault), tickets restored
   * with each restore's duration (fault to restore), and fault clocks settled (stopped, or breached first) with whether
   * each was met, per kind. A ticket's service type is the one it was opened with, else its circuit's; a leg's clocks
   * count under its ticket (known from the dispatch that added it). A clock the cancelling of its ticket stopped in
   * time was never put to the test and is not counted.
   */
  faults(q: StatisticsQuery, p: Period): Promise<FaultCountedRow[]> {
    const ticket = `SELECT t.customer_id, COALESCE(t.service_type, cd.service_type) AS service_type, t.ticket_id, t.status, t.opened_at, t.closed_at, t.restored_at,
        COALESCE(t.fault_at, t.reported_at, t.opened_at) AS fault_at
      FROM fault_fact t LEFT JOIN circuit_dim cd ON cd.id = t.circuit_id`;
    // A rating counts with its ticket's closing (the ticket's row, else the closing the rating carried while the row is unknown); a reopened ticket's rating waits for it to close again.
    const facts = `
      WITH t AS NOT MATERIALIZED (${ticket})
      SELECT customer_id, service_type, opened_at AS at, 'opened' AS what, NULL::boolean AS ok, NULL::float8 AS ms, NULL::int AS score FROM t WHERE status IS DISTINCT FROM 'cancelled'
      UNION ALL SELECT customer_id, service_type, closed_at, 'closed', NULL, NULL, NULL FROM t WHERE closed_at IS NOT NULL AND status IS DISTINCT FROM 'cancelled'
      UNION ALL SELECT customer_id, service_type, restored_at, 'restored', NULL, EXTRACT(EPOCH FROM restored_at - fault_at)::float8 * 1000, NULL FROM t WHERE restored_at IS NOT NULL
      UNION ALL SELECT r.customer_id, t.service_type, CASE WHEN t.ticket_id IS NULL THEN r.closed_at ELSE t.closed_at END, 'rated', NULL, NULL, r.score
        FROM rating_fact r LEFT JOIN t ON t.ticket_id = r.ticket_id WHERE t.status IS DISTINCT FROM 'cancelled'
      UNION ALL SELECT COALESCE(k.customer_id, t.customer_id), t.service_type, LEAST(k.breached_at, k.stopped_at), k.kind, COALESCE(k.met, false), NULL, NULL
        FROM clock_fact k LEFT JOIN fault_leg l ON k.subject_type = 'leg' AND l.leg_id::text = k.subject_id
          LEFT JOIN t ON t.ticket_id = COALESCE(l.ticket_id, CASE WHEN k.subject_type = 'ticket' THEN k.subject_id::uuid END)
        WHERE k.service = 'fault' AND k.subject_type IN ('ticket', 'leg') AND (k.breached_at IS NOT NULL OR k.stopped_at IS NOT NULL)
          AND NOT (k.stop_reason = 'cancel' AND k.met IS TRUE)`;
    const ticketFact = `f.what IN ('opened', 'closed', 'restored', 'rated')`;
    const scored = (n: number) => `count(*) FILTER (WHERE f.what = 'rated' AND f.score = ${n})`;
    return this.counted(
      facts,
      q,
      p,
      true,
      {
        opened: `count(*) FILTER (WHERE f.what = 'opened')`,
        closed: `count(*) FILTER (WHERE f.what = 'closed')`,
        restored: `count(*) FILTER (WHERE f.what = 'restored')`,
        settled: `count(*) FILTER (WHERE NOT ${ticketFact})`,
        met: `count(*) FILTER (WHERE NOT ${ticketFact} AND f.ok)`,
        rated: `count(*) FILTER (WHERE f.what = 'rated')`,
        score1: scored(1),
        score2: scored(2),
        score3: scored(3),
        score4: scored(4),
        score5: scored(5),
      },
      `CASE WHEN ${ticketFact} THEN NULL ELSE f.what END`,
      { restoreMs: `COALESCE(array_agg(f.ms ORDER BY f.ms) FILTER (WHERE f.what = 'restored'), '{}')` },
    ) as Promise<FaultCountedRow[]>;
  }

  /** The customers reporting knows, with their dimensions, filtered: what coverage divides by. */
  async customers(q: StatisticsQuery): Promise<GroupDimensions[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    this.customerFilters(q, where, params, 'c.id');
    const rows = (await this.dataSource.query(
      `SELECT c.id AS "customerId", c.name AS "customerName", c.industry, c.tier, c.region FROM customer_dim c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      params,
    )) as GroupDimensions[];
    return rows.map((r) => ({ ...r, serviceType: null, month: null }));
  }

  private async counted<K extends string>(
    facts: string,
    q: StatisticsQuery,
    p: Period,
    hasServiceType: boolean,
    counts: Record<K, string>,
    extraKey?: string,
    /** Aggregates other than counts, selected as they are. */
    aggregates: Record<string, string> = {},
  ): Promise<Array<CountedRow<K> & { kind: string | null }>> {
    const params: unknown[] = [p.start, p.end];
    const where = ['f.at >= $1', 'f.at < $2'];
    this.customerFilters(q, where, params, 'f.customer_id');
    if (hasServiceType && q.serviceType) where.push(`f.service_type = $${params.push(q.serviceType)}`);
    const month = byMonth(q.groupBy) ? `to_char(f.at AT TIME ZONE $${params.push(BEIJING_TIME_ZONE)}, 'YYYY-MM')` : 'NULL::text';
    const serviceType = hasServiceType && q.groupBy === 'serviceType' ? 'f.service_type' : 'NULL::text';
    const kind = extraKey ?? 'NULL::text';
    const selects = [
      ...Object.entries<string>(counts).map(([name, expr]) => `(${expr})::int AS "${name}"`),
      ...Object.entries(aggregates).map(([name, expr]) => `${expr} AS "${name}"`),
    ];
    const rows = (await this.dataSource.query(
      `SELECT f.customer_id AS "customerId", c.name AS "customerName", c.industry, c.tier, c.region,
         ${serviceType} AS "serviceType", ${month} AS month, ${kind} AS kind, ${selects.join(', ')}
       FROM (${facts}) f LEFT JOIN customer_dim c ON c.id = f.customer_id
       WHERE ${where.join(' AND ')}
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
      params,
    )) as Array<CountedRow<K> & { kind: string | null }>;
    return rows;
  }

  private customerFilters(q: StatisticsQuery, where: string[], params: unknown[], customerColumn: string): void {
    if (q.customerId) where.push(`${customerColumn} = $${params.push(q.customerId)}`);
    if (q.industry) where.push(`c.industry = $${params.push(q.industry)}`);
    if (q.tier) where.push(`c.tier = $${params.push(q.tier)}`);
    if (q.region) where.push(`c.region = $${params.push(q.region)}`);
  }
}

const byMonth = (g: StatisticsGroup | undefined) => g === 'month';
