import { Injectable } from '@nestjs/common';
import {
  AppError,
  Caller,
  Clock,
  EvidenceSample,
  Kpi,
  offsetPage,
  OutboxWriter,
  Page,
  PageQuery,
  pageBounds,
  PutThresholdsBody,
  QualityEvents,
  QualitySettings,
  QualityWarningData,
  RemoveThresholdRequest,
  ServiceSettings,
  sortOrder,
  ThresholdChange,
  ThresholdEvents,
  ThresholdsHistoryEntry,
  ThresholdsQuery,
  ThresholdsView,
  ThresholdView,
  UnitOfWork,
} from '@app/shared';
import { DataSource, EntityManager } from 'typeorm';
import { changeOf, defaultBad, StoredChange, thresholdProblems } from './thresholds.rules';

interface VersionRow {
  version: number;
  changed_at: Date | null;
  changed_by: string | null;
  reason: string | null;
}

interface ChangeRow {
  version: number;
  changed_at: Date;
  changed_by: string;
  reason: string | null;
  changes: StoredChange[];
}

const keyOf = (t: { serviceType: string; grade: string; kpi: string }) => `${t.serviceType}/${t.grade}/${t.kpi}`;

/**
 * The static thresholds per service type, grade and KPI, which an admin reads, sets, changes and removes against the
 * version read (412 STALE_VERSION when another change came first). Every version is kept (`threshold_change`: who,
 * when, why, each threshold before and after) and announced (`evt.quality.thresholds.changed.v1`). The fluctuation
 * rule's parameters are the quality settings; they are shown beside the thresholds. The warning engine reads the
 * table with every batch: a change applies from the next batch on.
 */
