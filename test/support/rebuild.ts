import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats, createServiceDataSource, EVENTS_STREAM, serviceDatabaseUrl } from '@app/shared';
import { rebuildReadModels, RebuildResult } from '../../apps/reporting/src/rebuild';
import { REPORTING_ENTITIES } from '../../apps/reporting/src/reporting.module';
import { expectEventually } from './eventually';
import type { TestPlatform } from './platform';

/**
 * Reading the reports once every event is applied, spoiling reporting's read models with `spoil` (SQL in its schema),
 * rebuilding them from the stream, and reading again gives the same output, byte for byte.
 */
export async function expectRebuildIdentical(platform: TestPlatform, read: () => Promise<string[]>, spoil: string[]): Promise<RebuildResult> {
  const nc = await connectNats(platform.natsUrl, 'rebuild-check');
  const db = await createServiceDataSource({ url: serviceDatabaseUrl(platform.databaseUrl, 'reporting'), schema: 'reporting', entities: REPORTING_ENTITIES, migrations: [], poolSize: 2 }).initialize();
  try {
    const jsm = await jetstreamManager(nc);
    await expectEventually(async () => {
      const info = await jsm.consumers.info(EVENTS_STREAM, 'reporting');
      expect([info.num_pending, info.num_ack_pending]).toEqual([0, 0]);
    });
    const before = await read();
    for (const sql of spoil) await db.query(sql);
    expect(await read()).not.toEqual(before);
    const result = await rebuildReadModels(db, nc);
    expect(result.skipped).toBe(0);
    expect(await read()).toEqual(before);
    return result;
  } finally {
    await db.destroy();
    await nc.close();
  }
}
