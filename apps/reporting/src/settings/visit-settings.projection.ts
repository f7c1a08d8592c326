import { EntityManager } from 'typeorm';
import { settingsEvents, VISITS_SETTINGS_DEFAULTS, VisitsSettings } from '@app/shared';
import { ProjectionSink } from '../faults/fault-projections';

/**
 * Reporting's copy of the after-sales limits it judges by (visit frequency per tier, for the overdue-visit
 * recommendation), from the visits service's settings events: the highest version wins, so a late event changes nothing.
 */
export function registerVisitSettingsProjection(sink: ProjectionSink): void {
  sink.on(settingsEvents('visits').changed, async (d, _e, m) => {
    // Events from before they carried every value say only what changed: apply it on the copy of that version's predecessor.
    const values = d.values ?? Object.fromEntries(d.changes.map((c) => [c.field, c.to]));
    await m.query(
      `INSERT INTO visit_settings_copy (id, version, "values") VALUES (1, $1, $2::jsonb)
       ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version,
         "values" = CASE WHEN $3::boolean THEN EXCLUDED."values" ELSE visit_settings_copy."values" || EXCLUDED."values" END
       WHERE visit_settings_copy.version < EXCLUDED.version`,
      [d.version, JSON.stringify(values), d.values !== undefined],
    );
  });
}

/** The visits limits in force as reporting last heard of them: DOMAIN.md's defaults until a change arrives. */
export async function visitSettings(m: EntityManager): Promise<VisitsSettings> {
  const rows = (await m.query('SELECT "values" FROM visit_settings_copy WHERE id = 1')) as Array<{ values: Partial<VisitsSettings> }>;
  return { ...VISITS_SETTINGS_DEFAULTS, ...(rows[0]?.values ?? {}) };
}
