import { Injectable } from '@nestjs/common';
import { AppError, Caller, Kpi, KPIS, KpiStatistics, offsetPage, QualityGrouping, QualitySettings, QualityStatisticsQuery, QualityStatisticsRow, QualityStatisticsView, ServiceSettings } from '@app/shared';
import { DataSource } from 'typeorm';
import { rollupColumns } from '../samples/kpi-columns';
import { availabilityPct, periodProblem } from './statistics.rules';

const KEY: Record<QualityGrouping, { key: string; label: string | null }> = {
  customer: { key: 'k.customer_id::text', label: 'c.name' },
  serviceType: { key: 'k.service_type', label: null },
  region: { key: "coalesce(c.region, '')", label: null },
  circuit: { key: 'k.id::text', label: 'k.code' },
};

/** Per KPI: its samples, sum, minimum, maximum and the percentiles of the circuits' hourly averages. */
const kpiAggregates = KPIS.map((k, i) => {
  const c = rollupColumns(k);
  const hourly = `r.${c.sum} / nullif(r.${c.n}, 0)`;
  return `sum(r.${c.n})::bigint AS n${i}, sum(r.${c.sum}) AS s${i}, min(r.${c.min}) AS lo${i}, max(r.${c.max}) AS hi${i},
    percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hourly}) AS p50_${i}, percentile_cont(0.95) WITHIN GROUP (ORDER BY ${hourly}) AS p95_${i}`;
}).join(',\n');

/**
 * Quality statistics (seed 003, 业务质量统计和呈现) by customer, service type, region or circuit over a period, from
 * the hourly roll-ups: availability from the severely errored seconds, and per KPI the average, extremes and the
 * percentiles of the hourly averages. A customer's user gets its own circuits' only.
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: ServiceSettings<QualitySettings>,
  ) {}

  async of(q: QualityStatisticsQuery, caller: Caller): Promise<QualityStatisticsView> {
    const from = new Date(q.from);
    const to = new Date(q.to);
    const problem = periodProblem(from, to, (await this.settings.get()).values.statisticsMaxDays);
    if (problem) throw new AppError('VALIDATION_FAILED', `Invalid period: ${problem.reason}`, { fields: [problem] });
    const g = KEY[q.groupBy];
    const where = `r.bucket >= $1 AND r.bucket < $2 AND ($3::uuid IS NULL OR k.customer_id = $3) AND ($4::text IS NULL OR k.service_type = $4) AND ($5::text IS NULL OR c.region = $5)`;
    const from_ = 'FROM rollup_1h r JOIN known_circuit k ON k.id = r.circuit_id LEFT JOIN known_customer c ON c.id = k.customer_id';
    const params = [from, to, caller.customerId ?? q.customerId ?? null, q.serviceType ?? null, q.region ?? null];
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const rows = (await this.dataSource.query(
      `SELECT ${g.key} AS key, ${g.label ? `min(${g.label})` : 'NULL'} AS label, count(DISTINCT r.circuit_id)::int AS circuits, ${kpiAggregates}
       ${from_} WHERE ${where} GROUP BY 1 ORDER BY 1 LIMIT $6 OFFSET $7`,
      [...params, limit + 1, offset],
    )) as Array<Record<string, unknown>>;
    const page = await offsetPage(q, rows, toRow, async () => {
      const [{ n }] = (await this.dataSource.query(`SELECT count(DISTINCT ${g.key})::int AS n ${from_} WHERE ${where}`, params)) as Array<{ n: number }>;
      return n;
    });
    return { groupBy: q.groupBy, from: from.toISOString(), to: to.toISOString(), ...page, offset };
  }
}

function toRow(r: Record<string, unknown>): QualityStatisticsRow {
  const kpis: Partial<Record<Kpi, KpiStatistics>> = {};
  KPIS.forEach((k, i) => {
    const n = Number(r[`n${i}`] ?? 0);
    if (n > 0) {
      kpis[k] = { samples: n, avg: Number(r[`s${i}`]) / n, min: Number(r[`lo${i}`]), max: Number(r[`hi${i}`]), p50: Number(r[`p50_${i}`]), p95: Number(r[`p95_${i}`]) };
    }
  });
  const ses = KPIS.indexOf('severelyErroredSeconds');
  const availability = availabilityPct(Number(r[`s${ses}`] ?? 0), Number(r[`n${ses}`] ?? 0));
  return {
    key: String(r.key),
    ...(r.label ? { label: String(r.label) } : {}),
    circuits: Number(r.circuits),
    ...(availability !== undefined ? { availabilityPct: availability } : {}),
    kpis,
  };
}
