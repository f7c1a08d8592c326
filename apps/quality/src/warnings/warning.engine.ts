import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EvidenceSample, Kpi, OutboxWriter, QualityEvents, QualitySettings, QualityWarningData, WarningRule } from '@app/shared';
import { EntityManager } from 'typeorm';
import { KnownCircuitRow, StoredSample } from '../samples/sample.store';
import { beyond } from './thresholds';
import { baselineLimit, Watch, watchStep } from './warning.rules';

interface WatchRow {
  circuit_id: string;
  kpi: Kpi;
  rule: WarningRule;
  last_at: Date;
  run: Watch;
}

interface ThresholdRow {
  service_type: string;
  grade: string;
  kpi: Kpi;
  limit_value: number;
  bad: 'above' | 'below';
}

const DAY_MS = 86_400_000;

/**
 * Runs every stored sample through the thresholds of its circuit's service type and grade and through its own
 * latency baseline; a run of bad samples raises a warning (an event fault turns into a proactive ticket), a run of
 * good ones under a warning clears it. Samples older than the last one judged for a circuit are not judged again.
 */
@Injectable()
export class WarningEngine {
  constructor(private readonly outbox: OutboxWriter) {}

  async evaluate(m: EntityManager, stored: StoredSample[], circuits: KnownCircuitRow[], s: QualitySettings, now: Date): Promise<void> {
    if (stored.length === 0) return;
    const byId = new Map(circuits.map((c) => [c.id, c]));
    const ids = [...new Set(stored.map((x) => x.circuitId))];
    // The thresholds' version is held (shared) until the batch commits: a change or removal of thresholds waits for the
    // batches that read the old ones, so the warnings it clears include theirs, and a batch after it reads the new ones.
    await m.query('SELECT version FROM threshold_version WHERE id = 1 FOR SHARE');
    const thresholds = (await m.query('SELECT service_type, grade, kpi, limit_value, bad FROM threshold')) as ThresholdRow[];
    const limitsOf = new Map<string, ThresholdRow[]>();
    for (const t of thresholds) limitsOf.set(`${t.service_type}/${t.grade}`, [...(limitsOf.get(`${t.service_type}/${t.grade}`) ?? []), t]);
    const baselines = await this.baselines(m, [...new Set(stored.filter((x) => x.values.latencyMs !== undefined).map((x) => x.circuitId))], s, now);
    const watches = new Map<string, WatchRow>();
    for (const w of (await m.query('SELECT circuit_id, kpi, rule, last_at, run FROM watch WHERE circuit_id = ANY($1::uuid[])', [ids])) as WatchRow[]) {
      watches.set(`${w.circuit_id}/${w.kpi}/${w.rule}`, w);
    }
    const watched = new Set([...watches.values()].map((w) => w.circuit_id));
    const changed = new Map<string, WatchRow>();
    const sorted = [...stored].sort((a, b) => (a.circuitId === b.circuitId ? a.at.getTime() - b.at.getTime() : a.circuitId < b.circuitId ? -1 : 1));
    for (const sample of sorted) {
      const circuit = byId.get(sample.circuitId)!;
      const checks: Array<{ kpi: Kpi; rule: WarningRule; limit: number; bad: 'above' | 'below' }> = (limitsOf.get(`${circuit.service_type}/${circuit.grade}`) ?? []).map((t) => ({
        kpi: t.kpi,
        rule: 'threshold' as const,
        limit: t.limit_value,
        bad: t.bad,
      }));
      const baseline = baselines.get(sample.circuitId);
      if (baseline !== undefined) checks.push({ kpi: 'latencyMs', rule: 'baseline', limit: baseline, bad: 'above' });
      for (const check of checks) {
        const value = sample.values[check.kpi];
        if (value === undefined) continue;
        // Most samples: within the limit on a circuit with no run or warning to follow; nothing to judge or remember.
        if (!watched.has(sample.circuitId) && !beyond(value, check.limit, check.bad)) continue;
        const key = `${sample.circuitId}/${check.kpi}/${check.rule}`;
        const before = watches.get(key);
        if (before && before.last_at.getTime() >= sample.at.getTime()) continue;
        const evidence: EvidenceSample = { at: sample.at.toISOString(), value };
        const step = watchStep(before?.run ?? { warningId: null, samples: [] }, evidence, check.limit, check.bad, s.consecutiveSamples, randomUUID);
        const row: WatchRow = { circuit_id: sample.circuitId, kpi: check.kpi, rule: check.rule, last_at: sample.at, run: step.watch };
        watches.set(key, row);
        watched.add(sample.circuitId);
        // A watch with nothing to remember needs no write unless it had something before.
        if (before || step.watch.samples.length > 0 || step.watch.warningId !== null) changed.set(key, row);
        const data = (samples: EvidenceSample[], warningId: string): QualityWarningData => ({
          warningId,
          circuitId: circuit.id,
          circuitCode: circuit.code,
          customerId: circuit.customer_id,
          serviceType: circuit.service_type,
          grade: circuit.grade,
          kpi: check.kpi,
          rule: check.rule,
          limit: check.limit,
          bad: check.bad,
          samples,
          raisedAt: now.toISOString(),
        });
        if (step.raise) await this.raise(m, data(step.raise, step.watch.warningId!), now);
        if (step.clear) await this.clear(m, before!.run.warningId!, step.clear, now);
      }
    }
    if (changed.size > 0) {
      const rows = [...changed.values()];
      await m.query(
        `INSERT INTO watch (circuit_id, kpi, rule, last_at, run)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::jsonb[])
         ON CONFLICT (circuit_id, kpi, rule) DO UPDATE SET last_at = excluded.last_at, run = excluded.run`,
        [rows.map((r) => r.circuit_id), rows.map((r) => r.kpi), rows.map((r) => r.rule), rows.map((r) => r.last_at), rows.map((r) => JSON.stringify(r.run))],
      );
    }
  }

