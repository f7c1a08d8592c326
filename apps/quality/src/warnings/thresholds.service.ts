import { Injectable } from '@nestjs/common';
import { AppError, Caller, Clock, PutThresholdsBody, QualitySettings, ServiceSettings, ThresholdsQuery, ThresholdsView, ThresholdView, UnitOfWork } from '@app/shared';
import { DataSource, EntityManager } from 'typeorm';
import { defaultBad, thresholdProblems } from './thresholds.rules';

interface VersionRow {
  version: number;
  changed_at: Date | null;
  changed_by: string | null;
  reason: string | null;
}

/**
 * The static thresholds per service type, grade and KPI, which an admin reads and changes against the version read
 * (412 STALE_VERSION when another change came first). The fluctuation rule's parameters are the quality settings;
 * they are shown beside the thresholds. The warning engine reads the table with every batch: a change applies from
 * the next batch on.
 */
@Injectable()
export class ThresholdsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly settings: ServiceSettings<QualitySettings>,
  ) {}

  get(q: ThresholdsQuery): Promise<ThresholdsView> {
    return this.read(this.dataSource.manager, q);
  }

  async put(req: PutThresholdsBody, caller: Caller): Promise<ThresholdsView> {
    const problems = thresholdProblems(req.thresholds);
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `Invalid thresholds: ${problems.map((p) => p.field).join(', ')}`, { fields: problems });
    return this.uow.run(async (m) => {
      const [current] = (await m.query('SELECT version FROM threshold_version WHERE id = 1 FOR UPDATE')) as VersionRow[];
      if (req.expectedVersion !== undefined && req.expectedVersion !== current.version) {
        throw new AppError('STALE_VERSION', `The thresholds changed since version ${req.expectedVersion} (now ${current.version}): reload them`, { currentVersion: current.version });
      }
      const before = new Map(
        ((await m.query('SELECT service_type, grade, kpi, limit_value, bad FROM threshold')) as Array<{ service_type: string; grade: string; kpi: string; limit_value: number; bad: string }>).map((r) => [
          `${r.service_type}/${r.grade}/${r.kpi}`,
          { limit: Number(r.limit_value), bad: r.bad },
        ]),
      );
      const rows = req.thresholds.map((t) => ({ ...t, bad: t.bad ?? defaultBad(t.kpi) }));
      await m.query(
        `INSERT INTO threshold (service_type, grade, kpi, limit_value, bad)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::text[])
         ON CONFLICT (service_type, grade, kpi) DO UPDATE SET limit_value = excluded.limit_value, bad = excluded.bad`,
        [rows.map((r) => r.serviceType), rows.map((r) => r.grade), rows.map((r) => r.kpi), rows.map((r) => r.limit), rows.map((r) => r.bad)],
      );
      const now = this.clock.now();
      const version = current.version + 1;
      const changes = rows.map((r) => ({ serviceType: r.serviceType, grade: r.grade, kpi: r.kpi, from: before.get(`${r.serviceType}/${r.grade}/${r.kpi}`) ?? null, to: { limit: r.limit, bad: r.bad } }));
      await m.query('UPDATE threshold_version SET version = $1, changed_at = $2, changed_by = $3, reason = $4 WHERE id = 1', [version, now, caller.username, req.reason ?? null]);
      await m.query('INSERT INTO threshold_change (version, changed_at, changed_by, reason, changes) VALUES ($1, $2, $3, $4, $5)', [
        version,
        now,
        caller.username,
        req.reason ?? null,
        JSON.stringify(changes),
      ]);
      return this.read(m, {});
    });
  }

  private async read(m: EntityManager, q: ThresholdsQuery): Promise<ThresholdsView> {
    const [v] = (await m.query('SELECT version, changed_at, changed_by, reason FROM threshold_version WHERE id = 1')) as VersionRow[];
    const rows = (await m.query(
      `SELECT service_type, grade, kpi, limit_value, bad FROM threshold
       WHERE ($1::text IS NULL OR service_type = $1) AND ($2::text IS NULL OR grade = $2)
       ORDER BY service_type, grade, kpi`,
      [q.serviceType ?? null, q.grade ?? null],
    )) as Array<{ service_type: ThresholdView['serviceType']; grade: ThresholdView['grade']; kpi: ThresholdView['kpi']; limit_value: number; bad: 'above' | 'below' }>;
    const s = await this.settings.get();
    return {
      version: v.version,
      ...(v.changed_at ? { changedAt: v.changed_at.toISOString() } : {}),
      ...(v.changed_by ? { changedBy: v.changed_by } : {}),
      ...(v.reason ? { reason: v.reason } : {}),
      thresholds: rows.map((r) => ({ serviceType: r.service_type, grade: r.grade, kpi: r.kpi, limit: Number(r.limit_value), bad: r.bad })),
      fluctuation: {
        settingsVersion: s.version,
        consecutiveSamples: s.values.consecutiveSamples,
        baselineDays: s.values.baselineDays,
        baselineFactor: s.values.baselineFactor,
        baselineMinSamples: s.values.baselineMinSamples,
        baselineRefreshHours: s.values.baselineRefreshHours,
      },
    };
  }
}
