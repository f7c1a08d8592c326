import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { expectEventually } from '../../../../test/support/eventually';
import { freshEnvironment } from '../../../../test/support/platform';
import { PrivateNats } from '../../../../test/support/private-nats';
import { ManualClock } from '../clock/clock';
import { ProvisioningEvents } from '../contracts';
import { createServiceDataSource, serviceDatabaseUrl } from '../db/database';
import { connectNats } from '../messaging/nats';
import { EventConsumer } from './event-consumer';
import { ensureEventsStream } from './jetstream';
import { OutboxRelay, OutboxWriter } from './outbox';

describe('a NATS restart loses and duplicates nothing', () => {
  let env: Awaited<ReturnType<typeof freshEnvironment>>;
  let db: DataSource;
  const nats = new PrivateNats();

  beforeAll(async () => {
    env = await freshEnvironment();
    db = await createServiceDataSource({ url: serviceDatabaseUrl(env.databaseUrl, 'fault'), schema: 'fault', entities: [], migrations: [] }).initialize();
    await nats.start();
  });

  afterAll(async () => {
    await nats.stop();
    nats.cleanup();
    await db.destroy();
    await env.drop();
  });

  it('publishes what was written while NATS was down, and the consumer applies each event once', async () => {
    const nc = await connectNats(nats.url, 'restart-test');
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    await ensureEventsStream(jsm);
    const relay = new OutboxRelay(db, js, 100);
    const consumer = new EventConsumer('restart-test', db, js, jsm, 5);
    const applied: string[] = [];
    consumer.on(ProvisioningEvents.customerCreated, async (data) => {
      applied.push(data.code);
    });
    await consumer.start();
    relay.start();
    const writer = new OutboxWriter(new ManualClock());
    const write = (codes: string[]) =>
      db.transaction(async (m) => {
        for (const code of codes) {
          const id = randomUUID();
          await writer.record(m, ProvisioningEvents.customerCreated, id, { id, code, name: code, industry: 'other', tier: 'standard' });
        }
      });
    try {
      await write(['before-1', 'before-2']);
      await expectEventually(() => expect(applied).toEqual(['before-1', 'before-2']));

      await nats.stop();
      await write(['during-1', 'during-2', 'during-3']);
      await new Promise((r) => setTimeout(r, 500));
      const [{ n: waiting }] = await db.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
      expect(waiting).toBe(3);

      await nats.start();
      await expectEventually(() => expect(applied).toEqual(['before-1', 'before-2', 'during-1', 'during-2', 'during-3']), 30_000);
      const [{ n: left }] = await db.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
      expect(left).toBe(0);
      const [{ n: inbox }] = await db.query('SELECT count(*)::int AS n FROM inbox');
      expect(inbox).toBe(5);
    } finally {
      await relay.stop();
      await consumer.stop();
      await nc.close();
    }
  });
});