  private async raise(m: EntityManager, d: QualityWarningData, now: Date): Promise<void> {
    await m.query(
      `INSERT INTO warning (id, circuit_id, circuit_code, customer_id, service_type, grade, kpi, rule, limit_value, bad, samples, status, raised_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'active', $12)`,
      [d.warningId, d.circuitId, d.circuitCode, d.customerId, d.serviceType, d.grade, d.kpi, d.rule, d.limit, d.bad, JSON.stringify(d.samples), now],
    );
    await this.outbox.record(m, QualityEvents.warningRaised, d.circuitId, d);
  }

  /** A warning that cleared by itself: recorded as cleared, with the samples that cleared it. */
  private async clear(m: EntityManager, warningId: string, samples: EvidenceSample[], now: Date): Promise<void> {
    // An UPDATE … RETURNING answers [rows, count].
    const [rows] = (await m.query(
      `UPDATE warning SET status = 'cleared', cleared_at = $2 WHERE id = $1 AND status = 'active'
       RETURNING id, circuit_id, circuit_code, customer_id, service_type, grade, kpi, rule, limit_value, bad, raised_at`,
      [warningId, now],
    )) as [Array<Record<string, unknown>>, number];
    const w = rows[0];
    if (!w) return;
    await this.outbox.record(m, QualityEvents.warningCleared, w.circuit_id as string, {
      warningId,
      circuitId: w.circuit_id as string,
      circuitCode: w.circuit_code as string,
      customerId: w.customer_id as string,
      serviceType: w.service_type as QualityWarningData['serviceType'],
      grade: w.grade as QualityWarningData['grade'],
      kpi: w.kpi as Kpi,
      rule: w.rule as WarningRule,
      limit: Number(w.limit_value),
      bad: w.bad as 'above' | 'below',
      samples,
      raisedAt: (w.raised_at as Date).toISOString(),
      clearedAt: now.toISOString(),
    });
  }

  /**
   * Each circuit's latency limit from its own baseline: the 95th percentile of the last `baselineDays` of raw samples,
   * recomputed (for the circuits of this batch) when older than `baselineRefreshHours`.
   */
  private async baselines(m: EntityManager, ids: string[], s: QualitySettings, now: Date): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    await m.query(
      `INSERT INTO baseline (circuit_id, latency_p95, samples, computed_at)
       SELECT c.id, p.p95, coalesce(p.n, 0), $2 FROM unnest($1::uuid[]) AS c(id)
       LEFT JOIN baseline b ON b.circuit_id = c.id
       LEFT JOIN LATERAL (
         SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95, count(latency_ms)::int AS n
         FROM sample WHERE circuit_id = c.id AND at >= $3 AND at < $2 AND latency_ms IS NOT NULL
       ) p ON true
       WHERE b.circuit_id IS NULL OR b.computed_at < $4
       ON CONFLICT (circuit_id) DO UPDATE SET latency_p95 = excluded.latency_p95, samples = excluded.samples, computed_at = excluded.computed_at`,
      [ids, now, new Date(now.getTime() - s.baselineDays * DAY_MS), new Date(now.getTime() - s.baselineRefreshHours * 3_600_000)],
    );
    const rows = (await m.query('SELECT circuit_id, latency_p95, samples FROM baseline WHERE circuit_id = ANY($1::uuid[])', [ids])) as Array<{
      circuit_id: string;
      latency_p95: number | null;
      samples: number;
    }>;
    const limits = new Map<string, number>();
    for (const r of rows) {
      const limit = baselineLimit(r.latency_p95, r.samples, s);
      if (limit !== null) limits.set(r.circuit_id, limit);
    }
    return limits;
  }
}
