import { join } from 'node:path';
import { DEFAULT_INFRA, resolveInfra } from '../../tools/infra';

/**
 * Resolves Postgres and NATS exactly as `npm start` does (DATABASE_URL / NATS_URL, else embedded ones
 * under .data/test), and hands their URLs to the test files.
 */
export default async function globalSetup(): Promise<void> {
  if ((globalThis as { __testInfra?: unknown }).__testInfra) return;
  const infra = await resolveInfra(process.env, {
    ...DEFAULT_INFRA,
    dataDir: join(DEFAULT_INFRA.dataDir, 'test'),
    database: 'gem_test',
    pgPort: DEFAULT_INFRA.pgPort + 1,
    natsPort: DEFAULT_INFRA.natsPort + 1,
    log: (line) => console.log(`[test infra] ${line}`),
  });
  process.env.TEST_DATABASE_URL = infra.databaseUrl;
  process.env.TEST_NATS_URL = infra.natsUrl;
  (globalThis as { __testInfra?: typeof infra }).__testInfra = infra;
}