@Injectable()
export class ThresholdsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly settings: ServiceSettings<QualitySettings>,
    private readonly outbox: OutboxWriter,
  ) {}

  get(q: ThresholdsQuery): Promise<ThresholdsView> {
    return this.read(this.dataSource.manager, q);
  }

  /** Sets or changes the thresholds sent; a change that changes nothing is no new version. */
  async put(req: PutThresholdsBody, caller: Caller): Promise<ThresholdsView> {
    const problems = thresholdProblems(req.thresholds);
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `Invalid thresholds: ${problems.map((p) => p.field).join(', ')}`, { fields: problems });
    return this.uow.run(async (m) => {
      const current = await this.lockVersion(m, req.expectedVersion);
      const before = await this.limits(m);
      const rows = req.thresholds.map((t) => ({ ...t, bad: t.bad ?? defaultBad(t.kpi) }));
      const changes = rows
        .map((r) => changeOf(r, before.get(keyOf(r)) ?? null, { limit: r.limit, bad: r.bad }))
        .filter((c): c is ThresholdChange => c !== null);
      if (changes.length === 0) return this.read(m, {});
      await m.query(
        `INSERT INTO threshold (service_type, grade, kpi, limit_value, bad)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::text[])
         ON CONFLICT (service_type, grade, kpi) DO UPDATE SET limit_value = excluded.limit_value, bad = excluded.bad`,
        [rows.map((r) => r.serviceType), rows.map((r) => r.grade), rows.map((r) => r.kpi), rows.map((r) => r.limit), rows.map((r) => r.bad)],
      );
      await this.recordVersion(m, current.version + 1, caller, req.reason, changes);
      return this.read(m, {});
    });
  }

  /**
   * Removes one threshold: the KPI of those circuits is no longer judged against a static limit, and their active
   * warnings of that threshold clear (`evt.quality.warning.cleared.v1` with no samples: nothing is left to clear them).
   */
  async remove(req: RemoveThresholdRequest, caller: Caller): Promise<ThresholdsView> {
    return this.uow.run(async (m) => {
      const current = await this.lockVersion(m, req.expectedVersion);
      const [rows] = (await m.query('DELETE FROM threshold WHERE service_type = $1 AND grade = $2 AND kpi = $3 RETURNING limit_value, bad', [
        req.serviceType,
        req.grade,
        req.kpi,
      ])) as [Array<{ limit_value: number; bad: 'above' | 'below' }>, number];
      if (rows.length === 0) throw new AppError('NOT_FOUND', `No threshold ${keyOf(req)} to remove`);
      const from = { limit: Number(rows[0].limit_value), bad: rows[0].bad };
      const now = await this.recordVersion(m, current.version + 1, caller, req.reason, [changeOf(req, from, null)!]);
      await this.clearWarnings(m, req, now);
      return this.read(m, {});
    });
  }

  /** Every version, newest first (or `sort=version`): who changed which thresholds, when, why, from what to what. */
  async history(q: PageQuery): Promise<Page<ThresholdsHistoryEntry>> {
    const { limit, offset } = pageBounds(q);
    const { direction } = sortOrder(q, 'version', ['version']);
    const rows = (await this.dataSource.query(`SELECT version, changed_at, changed_by, reason, changes FROM threshold_change ORDER BY version ${direction} LIMIT $1 OFFSET $2`, [
      limit + 1,
      offset,
    ])) as ChangeRow[];
    return offsetPage(
      q,
      rows,
      (r) => ({
        version: r.version,
        changedAt: r.changed_at.toISOString(),
        changedBy: r.changed_by,
        ...(r.reason ? { reason: r.reason } : {}),
        // Versions from before removals were recorded kept `from: null` and no action.
        changes: r.changes.map((c) => changeOf(c, c.from ?? null, c.to ?? null) ?? { serviceType: c.serviceType, grade: c.grade, kpi: c.kpi, action: 'changed', from: c.from!, to: c.to! }),
      }),
      async () => ((await this.dataSource.query('SELECT count(*)::int AS total FROM threshold_change')) as Array<{ total: number }>)[0].total,
    );
  }

  private async lockVersion(m: EntityManager, expectedVersion: number | undefined): Promise<VersionRow> {
    const [current] = (await m.query('SELECT version FROM threshold_version WHERE id = 1 FOR UPDATE')) as VersionRow[];
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw new AppError('STALE_VERSION', `The thresholds changed since version ${expectedVersion} (now ${current.version}): reload them`, { currentVersion: current.version });
    }
    return current;
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

  /** The new version: the current one, the history row and the event, in the change's transaction. */
  private async recordVersion(m: EntityManager, version: number, caller: Caller, reason: string | undefined, changes: ThresholdChange[]): Promise<Date> {
    const now = this.clock.now();
    await m.query('UPDATE threshold_version SET version = $1, changed_at = $2, changed_by = $3, reason = $4 WHERE id = 1', [version, now, caller.username, reason ?? null]);
    await m.query('INSERT INTO threshold_change (version, changed_at, changed_by, reason, changes) VALUES ($1, $2, $3, $4, $5)', [
      version,
      now,
      caller.username,
      reason ?? null,
      JSON.stringify(changes),
    ]);
    await this.outbox.record(m, ThresholdEvents.changed, 'thresholds', {
      version,
      changedAt: now.toISOString(),
      changedBy: caller.username,
      ...(reason ? { reason } : {}),
      changes,
    });
    return now;
  }

  private async limits(m: EntityManager): Promise<Map<string, { limit: number; bad: 'above' | 'below' }>> {
    const rows = (await m.query('SELECT service_type, grade, kpi, limit_value, bad FROM threshold')) as Array<{
      service_type: string;
      grade: string;
      kpi: string;
      limit_value: number;
      bad: 'above' | 'below';
    }>;
    return new Map(rows.map((r) => [keyOf({ serviceType: r.service_type, grade: r.grade, kpi: r.kpi }), { limit: Number(r.limit_value), bad: r.bad }]));
  }

  /**
   * The active warnings of a removed threshold clear, and the runs the engine followed for it are forgotten: with no
   * limit, no sample would ever clear them.
   */
  private async clearWarnings(m: EntityManager, t: RemoveThresholdRequest, now: Date): Promise<void> {
    const circuits = `SELECT id FROM known_circuit WHERE service_type = $1 AND grade = $2`;
    const [cleared] = (await m.query(
      `UPDATE warning SET status = 'cleared', cleared_at = $4
       WHERE status = 'active' AND rule = 'threshold' AND kpi = $3 AND circuit_id IN (${circuits})
       RETURNING id, circuit_id, circuit_code, customer_id, service_type, grade, kpi, limit_value, bad, raised_at`,
      [t.serviceType, t.grade, t.kpi, now],
    )) as [Array<Record<string, unknown>>, number];
    await m.query(`DELETE FROM watch WHERE rule = 'threshold' AND kpi = $3 AND circuit_id IN (${circuits})`, [t.serviceType, t.grade, t.kpi]);
    const none: EvidenceSample[] = [];
    for (const w of cleared) {
      const data: QualityWarningData = {
        warningId: w.id as string,
        circuitId: w.circuit_id as string,
        circuitCode: w.circuit_code as string,
        customerId: w.customer_id as string,
        serviceType: w.service_type as QualityWarningData['serviceType'],
        grade: w.grade as QualityWarningData['grade'],
        kpi: w.kpi as Kpi,
        rule: 'threshold',
        limit: Number(w.limit_value),
        bad: w.bad as 'above' | 'below',
        samples: none,
        raisedAt: (w.raised_at as Date).toISOString(),
        clearedAt: now.toISOString(),
      };
      await this.outbox.record(m, QualityEvents.warningCleared, data.circuitId, data);
    }
  }
}
