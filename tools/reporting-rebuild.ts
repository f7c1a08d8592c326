import { connectNats, createServiceDataSource, loadConfig, resolveServiceDatabaseUrl, ServiceEnv } from '@app/shared';
import { REPORTING_ENTITIES, REPORTING_MIGRATIONS } from '../apps/reporting/src/reporting.module';
import { rebuildReadModels } from '../apps/reporting/src/rebuild';

/** `npm run reporting:rebuild`: empties reporting's read models and replays the events stream into them. */
async function main(): Promise<void> {
  const env = loadConfig(ServiceEnv, process.env);
  const url = resolveServiceDatabaseUrl(env, 'reporting');
  const ds = await createServiceDataSource({ url, schema: 'reporting', entities: REPORTING_ENTITIES, migrations: REPORTING_MIGRATIONS, poolSize: 1 }).initialize();
  const nc = await connectNats(env.NATS_URL, 'reporting-rebuild');
  try {
    const r = await rebuildReadModels(ds, nc);
    console.log(`[reporting:rebuild] replayed stream sequences ${r.firstSeq}..${r.lastSeq}: ${r.applied} events applied, ${r.skipped} unreadable skipped`);
    if (r.firstSeq > 1) console.log(`[reporting:rebuild] the stream no longer holds sequences 1..${r.firstSeq - 1}: what they carried is not in the rebuilt tables`);
  } finally {
    await nc.close();
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(`[reporting:rebuild] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
