import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BusinessImportance, CauseCategory, CircuitGrade, Tier, VisitsSettings } from '@app/shared';
import { visitSettings } from '../settings/visit-settings.projection';
import { Period } from '../statistics/statistics.rules';

export interface CustomerRow {
  id: string;
  name: string;
  code: string | null;
  industry: string | null;
  tier: Tier;
  region: string | null;
}

export interface CircuitRow {
  id: string;
  code: string;
  serviceType: string;
  business: string;
  importance: BusinessImportance;
  grade: CircuitGrade;
  protection: string;
}

export interface FaultRow {
  ticketId: string;
  number: string | null;
  circuitId: string | null;
  circuitCode: string | null;
  status: string | null;
  faultAt: Date | null;
  restoredAt: Date | null;
  closedAt: Date | null;
  causeCategory: CauseCategory | null;
  causeSegment: string | null;
  causeDescription: string | null;
  customerFacingCause: string | null;
  resolutionExemptMs: number | null;
}

export interface RatingRow {
  ticketId: string;
  number: string;
  circuitCode: string | null;
  score: number;
  comment: string | null;
  ratedAt: Date;
}

/** The SQL of the analysis report: one customer's rows of each read model for a period. The arithmetic is the rules'. */
@Injectable()
export class AnalysisQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** The after-sales limits as reporting last heard of them (visit frequency per tier). */
  visitSettings(): Promise<VisitsSettings> {
    return visitSettings(this.dataSource.manager);
  }

  async customer(id: string): Promise<CustomerRow | null> {
    const rows = (await this.dataSource.query(`SELECT id, name, code, industry, tier, region FROM customer_dim WHERE id = $1`, [id])) as CustomerRow[];
    return rows[0] ?? null;
  }

  circuits(customerId: string): Promise<CircuitRow[]> {
    return this.dataSource.query(
      `SELECT id, code, service_type AS "serviceType", business, importance, grade, protection FROM circuit_dim WHERE customer_id = $1 ORDER BY code, id`,
      [customerId],
    );
  }

  /**
   * The customer's faults whose outage overlaps the period (fault before its end, not restored or closed before its
   * start), not cancelled, with the exempt time of their resolution clocks (several after a reopening).
   */
  async faults(customerId: string, p: Period): Promise<FaultRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT f.ticket_id AS "ticketId", f.number, f.circuit_id AS "circuitId", f.circuit_code AS "circuitCode", f.status,
         f.fault_at AS "faultAt", f.restored_at AS "restoredAt", f.closed_at AS "closedAt", f.cause_category AS "causeCategory",
         f.cause_segment AS "causeSegment", f.cause_description AS "causeDescription", f.customer_facing_cause AS "customerFacingCause",
         (SELECT sum(k.exempt_ms) FROM clock_fact k WHERE k.subject_id = f.ticket_id::text AND k.kind = 'resolution')::float8 AS "resolutionExemptMs"
       FROM fault_fact f
       WHERE f.customer_id = $1 AND f.fault_at < $3 AND COALESCE(f.status, '') <> 'cancelled'
         AND (COALESCE(f.restored_at, f.closed_at) IS NULL OR COALESCE(f.restored_at, f.closed_at) > $2)
       ORDER BY f.fault_at, f.ticket_id`,
      [customerId, p.start, p.end],
    )) as FaultRow[];
    return rows;
  }

  /** The suspend and resume steps of these tickets, in order (the suspensions of faults with exempt time). */
  async suspensionSteps(ticketIds: string[]): Promise<Map<string, Array<{ at: Date; action: string }>>> {
    const steps = new Map<string, Array<{ at: Date; action: string }>>();
    if (ticketIds.length === 0) return steps;
    const rows = (await this.dataSource.query(
      `SELECT ticket_id AS "ticketId", at, action FROM ticket_timeline WHERE ticket_id = ANY($1::uuid[]) AND action IN ('suspend', 'resume') ORDER BY ticket_id, at, ticket_version`,
      [ticketIds],
    )) as Array<{ ticketId: string; at: Date; action: string }>;
    for (const r of rows) steps.set(r.ticketId, [...(steps.get(r.ticketId) ?? []), { at: r.at, action: r.action }]);
    return steps;
  }

  /** Fault clocks settled in the period (stopped with a verdict, or breached first), per kind: how many, how many met. */
  clocks(customerId: string, p: Period): Promise<Array<{ kind: string; met: number; total: number }>> {
    return this.dataSource.query(
      `SELECT kind, (count(*) FILTER (WHERE COALESCE(met, false)))::int AS met, count(*)::int AS total
       FROM clock_fact
       WHERE customer_id = $1 AND service = 'fault' AND LEAST(breached_at, stopped_at) >= $2 AND LEAST(breached_at, stopped_at) < $3
       GROUP BY kind`,
      [customerId, p.start, p.end],
    );
  }

  /** Provisioning orders delivered in the period and on time, warnings filed and violations recorded in it. */
  async provisioning(customerId: string, p: Period): Promise<{ delivered: number; onTime: number; warnings: number; missed: number; falseCompletion: number }> {
    const rows = (await this.dataSource.query(
      `SELECT
         (SELECT count(*) FROM order_fact WHERE customer_id = $1 AND completed_at >= $2 AND completed_at < $3)::int AS delivered,
         (SELECT count(*) FROM order_fact WHERE customer_id = $1 AND completed_at >= $2 AND completed_at < $3 AND on_time)::int AS "onTime",
         (SELECT count(*) FROM order_fact, jsonb_array_elements(warnings) w WHERE customer_id = $1 AND (w->>'at')::timestamptz >= $2 AND (w->>'at')::timestamptz < $3)::int AS warnings,
         (SELECT count(*) FROM order_fact, jsonb_array_elements(violations) v WHERE customer_id = $1 AND v->>'kind' = 'missed-without-warning'
            AND (v->>'at')::timestamptz >= $2 AND (v->>'at')::timestamptz < $3)::int AS missed,
         (SELECT count(*) FROM order_fact, jsonb_array_elements(violations) v WHERE customer_id = $1 AND v->>'kind' = 'completion-without-end-to-end'
            AND (v->>'at')::timestamptz >= $2 AND (v->>'at')::timestamptz < $3)::int AS "falseCompletion"`,
      [customerId, p.start, p.end],
    )) as Array<{ delivered: number; onTime: number; warnings: number; missed: number; falseCompletion: number }>;
    return rows[0];
  }

  /**
   * The customer's tickets closed in the period (not cancelled), and its ratings of them, by rating time. A rating
   * goes with its ticket's closing, as in the fault statistics: the ticket's row, else the closing the rating carried.
   */
  async ratings(customerId: string, p: Period): Promise<{ closed: number; ratings: RatingRow[] }> {
    const [{ closed }] = (await this.dataSource.query(
      `SELECT count(*)::int AS closed FROM fault_fact WHERE customer_id = $1 AND closed_at >= $2 AND closed_at < $3 AND status IS DISTINCT FROM 'cancelled'`,
      [customerId, p.start, p.end],
    )) as Array<{ closed: number }>;
    const ratings = (await this.dataSource.query(
      `SELECT r.ticket_id AS "ticketId", r.number, r.circuit_code AS "circuitCode", r.score, r.comment, r.rated_at AS "ratedAt"
       FROM rating_fact r LEFT JOIN fault_fact t ON t.ticket_id = r.ticket_id
       WHERE r.customer_id = $1 AND t.status IS DISTINCT FROM 'cancelled'
         AND (CASE WHEN t.ticket_id IS NULL THEN r.closed_at ELSE t.closed_at END) >= $2 AND (CASE WHEN t.ticket_id IS NULL THEN r.closed_at ELSE t.closed_at END) < $3
       ORDER BY r.rated_at, r.ticket_id`,
      [customerId, p.start, p.end],
    )) as RatingRow[];
    return { closed, ratings };
  }

  /** Visits and inspections done in the period, the last visit done by its end, hidden dangers found and fixed in it. */
  async afterSales(customerId: string, p: Period): Promise<{ visitsDone: number; lastVisitAt: Date | null; inspectionsDone: number; dangersFound: number; dangersFixed: number }> {
    const rows = (await this.dataSource.query(
      `SELECT
         (SELECT count(*) FROM visit_fact WHERE customer_id = $1 AND done_at >= $2 AND done_at < $3)::int AS "visitsDone",
         (SELECT max(done_at) FROM visit_fact WHERE customer_id = $1 AND done_at < $3) AS "lastVisitAt",
         (SELECT count(*) FROM inspection_fact WHERE customer_id = $1 AND done_at >= $2 AND done_at < $3)::int AS "inspectionsDone",
         (SELECT count(*) FROM danger_fact WHERE customer_id = $1 AND found_at >= $2 AND found_at < $3)::int AS "dangersFound",
         (SELECT count(*) FROM danger_fact WHERE customer_id = $1 AND status = 'fixed' AND fixed_at >= $2 AND fixed_at < $3)::int AS "dangersFixed"`,
      [customerId, p.start, p.end],
    )) as Array<{ visitsDone: number; lastVisitAt: Date | null; inspectionsDone: number; dangersFound: number; dangersFixed: number }>;
    return rows[0];
  }
}
