import { createServiceDataSource, loadConfig, resolveServiceDatabaseUrl, ServiceEnv } from '@app/shared';
import { loadSeedCases, readSeed000 } from '../apps/reporting/src/cases/case-seed';
import { REPORTING_ENTITIES, REPORTING_MIGRATIONS } from '../apps/reporting/src/reporting.module';

/** `npm run cases:seed`: loads seed 000 (44 typical cases) into the case library as published, imported cases; a second run changes nothing. */
async function main(): Promise<void> {
  const env = loadConfig(ServiceEnv, process.env);
  const url = resolveServiceDatabaseUrl(env, 'reporting');
  const ds = await createServiceDataSource({ url, schema: 'reporting', entities: REPORTING_ENTITIES, migrations: REPORTING_MIGRATIONS, poolSize: 1 }).initialize();
  try {
    const r = await ds.transaction((m) => loadSeedCases(m, readSeed000(), 'cases-seed', new Date()));
    console.log(`[cases:seed] seed 000: ${r.cases} cases, ${r.created} loaded now (${r.cases - r.created} already there), ${r.withBody} with a body`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(`[cases:seed] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
