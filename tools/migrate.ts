import { MixedList } from 'typeorm';
import {
  createServiceDataSource,
  devRolePassword,
  provisionServiceSchema,
  SCHEMA_OWNERS,
  SchemaOwner,
  serviceDatabaseUrl,
} from '@app/shared';
import { GATEWAY_ENTITIES, GATEWAY_MIGRATIONS } from '../apps/gateway/src/identity/identity.schema';
import { FAULT_ENTITIES, FAULT_MIGRATIONS } from '../apps/fault/src/fault.module';
import { PROVISIONING_ENTITIES, PROVISIONING_MIGRATIONS } from '../apps/provisioning/src/provisioning.module';
import { REPORTING_ENTITIES, REPORTING_MIGRATIONS } from '../apps/reporting/src/reporting.module';
import { VISITS_ENTITIES, VISITS_MIGRATIONS } from '../apps/visits/src/visits.module';
import { NOTIFIER_ENTITIES, NOTIFIER_MIGRATIONS } from '../apps/notifier/src/notifier.module';
import { QUALITY_ENTITIES, QUALITY_MIGRATIONS } from '../apps/quality/src/quality.module';

const SCHEMAS: Record<SchemaOwner, { entities: MixedList<Function>; migrations: MixedList<Function> }> = {
  fault: { entities: FAULT_ENTITIES, migrations: FAULT_MIGRATIONS },
  provisioning: { entities: PROVISIONING_ENTITIES, migrations: PROVISIONING_MIGRATIONS },
  visits: { entities: VISITS_ENTITIES, migrations: VISITS_MIGRATIONS },
  reporting: { entities: REPORTING_ENTITIES, migrations: REPORTING_MIGRATIONS },
  notifier: { entities: NOTIFIER_ENTITIES, migrations: NOTIFIER_MIGRATIONS },
  quality: { entities: QUALITY_ENTITIES, migrations: QUALITY_MIGRATIONS },
  gateway: { entities: GATEWAY_ENTITIES, migrations: GATEWAY_MIGRATIONS },
};

/** `<SERVICE>_DB_PASSWORD`, or the development default outside production. */
export function rolePassword(service: SchemaOwner, env: NodeJS.ProcessEnv): string {
  const name = `${service.toUpperCase()}_DB_PASSWORD`;
  const password = env[name];
  if (password) return password;
  if (env.NODE_ENV === 'production') throw new Error(`${name} must be set in production`);
  return devRolePassword(service);
}

/**
 * For every service and the gateway: create its role and schema with the admin login, then run its migrations as the
 * service's own role, so every table is owned by the service that owns the schema.
 */
export async function migrateAll(adminUrl: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  for (const service of SCHEMA_OWNERS) {
    const password = rolePassword(service, env);
    await provisionServiceSchema(adminUrl, service, password);
    const ds = createServiceDataSource({
      url: serviceDatabaseUrl(adminUrl, service, password),
      schema: service,
      ...SCHEMAS[service],
      poolSize: 1,
    });
    await ds.initialize();
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      log(`${service}: ${applied.length === 0 ? 'schema up to date' : `applied ${applied.map((m) => m.name).join(', ')}`}`);
    } finally {
      await ds.destroy();
    }
  }
}

if (require.main === module) {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    console.error('DATABASE_URL (an admin login) is required');
    process.exit(1);
  }
  migrateAll(adminUrl, process.env, (line) => console.log(`[migrate] ${line}`)).catch((err: unknown) => {
    console.error(`[migrate] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
