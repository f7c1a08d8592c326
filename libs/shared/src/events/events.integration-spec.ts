import { jetstream, jetstreamManager, JetStreamClient } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { INestMicroservice } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { expectEventually } from '../../../../test/support/eventually';
import { freshEnvironment, serviceEnv, startTestService } from '../../../../test/support/platform';
import { ManualClock } from '../clock/clock';
import { FaultEvents, ProvisioningEvents } from '../contracts';
import { EventEnvelope } from '../contracts/envelope';
import { createServiceDataSource, serviceDatabaseUrl } from '../db/database';
import { connectNats } from '../messaging/nats';
import { EventConsumer } from './event-consumer';
import { DeadLetterRecord, InboxRecord } from './event-tables';
import { ensureEventsStream, EVENTS_STREAM } from './jetstream';
import { OutboxRelay, OutboxWriter } from './outbox';

describe('durable events on real Postgres and NATS', () => {
  let env: Awaited<ReturnType<typeof freshEnvironment>>;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let reportingDb: DataSource;

  beforeAll(async () => {
    env = await freshEnvironment();
    nc = await connectNats(env.natsUrl, 'events-test');
    await ensureEventsStream(await jetstreamManager(nc));
    js = jetstream(nc);
    reportingDb = await createServiceDataSource({
      url: serviceDatabaseUrl(env.databaseUrl, 'reporting'),
      schema: 'reporting',
      entities: [],
      migrations: [],
    }).initialize();
  });

  afterAll(async () => {
    await reportingDb.destroy();
    await nc.close();
    await env.drop();
  });

  function envelope<T>(type: string, subjectId: string, data: T): EventEnvelope<T> {
    return { id: randomUUID(), type, source: type.split('.')[1], occurredAt: new Date().toISOString(), subjectId, data };
  }

  const count = async (sql: string): Promise<number> => Number((await reportingDb.query(sql))[0].n);

  describe('a consumer that receives the same event twice', () => {
    let reporting: INestMicroservice;

    beforeAll(async () => {
      reporting = await startTestService('reporting', serviceEnv(env.databaseUrl, env.natsUrl), new ManualClock());
    });

    afterAll(async () => {
      await reporting.close();
    });

    it('applies it once, whether the stream de-duplicates it or not', async () => {
      const customerId = randomUUID();
      const customer = envelope(ProvisioningEvents.customerCreated.type, customerId, {
        id: customerId,
        code: 'DUP-1',
        name: '重复',
        industry: 'other',
        tier: 'silver',
      });
      const opened = envelope(FaultEvents.ticketOpened.type, randomUUID(), {
        ticketId: randomUUID(),
        number: 'F20261122000001',
        customerId,
        circuitId: randomUUID(),
        serviceType: 'mstp',
        channel: 'hotline',
        faultAt: new Date().toISOString(),
        reportedAt: new Date().toISOString(),
        openedAt: new Date().toISOString(),
        customerView: { status: 'open', action: 'intake', at: new Date().toISOString() },
      });
      await js.publish(customer.type, JSON.stringify(customer), { msgID: customer.id });
      // Same event, different message ids: the stream keeps both, the inbox must absorb the second.
      const first = await js.publish(opened.type, JSON.stringify(opened), { msgID: `${opened.id}-a` });
      const second = await js.publish(opened.type, JSON.stringify(opened), { msgID: `${opened.id}-b` });
      expect(second.seq).toBe(first.seq + 1);
      // Same message id: the stream itself drops it.
      const third = await js.publish(opened.type, JSON.stringify(opened), { msgID: `${opened.id}-a` });
      expect(third.duplicate).toBe(true);

      await expectEventually(async () => {
        expect(await count(`SELECT count(*) AS n FROM inbox WHERE event_id = '${opened.id}'`)).toBe(1);
      });
      const consumer = await (await jetstreamManager(nc)).consumers.info(EVENTS_STREAM, 'reporting');
      await expectEventually(async () => {
        const info = await (await jetstreamManager(nc)).consumers.info(EVENTS_STREAM, 'reporting');
        expect(info.num_ack_pending).toBe(0);
        expect(info.delivered.stream_seq).toBeGreaterThanOrEqual(second.seq);
      });
      expect(consumer.config.durable_name).toBe('reporting');
      expect(await count(`SELECT count(*) AS n FROM fault_fact WHERE customer_id = '${customerId}'`)).toBe(1);
    });

    it('records an unreadable event as a dead letter at once instead of retrying it', async () => {
      const bad = envelope(FaultEvents.ticketOpened.type, 'x', { ticketId: 'not-a-uuid' });
      const ack = await js.publish(bad.type, JSON.stringify(bad));
      await expectEventually(async () => {
        const rows = await reportingDb.getRepository(DeadLetterRecord).findBy({ streamSeq: String(ack.seq) });
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ eventId: bad.id, subject: bad.type, attempts: 1 });
        expect(rows[0].error).toContain('ticketId');
      });
      expect(await reportingDb.getRepository(InboxRecord).countBy({ eventId: bad.id })).toBe(0);
    });
  });

  it('retries a failing event with back-off, then dead-letters it with its error and moves on', async () => {
    const jsm = await jetstreamManager(nc);
    const consumer = new EventConsumer('flaky-test', reportingDb, js, jsm, 2);
    const seen: string[] = [];
    consumer.on(ProvisioningEvents.customerCreated, async (data) => {
      seen.push(data.code);
      if (data.code === 'POISON') throw new Error('downstream refused POISON');
    });
    // A second handler of the same type (another feature of the service) runs in the same transaction, after the first.
    const alsoSeen: string[] = [];
    consumer.on(ProvisioningEvents.customerCreated, async (data) => {
      alsoSeen.push(data.code);
    });
    await consumer.start();
    try {
      const poison = envelope(ProvisioningEvents.customerCreated.type, randomUUID(), { id: randomUUID(), code: 'POISON', name: 'p', industry: 'other', tier: 'standard' });
      const good = envelope(ProvisioningEvents.customerCreated.type, randomUUID(), { id: randomUUID(), code: 'GOOD', name: 'g', industry: 'other', tier: 'standard' });
      const ack = await js.publish(poison.type, JSON.stringify(poison), { msgID: poison.id });
      await js.publish(good.type, JSON.stringify(good), { msgID: good.id });
      await expectEventually(async () => {
        const rows = await reportingDb.getRepository(DeadLetterRecord).findBy({ streamSeq: String(ack.seq) });
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ eventId: poison.id, attempts: 2 });
        expect(rows[0].error).toContain('downstream refused POISON');
        expect(seen).toContain('GOOD');
      }, 15_000);
      expect(seen.filter((c) => c === 'POISON')).toHaveLength(2);
      expect(alsoSeen.filter((c) => c === 'GOOD' || c === 'POISON')).toEqual(['GOOD']);
      // The failed attempts left no inbox row: their transactions rolled back.
      expect(await reportingDb.getRepository(InboxRecord).countBy({ eventId: poison.id })).toBe(0);
      expect(await reportingDb.getRepository(InboxRecord).countBy({ eventId: good.id })).toBe(1);
    } finally {
      await consumer.stop();
    }
  });

  it('applies events delivered together once each in stream order; a failing one among them is tried alone as often as alone, the others applied', async () => {
    const jsm = await jetstreamManager(nc);
    const consumer = new EventConsumer('batch-test', reportingDb, js, jsm, 2);
    const seen: string[] = [];
    consumer.on(ProvisioningEvents.customerCreated, async (data) => {
      seen.push(data.code);
      if (data.code === 'BATCH-POISON') throw new Error('downstream refused BATCH-POISON');
    });
    const created = (code: string) => envelope(ProvisioningEvents.customerCreated.type, randomUUID(), { id: randomUUID(), code, name: code, industry: 'other', tier: 'standard' });
    const before = Array.from({ length: 20 }, (_, i) => created(`BATCH-A${i}`));
    const poison = created('BATCH-POISON');
    const after = Array.from({ length: 20 }, (_, i) => created(`BATCH-B${i}`));
    // Published before the consumer starts, so they are delivered together and applied as batches.
    let poisonSeq = 0;
    for (const e of [...before, poison, ...after]) {
      const ack = await js.publish(e.type, JSON.stringify(e), { msgID: e.id });
      if (e === poison) poisonSeq = ack.seq;
    }
    await consumer.start();
    try {
      await expectEventually(async () => {
        const rows = await reportingDb.getRepository(DeadLetterRecord).findBy({ streamSeq: String(poisonSeq) });
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ eventId: poison.id, attempts: 2 });
      }, 15_000);
      const applied = [...before, ...after].map((e) => e.id);
      expect(await reportingDb.getRepository(InboxRecord).countBy({ eventId: In(applied) })).toBe(applied.length);
      expect(await reportingDb.getRepository(InboxRecord).countBy({ eventId: poison.id })).toBe(0);
      // The failing event was tried once per delivery, as it would be alone.
      expect(seen.filter((c) => c === 'BATCH-POISON')).toHaveLength(2);
      // Each of the others applied in stream order: its last run comes after the last run of every event before it.
      const lastRun = (code: string) => seen.lastIndexOf(code);
      const order = [...before, ...after].map((e) => lastRun(e.data.code));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(after.every((e) => seen.filter((c) => c === e.data.code).length === 1)).toBe(true);
    } finally {
      await consumer.stop();
    }
  });

  it('runs every handler registered for one event type (features sharing the clock events), each once', async () => {
    const consumer = new EventConsumer('two-handlers-test', reportingDb, js, await jetstreamManager(nc), 2);
    const first: string[] = [];
    const second: string[] = [];
    consumer.on(ProvisioningEvents.customerCreated, async (data) => void first.push(data.code));
    consumer.on(ProvisioningEvents.customerCreated, async (data) => void second.push(data.code));
    await consumer.start();
    try {
      const created = envelope(ProvisioningEvents.customerCreated.type, randomUUID(), { id: randomUUID(), code: 'BOTH', name: 'b', industry: 'other', tier: 'standard' });
      await js.publish(created.type, JSON.stringify(created), { msgID: created.id });
      await expectEventually(() => {
        expect(first.filter((c) => c === 'BOTH')).toHaveLength(1);
        expect(second.filter((c) => c === 'BOTH')).toHaveLength(1);
      });
    } finally {
      await consumer.stop();
    }
  });

  it('publishes every outbox row exactly once when two relays share the table', async () => {
    const writer = new OutboxWriter(new ManualClock());
    const subjectId = randomUUID();
    await reportingDb.transaction(async (m) => {
      for (let i = 0; i < 300; i++) {
        await writer.record(m, ProvisioningEvents.customerCreated, subjectId, { id: subjectId, code: `R-${i}`, name: 'r', industry: 'other', tier: 'standard' });
      }
    });
    const jsm = await jetstreamManager(nc);
    const before = (await jsm.streams.info(EVENTS_STREAM)).state.last_seq;
    const relays = [new OutboxRelay(reportingDb, js, 50, 40), new OutboxRelay(reportingDb, js, 50, 40)];
    relays.forEach((r) => r.start());
    try {
      await expectEventually(async () => {
        const left = await count('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
        expect(left).toBe(0);
      });
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
    }
    const after = (await jsm.streams.info(EVENTS_STREAM)).state.last_seq;
    expect(after - before).toBe(300);
    // In the order they were written.
    const codes: string[] = [];
    for (let seq = before + 1; seq <= after; seq++) {
      const msg = await jsm.streams.getMessage(EVENTS_STREAM, { seq });
      codes.push((msg!.json() as EventEnvelope<{ code: string }>).data.code);
    }
    expect(codes).toEqual(Array.from({ length: 300 }, (_, i) => `R-${i}`));
  });
});
