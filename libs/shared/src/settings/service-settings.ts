import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { offsetPage, Page, PageQuery, pageBounds } from '../contracts/paging';
import { PutSettingsRequest, SettingsChange, settingsEvents, SettingsHistoryEntry, SettingsSchema, SettingsService, SettingsView } from '../contracts/settings/settings';
import { sortOrder } from '../db/paginate';
import { AppError, validationError } from '../errors/app-error';
import { OutboxWriter, UnitOfWork } from '../events/outbox';
import { Caller } from '../identity/caller';

export interface SettingsSnapshot<T> {
  /** 0 while the defaults are in force. */
  version: number;
  values: T;
}

interface VersionRow {
  version: number;
  values: Record<string, unknown>;
  changes: SettingsChange[];
  reason: string | null;
  changed_by: string;
  changed_at: Date;
}

const APPLIES_TO = 'Clocks started from this version on; clocks already running keep the limits they started with';

/**
 * The limits of one service, versioned in its own schema. A clock takes its limit when it starts, so a change
 * applies to clocks started after it and never to running ones. Read inside the caller's transaction: every
 * replica sees a change at once.
 */
export class ServiceSettings<T extends object> {
  /** SQL for the current settings version, to select beside a hot path's own query and pass to `at`. */
  static readonly versionSql = '(SELECT coalesce(max(version), 0) FROM settings_version)';

  private cached: (SettingsSnapshot<T> & { row: VersionRow | null }) | null = null;
  private readonly fields: string[];

  constructor(
    private readonly service: SettingsService,
    private readonly schema: SettingsSchema<T>,
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {
    this.fields = Object.keys(schema.defaults);
  }

  /** The limits in force now (one indexed read; the parsed document is cached per version). */
  async get(m: EntityManager = this.dataSource.manager): Promise<SettingsSnapshot<T>> {
    const [row] = (await m.query(
      'SELECT version, "values", changes, reason, changed_by, changed_at FROM settings_version ORDER BY version DESC LIMIT 1',
    )) as VersionRow[];
    const version = row?.version ?? 0;
    if (this.cached?.version !== version) this.cached = { version, values: this.merge(row?.values ?? {}), row: row ?? null };
    return { version: this.cached.version, values: this.cached.values };
  }

  /** Stored values over the defaults; a field the code no longer knows is ignored, a new one takes its default. */
  /**
   * The settings of `version`, a version the caller read in a query of its own (`ServiceSettings.versionSql` as a
   * column), so a hot path learns of a change without a round trip of its own: read again only when it moved.
   */
  async at(m: EntityManager, version: number): Promise<SettingsSnapshot<T>> {
    if (this.cached?.version === version) return { version, values: this.cached.values };
    return this.get(m);
  }

  private merge(stored: Record<string, unknown>): T {
    const values = { ...this.schema.defaults } as Record<string, unknown>;
    for (const f of this.fields) if (typeof stored[f] === 'number') values[f] = stored[f];
    return values as T;
  }

  async view(): Promise<SettingsView> {
    await this.get();
    return this.toView(this.cached!);
  }

  private toView(s: SettingsSnapshot<T> & { row: VersionRow | null }): SettingsView {
    return {
      service: this.service,
      version: s.version,
      values: s.values as Record<string, number>,
      defaults: this.schema.defaults as Record<string, number>,
      ...(s.row ? { changedAt: s.row.changed_at.toISOString(), changedBy: s.row.changed_by, ...(s.row.reason ? { reason: s.row.reason } : {}) } : {}),
      changes: s.row?.changes ?? [],
      appliesTo: `${this.schema.appliesTo ?? APPLIES_TO} (version ${s.version})`,
    };
  }

  /** Changes some limits: validated field by field, recorded as a new version with who, when and why. */
  async put(req: PutSettingsRequest, caller: Caller): Promise<SettingsView> {
    const unknown = Object.keys(req.values).filter((f) => !this.fields.includes(f));
    if (unknown.length > 0) {
      throw new AppError('VALIDATION_FAILED', `Unknown setting ${unknown.join(', ')}`, {
        fields: unknown.map((field) => ({ field, reason: `is not a ${this.service} setting` })),
      });
    }
    return this.uow.run(async (m) => {
      // One writer at a time, so versions follow one another and expectedVersion means what it says.
      await m.query('LOCK TABLE settings_version IN SHARE ROW EXCLUSIVE MODE');
      const current = await this.get(m);
      if (req.expectedVersion !== undefined && req.expectedVersion !== current.version) {
        throw new AppError('STALE_VERSION', `The ${this.service} settings changed since version ${req.expectedVersion} (now ${current.version}): reload them`, {
          currentVersion: current.version,
        });
      }
      const next = { ...current.values, ...req.values } as T;
      const errors = await validate(plainToInstance(this.schema.type, next) as object, { forbidUnknownValues: true });
      if (errors.length > 0) throw validationError(errors);
      const changes: SettingsChange[] = this.fields
        .filter((f) => (next as Record<string, number>)[f] !== (current.values as Record<string, number>)[f])
        .map((field) => ({ field, from: (current.values as Record<string, number>)[field], to: (next as Record<string, number>)[field] }));
      if (changes.length === 0) return this.toView(this.cached!);
      const version = current.version + 1;
      const changedBy = caller.username;
      await m.query('INSERT INTO settings_version (version, "values", changes, reason, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        version,
        JSON.stringify(next),
        JSON.stringify(changes),
        req.reason ?? null,
        changedBy,
        this.clock.now(),
      ]);
      await this.outbox.record(m, settingsEvents(this.service).changed, this.service, { service: this.service, version, changedBy, changes, values: next as Record<string, number> });
      await this.get(m);
      return this.toView(this.cached!);
    });
  }

  /** Every change, newest first (or `sort=version`). */
  async history(q: PageQuery): Promise<Page<SettingsHistoryEntry>> {
    const { limit, offset } = pageBounds(q);
    const { direction } = sortOrder(q, 'version', ['version']);
    const rows = (await this.dataSource.query(
      `SELECT version, changes, reason, changed_by, changed_at FROM settings_version ORDER BY version ${direction} LIMIT $1 OFFSET $2`,
      [limit + 1, offset],
    )) as VersionRow[];
    return offsetPage(
      q,
      rows,
      (r) => ({ version: r.version, changedAt: r.changed_at.toISOString(), changedBy: r.changed_by, ...(r.reason ? { reason: r.reason } : {}), changes: r.changes }),
      async () => ((await this.dataSource.query('SELECT count(*)::int AS total FROM settings_version')) as { total: number }[])[0].total,
    );
  }

}
