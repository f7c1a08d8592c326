import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { Client } from 'pg';
import { connectNats, EVENTS_STREAM, EventEnvelope, ThresholdsChangedData } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { CircuitFixture, createCircuit, createCustomer } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const MIN = 60_000;

describe('quality monitoring: threshold changes are announced, removable and kept in a history', () => {
  let platform: TestPlatform;
  let circuit: CircuitFixture;
  let nc: NatsConnection;
  let batch = 0;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'quality'] });
    circuit = await createCircuit(http, await createCustomer(http), { serviceType: 'idc', grade: 'A' });
    await expectEventually(async () => {
      await http().get(`/api/v1/quality/circuits/${circuit.id}/trend`).expect(200);
    });
    nc = await connectNats(platform.natsUrl, 'test-threshold-listener');
    await (await jetstreamManager(nc)).consumers.add(EVENTS_STREAM, {
      durable_name: 'test-thresholds',
      filter_subject: 'evt.quality.thresholds.changed.v1',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
    });
  });

  afterAll(async () => {
    await nc.close();
    await platform.close();
  });

  const http = () => platform.http();
  /** The next threshold event on the platform's event stream. */
  const nextEvent = async () => {
    const msg = await (await jetstream(nc).consumers.get(EVENTS_STREAM, 'test-thresholds')).next({ expires: 10_000 });
    expect(msg).not.toBeNull();
    msg!.ack();
    return msg!.json<EventEnvelope<ThresholdsChangedData>>();
  };
  const at = (minutesAgo: number) => new Date(Math.floor(platform.clock.now().getTime() / (5 * MIN)) * 5 * MIN - minutesAgo * MIN).toISOString();
  const idcA = { serviceType: 'idc', grade: 'A' } as const;

  it('announces every version as evt.quality.thresholds.changed.v1: who, why, each threshold set or changed from → to; a change that changes nothing is no version', async () => {
    const noc = await platform.user(['noc']);
    const version = (await http().get('/api/v1/quality/thresholds').expect(200)).body.version as number;
    const admin = await platform.user(['admin']);
    const changed = (
      await admin
        .http()
        .put('/api/v1/quality/thresholds')
        .send({ expectedVersion: version, reason: 'IDC 抖动收紧', thresholds: [{ ...idcA, kpi: 'jitterMs', limit: 15 }, { ...idcA, kpi: 'utilInPct', limit: 90 }] })
        .expect(200)
    ).body;
    // utilInPct is 90 already: only jitter changed.
    expect(changed).toMatchObject({ version: version + 1, changedBy: admin.username, reason: 'IDC 抖动收紧' });
    const event = await nextEvent();
    expect(event).toMatchObject({ type: 'evt.quality.thresholds.changed.v1', subjectId: 'thresholds' });
    expect(event.data).toEqual({
      version: version + 1,
      changedAt: platform.clock.now().toISOString(),
      changedBy: admin.username,
      reason: 'IDC 抖动收紧',
      changes: [{ ...idcA, kpi: 'jitterMs', action: 'changed', from: { limit: 20, bad: 'above' }, to: { limit: 15, bad: 'above' } }],
    });
    // The same limits again: nothing changes, no version, no event.
    expect((await http().put('/api/v1/quality/thresholds').send({ thresholds: [{ ...idcA, kpi: 'jitterMs', limit: 15 }] }).expect(200)).body.version).toBe(version + 1);
    await noc.http().put('/api/v1/quality/thresholds').send({ thresholds: [{ ...idcA, kpi: 'jitterMs', limit: 14 }] }).expect(403);

    // Removed below, set again here: `set`, with nothing before.
    await http().delete(`/api/v1/quality/thresholds/idc/A/opticalRxDbm`).expect(404);
    const set = (await http().put('/api/v1/quality/thresholds').send({ thresholds: [{ ...idcA, kpi: 'opticalRxDbm', limit: -24 }] }).expect(200)).body;
    expect(set.version).toBe(version + 2);
    expect((await nextEvent()).data.changes).toEqual([{ ...idcA, kpi: 'opticalRxDbm', action: 'set', to: { limit: -24, bad: 'below' } }]);
  });

  it('removes a threshold against the version read: the KPI is no longer judged on it, its active warnings clear, and the removal is announced', async () => {
    // Three samples over the installed 50 ms of IDC grade A: a latency warning.
    for (const [i, latencyMs] of [60, 61, 62].entries()) {
      const reply = (await http().post('/api/v1/quality/samples').send({ source: 'nms', batchId: `t-${++batch}`, samples: [{ circuitCode: circuit.code, at: at(40 - 5 * i), latencyMs }] }).expect(200)).body;
      expect(reply.accepted).toBe(1);
    }
    const warnings = async () => (await http().get('/api/v1/quality/warnings').query({ circuitId: circuit.id }).expect(200)).body.items as Json[];
    expect((await warnings()).map((w) => [w.kpi, w.rule, w.status])).toEqual([['latencyMs', 'threshold', 'active']]);

    const { version } = (await http().get('/api/v1/quality/thresholds').expect(200)).body;
    const stale = await http().delete('/api/v1/quality/thresholds/idc/A/latencyMs').query({ expectedVersion: version - 1 }).expect(412);
    expect(stale.body.code).toBe('STALE_VERSION');
    const bad = await http().delete('/api/v1/quality/thresholds/idc/Z/latencyMs').expect(400);
    expect(bad.body.errors.map((e: Json) => e.field)).toEqual(['grade']);
    await (await platform.user(['noc'])).http().delete('/api/v1/quality/thresholds/idc/A/latencyMs').expect(403);

    const removed = (await http().delete('/api/v1/quality/thresholds/idc/A/latencyMs').query({ expectedVersion: version, reason: 'IDC 时延改由基线判断' }).expect(200)).body;
    expect(removed).toMatchObject({ version: version + 1, changedBy: 'admin', reason: 'IDC 时延改由基线判断' });
    expect(removed.thresholds.filter((t: Json) => t.serviceType === 'idc' && t.grade === 'A').map((t: Json) => t.kpi)).not.toContain('latencyMs');
    expect(removed.thresholds.some((t: Json) => t.serviceType === 'idc' && t.grade === 'AA' && t.kpi === 'latencyMs')).toBe(true);
    expect((await nextEvent()).data).toMatchObject({
      version: version + 1,
      changedBy: 'admin',
      changes: [{ ...idcA, kpi: 'latencyMs', action: 'removed', from: { limit: 50, bad: 'above' } }],
    });
    await http().delete('/api/v1/quality/thresholds/idc/A/latencyMs').expect(404);

    // With no limit, nothing would clear the warning: it cleared with the removal; latency no longer raises one.
    expect((await warnings()).map((w) => [w.kpi, w.status])).toEqual([['latencyMs', 'cleared']]);
    for (const [i, latencyMs] of [70, 71, 72].entries()) {
      await http().post('/api/v1/quality/samples').send({ source: 'nms', batchId: `t-${++batch}`, samples: [{ circuitCode: circuit.code, at: at(25 - 5 * i), latencyMs }] }).expect(200);
    }
    expect((await warnings()).filter((w) => w.status === 'active')).toEqual([]);
  });

  it('judges a batch against thresholds no change is rewriting: a batch waits for a change in progress (so a removal clears what the batches before it raised)', async () => {
    const db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      // A batch first, so the day's partition exists (making one is not what is measured here).
      await http().post('/api/v1/quality/samples').send({ source: 'nms', batchId: `t-${++batch}`, samples: [{ circuitCode: circuit.code, at: at(10), latencyMs: 10 }] }).expect(200);
      // A change of thresholds in progress holds their version.
      await db.query('BEGIN');
      await db.query('SELECT version FROM quality.threshold_version WHERE id = 1 FOR UPDATE');
      const posted = (async () => http().post('/api/v1/quality/samples').send({ source: 'nms', batchId: `t-${++batch}`, samples: [{ circuitCode: circuit.code, at: at(5), latencyMs: 10 }] }))();
      // The batch's transaction waits on the version lock.
      await expectEventually(async () => {
        // Activity is read as of the transaction's first look unless the snapshot is let go.
        await db.query('SELECT pg_stat_clear_snapshot()');
        const waiting = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%threshold_version%FOR SHARE%' AND pid <> pg_backend_pid()`,
        );
        expect(waiting.rows[0].n).toBe(1);
      });
      await db.query('ROLLBACK');
      const reply = await posted;
      expect(reply.status).toBe(200);
      expect(reply.body.accepted).toBe(1);
    } finally {
      await db.query('ROLLBACK').catch(() => undefined);
      await db.end();
    }
  });

  it('keeps every version in a history: who (the signed-in admin), when, why, each threshold set, changed or removed (admin only)', async () => {
    const history = (await http().get('/api/v1/quality/thresholds/history').query({ count: 'exact' }).expect(200)).body;
    expect(history.total).toBe(3);
    expect(history.items.map((h: Json) => [h.version, h.changes.map((c: Json) => `${c.action} ${c.kpi}`)])).toEqual([
      [3, ['removed latencyMs']],
      [2, ['set opticalRxDbm']],
      [1, ['changed jitterMs']],
    ]);
    expect(history.items[0]).toMatchObject({ changedBy: 'admin', reason: 'IDC 时延改由基线判断', changedAt: expect.any(String) });
    expect(history.items[2].changedBy).toMatch(/^admin-\d+$/);
    const oldestFirst = (await http().get('/api/v1/quality/thresholds/history').query({ sort: 'version', limit: 1 }).expect(200)).body;
    expect(oldestFirst).toMatchObject({ hasMore: true, items: [{ version: 1 }] });
    await (await platform.user(['noc'])).http().get('/api/v1/quality/thresholds/history').expect(403);
    await http().get('/api/v1/quality/thresholds/history').query({ sort: 'who' }).expect(400);
  });
});
