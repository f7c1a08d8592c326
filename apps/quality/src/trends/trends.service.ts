import { Injectable } from '@nestjs/common';
import {
  AppError,
  Caller,
  CircuitTrendRequest,
  Clock,
  CustomerWorstCircuitsRequest,
  Granularity,
  Kpi,
  KPIS,
  QualitySettings,
  ServiceSettings,
  TrendPoint,
  TrendView,
  WorstCircuitsView,
} from '@app/shared';
import { DataSource } from 'typeorm';
import { KPI_COLUMN, rollupColumns } from '../samples/kpi-columns';

const ROLLUP_TABLE: Record<Exclude<Granularity, '5m'>, string> = { '15m': 'rollup_15m', '1h': 'rollup_1h' };

/** The time of a point as the API writes it (what `Date.toISOString()` gives), made by Postgres. */
const ISO_AT = `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A raw sample's value, or a bucket's count, sum, minimum and maximum, of each KPI asked. */
function pointColumns(g: Granularity, kpis: readonly Kpi[]): string {
  if (g === '5m') return `at, ${kpis.map((k) => KPI_COLUMN[k]).join(', ')}`;
  return `bucket AS at, ${kpis.flatMap((k) => Object.values(rollupColumns(k))).join(', ')}`;
}

/** When a point has a KPI, and its `avg, min, max, samples`: a raw sample's value, or a bucket's aggregate. */
function kpiPoint(g: Granularity, k: Kpi): { has: string; stat: string } {
  if (g === '5m') {
    const c = KPI_COLUMN[k];
    return { has: `${c} IS NOT NULL`, stat: `${c}, ${c}, ${c}, 1` };
  }
  const c = rollupColumns(k);
  return { has: `${c.n} > 0`, stat: `${c.sum} / ${c.n}, ${c.min}, ${c.max}, ${c.n}` };
}

/**
 * Each KPI's series as one JSON array of `[at, avg, min, max, samples]`, built by Postgres from the points `points`
 * (a query) selects: the service neither hydrates nor reshapes thousands of rows, it gets one JSON text per KPI.
 */
function seriesSql(g: Granularity, kpis: readonly Kpi[], points: string): string {
  const series = kpis.map((k, i) => {
    const { has, stat } = kpiPoint(g, k);
    return `coalesce(json_agg(json_build_array(iso, ${stat}) ORDER BY at) FILTER (WHERE ${has}), '[]') AS s${i}`;
  });
  return `SELECT count(*)::int AS points, ${series.join(', ')} FROM (SELECT ${ISO_AT} AS iso, * FROM (${points}) p) p`;
}

/** Trends (seed 003: 实时性能监控): per circuit at 5 minutes, 15 minutes or 1 hour, and per customer the worst circuits. */
@Injectable()
export class TrendsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly settings: ServiceSettings<QualitySettings>,
  ) {}

  /** A customer's user sees its own circuits' trends; another circuit is as unknown to it. */
  async circuit(q: CircuitTrendRequest, caller: Caller): Promise<TrendView> {
    const [circuit] = (await this.dataSource.query('SELECT id, code, customer_id FROM known_circuit WHERE id = $1', [q.circuitId])) as Array<{ id: string; code: string; customer_id: string }>;
    if (!circuit || (caller.customerId !== undefined && circuit.customer_id !== caller.customerId)) {
      throw new AppError('CIRCUIT_NOT_FOUND', `Circuit ${q.circuitId} is not known to quality monitoring`);
    }
    const s = (await this.settings.get()).values;
    const g = q.granularity ?? '5m';
    const table = g === '5m' ? 'sample' : ROLLUP_TABLE[g];
    const time = g === '5m' ? 'at' : 'bucket';
    // A chart asks for the KPIs it draws: fewer columns read and sent.
    const asked = q.kpis ? KPIS.filter((k) => q.kpis!.split(',').includes(k)) : KPIS;
    let points: string;
    let params: unknown[];
    if (q.from === undefined && q.to === undefined) {
      points = `SELECT ${pointColumns(g, asked)} FROM ${table} WHERE circuit_id = $1 ORDER BY ${time} DESC LIMIT $2`;
      params = [circuit.id, Math.min(q.points ?? s.trendDefaultPoints, s.trendMaxPoints)];
    } else {
      // Without an end, up to the newest point (a sample may be stamped a little ahead of our clock).
      const to = q.to ? new Date(q.to) : new Date(8.64e15);
      const from = q.from ? new Date(q.from) : new Date(0);
      if (from >= to) throw new AppError('VALIDATION_FAILED', 'from must be before to', { fields: [{ field: 'from', reason: 'must be before to' }] });
      points = `SELECT ${pointColumns(g, asked)} FROM ${table} WHERE circuit_id = $1 AND ${time} >= $2 AND ${time} < $3 ORDER BY ${time} LIMIT $4`;
      params = [circuit.id, from, to, s.trendMaxPoints + 1];
    }
    const [row] = (await this.dataSource.query(seriesSql(g, asked, points), params)) as Array<Record<string, unknown> & { points: number }>;
    if (row.points > s.trendMaxPoints) {
      throw new AppError('VALIDATION_FAILED', `The range holds more than ${s.trendMaxPoints} points at ${g}`, {
        fields: [{ field: 'granularity', reason: `more than ${s.trendMaxPoints} points (setting trendMaxPoints): use a coarser granularity or a shorter range` }],
      });
    }
    const series: Partial<Record<Kpi, TrendPoint[]>> = {};
    asked.forEach((k, i) => (series[k] = row[`s${i}`] as TrendPoint[]));
    return { circuitId: circuit.id, circuitCode: circuit.code, granularity: g, series };
  }

  /** The customer's circuits ranked by the average of one KPI over the range, from the hourly roll-ups. */
  async worst(q: CustomerWorstCircuitsRequest, caller: Caller): Promise<WorstCircuitsView> {
    const known = (await this.dataSource.query('SELECT 1 FROM known_customer WHERE id = $1', [q.customerId])) as unknown[];
    if (known.length === 0 || (caller.customerId !== undefined && caller.customerId !== q.customerId)) {
      throw new AppError('CUSTOMER_NOT_FOUND', `Customer ${q.customerId} not found`);
    }
    const kpi = q.kpi ?? 'latencyMs';
    const to = q.to ? new Date(q.to) : this.clock.now();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 86_400_000);
    const c = rollupColumns(kpi);
    const order = kpi === 'opticalRxDbm' ? 'ASC' : 'DESC';
    const rows = (await this.dataSource.query(
      `SELECT k.id, k.code, k.service_type, k.grade, sum(r.${c.n})::int AS n, sum(r.${c.sum}) / sum(r.${c.n}) AS avg, min(r.${c.min}) AS min, max(r.${c.max}) AS max,
         (SELECT count(*)::int FROM warning w WHERE w.circuit_id = k.id AND w.status = 'active') AS active
       FROM known_circuit k JOIN rollup_1h r ON r.circuit_id = k.id AND r.bucket >= $2 AND r.bucket < $3 AND r.${c.n} > 0
       WHERE k.customer_id = $1
       GROUP BY k.id ORDER BY avg ${order}, k.code LIMIT $4`,
      [q.customerId, from, to, q.limit ?? 10],
    )) as Array<{ id: string; code: string; service_type: string; grade: string; n: number; avg: number; min: number; max: number; active: number }>;
    return {
      customerId: q.customerId,
      kpi,
      from: from.toISOString(),
      to: to.toISOString(),
      circuits: rows.map((r) => ({
        circuitId: r.id,
        circuitCode: r.code,
        serviceType: r.service_type,
        grade: r.grade,
        stat: { avg: Number(r.avg), min: Number(r.min), max: Number(r.max), samples: r.n },
        activeWarnings: r.active,
      })),
    };
  }
}
