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
  KpiStat,
  QualitySettings,
  ServiceSettings,
  TrendPoint,
  TrendView,
  WorstCircuitsView,
} from '@app/shared';
import { DataSource } from 'typeorm';
import { KPI_COLUMN, rollupColumns } from '../samples/kpi-columns';

const ROLLUP_TABLE: Record<Exclude<Granularity, '5m'>, string> = { '15m': 'rollup_15m', '1h': 'rollup_1h' };

/** The columns a trend point is read from: a raw sample's value, or a bucket's count, sum, minimum and maximum. */
function pointColumns(g: Granularity, kpis: readonly Kpi[]): string {
  if (g === '5m') return `at, ${kpis.map((k) => KPI_COLUMN[k]).join(', ')}`;
  return `bucket AS at, ${kpis.flatMap((k) => Object.values(rollupColumns(k))).join(', ')}`;
}

function toPoint(g: Granularity, kpisAsked: readonly Kpi[], row: Record<string, unknown>): TrendPoint {
  const kpis: Partial<Record<Kpi, KpiStat>> = {};
  for (const k of kpisAsked) {
    if (g === '5m') {
      const v = row[KPI_COLUMN[k]];
      if (v !== null) kpis[k] = { avg: Number(v), min: Number(v), max: Number(v), samples: 1 };
      continue;
    }
    const c = rollupColumns(k);
    const n = Number(row[c.n]);
    if (n > 0) kpis[k] = { avg: Number(row[c.sum]) / n, min: Number(row[c.min]), max: Number(row[c.max]), samples: n };
  }
  return { at: (row.at as Date).toISOString(), kpis };
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
    let rows: Array<Record<string, unknown>>;
    if (q.from === undefined && q.to === undefined) {
      const points = Math.min(q.points ?? s.trendDefaultPoints, s.trendMaxPoints);
      rows = (await this.dataSource.query(`SELECT ${pointColumns(g, asked)} FROM ${table} WHERE circuit_id = $1 ORDER BY ${time} DESC LIMIT $2`, [circuit.id, points])) as typeof rows;
      rows.reverse();
    } else {
      // Without an end, up to the newest point (a sample may be stamped a little ahead of our clock).
      const to = q.to ? new Date(q.to) : new Date(8.64e15);
      const from = q.from ? new Date(q.from) : new Date(0);
      if (from >= to) throw new AppError('VALIDATION_FAILED', 'from must be before to', { fields: [{ field: 'from', reason: 'must be before to' }] });
      rows = (await this.dataSource.query(`SELECT ${pointColumns(g, asked)} FROM ${table} WHERE circuit_id = $1 AND ${time} >= $2 AND ${time} < $3 ORDER BY ${time} LIMIT $4`, [
        circuit.id,
        from,
        to,
        s.trendMaxPoints + 1,
      ])) as typeof rows;
      if (rows.length > s.trendMaxPoints) {
        throw new AppError('VALIDATION_FAILED', `The range holds more than ${s.trendMaxPoints} points at ${g}`, {
          fields: [{ field: 'granularity', reason: `more than ${s.trendMaxPoints} points (setting trendMaxPoints): use a coarser granularity or a shorter range` }],
        });
      }
    }
    return { circuitId: circuit.id, circuitCode: circuit.code, granularity: g, points: rows.map((r) => toPoint(g, asked, r)) };
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
