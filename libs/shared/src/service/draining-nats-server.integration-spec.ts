import { NatsConnection } from '@nats-io/transport-node';
import { INestMicroservice } from '@nestjs/common';
import { Client } from 'pg';
import { expectEventually } from '../../../../test/support/eventually';
import { freshEnvironment, serviceEnv, startTestService } from '../../../../test/support/platform';
import { ManualClock } from '../clock/clock';
import { ReportingRpc } from '../contracts';
import { replicaHealthRpc } from '../contracts/health';
import { SYSTEM_CALLER } from '../identity/caller';
import { connectNats } from '../messaging/nats';
import { RpcClient } from '../messaging/rpc-client';

/**
 * Two replicas of a service; one is closed (as SIGTERM does) while requests it took are still running. Nest's own
 * NATS server dropped its connection at once, so those requests timed out at the caller (504) though the other
 * replica was free.
 */
describe('a replica closed while it answers requests', () => {
  let env: Awaited<ReturnType<typeof freshEnvironment>>;
  let nc: NatsConnection;
  let db: Client;
  const running: INestMicroservice[] = [];

  beforeAll(async () => {
    env = await freshEnvironment();
    nc = await connectNats(env.natsUrl, 'drain-test');
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await nc.close();
    for (const app of running) await app.close();
    await env.drop();
  });

  it('answers every request it took, and the other replica answers the rest', async () => {
    const config = serviceEnv(env.databaseUrl, env.natsUrl);
    const clock = new ManualClock('2026-11-02T02:00:00Z');
    const first = await startTestService('reporting', config, clock);
    // The gateway's timeout is 5 s; this one is long enough that only a lost reply can make a request fail.
    const rpc = new RpcClient(nc, 20_000);
    const summary = () => rpc.send(ReportingRpc.summary, {}, { caller: SYSTEM_CALLER });

    // Hold the table the summary reads: requests sent now are taken by the only replica and wait there.
    await db.query('BEGIN');
    await db.query('LOCK TABLE reporting.customer_dim IN ACCESS EXCLUSIVE MODE');
    const taken = Array.from({ length: 5 }, summary);
    await expectEventually(async () => {
      const { rows } = await db.query("SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'reporting.customer_dim'::regclass AND NOT granted");
      expect(rows[0].n).toBe(5);
    });

    const second = await startTestService('reporting', config, clock);
    running.push(second);
    const closing = first.close();
    const sentWhileClosing = Array.from({ length: 5 }, summary);
    await db.query('COMMIT');

    const answers = await Promise.allSettled([...taken, ...sentWhileClosing]);
    await closing;
    expect(answers.filter((a) => a.status === 'rejected')).toEqual([]);
    expect(answers).toHaveLength(10);
    // The closed replica no longer takes requests: the one left answers them all.
    await expect(Promise.all(Array.from({ length: 5 }, summary))).resolves.toHaveLength(5);
  });

  it('answers a replica\'s own health subject from that replica alone (what its container health check asks)', async () => {
    const clock = new ManualClock('2026-11-02T02:00:00Z');
    const a = await startTestService('reporting', serviceEnv(env.databaseUrl, env.natsUrl, { INSTANCE_ID: 'replica-a' }), clock);
    const b = await startTestService('reporting', serviceEnv(env.databaseUrl, env.natsUrl, { INSTANCE_ID: 'replica-b' }), clock);
    running.push(b);
    const rpc = new RpcClient(nc, 5000);
    const healthOf = (instance: string) => rpc.send(replicaHealthRpc('reporting', instance), {}, { caller: SYSTEM_CALLER });

    await expect(healthOf('replica-a')).resolves.toMatchObject({ service: 'reporting', status: 'up' });
    await a.close();
    // Nobody else answers for a replica that is gone, though its sibling is up.
    await expect(healthOf('replica-a')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await expect(healthOf('replica-b')).resolves.toMatchObject({ status: 'up' });
  });
});
