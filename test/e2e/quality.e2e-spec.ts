import { jetstream } from '@nats-io/jetstream';
import { Client } from 'pg';
import { connectNats, IngestReply, KPIS, TrendView } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { CircuitFixture, createCircuit, createCustomer, CustomerFixture } from '../support/factories';
import { KPI_COLUMNS } from '../../apps/quality/src/samples/kpi-columns';
import { RetentionService } from '../../apps/quality/src/samples/retention.service';
import { startPlatform, TestPlatform } from '../support/platform';

const MIN = 60_000;

describe('quality monitoring: samples, roll-ups and trends', () => {
  let platform: TestPlatform;
  let db: Client;
  let customer: CustomerFixture;
  let circuit: CircuitFixture;
  let other: CircuitFixture;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'quality'], serviceEnv: { QUALITY_MAINTENANCE_MS: '200', LOG_LEVEL: 'warn' } });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    customer = await createCustomer(http);
    circuit = await createCircuit(http, customer);
    other = await createCircuit(http, customer);
    await expectEventually(async () => {
      await http().get(`/api/v1/quality/circuits/${circuit.id}/trend`).expect(200);
      await http().get(`/api/v1/quality/circuits/${other.id}/trend`).expect(200);
    });
  });

  afterAll(async () => {
    await db.end();
    await platform.close();
  });

  const http = () => platform.http();
  /** The services' now minus `minutes`, on the 5-minute grid. */
  const ago = (minutes: number) => new Date(Math.floor(platform.clock.now().getTime() / (5 * MIN)) * 5 * MIN - minutes * MIN).toISOString();

  it('takes a batch over HTTP and reports accepted, unknown circuits and bad samples by index, never dropping one silently', async () => {
    const samples = [
      { circuitCode: circuit.code, at: ago(60), latencyMs: 12, packetLossPct: 0.01, utilInPct: 40 },
      { circuitCode: 'NO-SUCH-CIRCUIT', at: ago(60), latencyMs: 10 },
      { circuitCode: circuit.code, at: ago(55), latencyMs: -1 },
      { circuitCode: circuit.code, at: 'yesterday', latencyMs: 1 },
      { circuitCode: circuit.code, at: ago(50) },
      { circuitCode: circuit.code, at: new Date(platform.clock.now().getTime() + 60 * MIN).toISOString(), latencyMs: 1 },
      { circuitCode: circuit.code, at: ago(8 * 24 * 60), latencyMs: 1 },
      { circuitCode: circuit.code, at: ago(45), latencyMs: 1, erroredSeconds: 1, severelyErroredSeconds: 2 },
      { circuitCode: circuit.code, at: ago(40), bogus: 1 },
      { circuitCode: circuit.code, at: ago(60), latencyMs: 99 },
    ];
    const reply = (await http().post('/api/v1/quality/samples').send({ source: 'small-feed', batchId: 'b-1', samples }).expect(200)).body as IngestReply;
    expect(reply).toMatchObject({ received: 10, accepted: 1, duplicates: 1, unknownCircuits: 1, unknownCircuitCodes: ['NO-SUCH-CIRCUIT'], replayed: false });
    expect(reply.bad.map((b) => b.index)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(reply.bad[0].reason).toBe('latencyMs must be a number from 0 to 60000');
    expect(reply.bad[4].reason).toBe('at is older than the raw retention (7 days)');
    expect(reply.accepted + reply.duplicates + reply.unknownCircuits + reply.bad.length).toBe(reply.received);
    // The same batch again: the first answer, nothing stored twice.
    const again = (await http().post('/api/v1/quality/samples').send({ source: 'small-feed', batchId: 'b-1', samples }).expect(200)).body as IngestReply;
    expect(again).toEqual({ ...reply, replayed: true });
    expect((await db.query(`SELECT count(*)::int AS n FROM quality.sample WHERE circuit_id = $1`, [circuit.id])).rows[0].n).toBe(1);
  });

  it('refuses a batch that is not a batch, and one over the limit of samples', async () => {
    await http().post('/api/v1/quality/samples').send({ source: 'bad source!', batchId: 'x', samples: [] }).expect(400);
    await http().post('/api/v1/quality/samples').send({ source: 'feed', batchId: 'x', samples: 'none' }).expect(400);
    // Over HTTP a sample must at least be an object, and a batch at most 1,000 samples (larger feeds: JetStream).
    await http().post('/api/v1/quality/samples').send({ source: 'feed', batchId: 'x', samples: ['not a sample'] }).expect(400);
    await http().post('/api/v1/quality/samples').send({ source: 'feed', batchId: 'x', samples: Array.from({ length: 1001 }, () => ({})) }).expect(400);
    await http().put('/api/v1/settings/quality').send({ maxSamplesPerBatch: 2 }).expect(200);
    const res = await http()
      .post('/api/v1/quality/samples')
      .send({ source: 'feed', batchId: 'too-big', samples: [{}, {}, {}] })
      .expect(400);
    expect(res.body.errors).toEqual([{ field: 'samples', reason: 'at most 2 samples (setting maxSamplesPerBatch)' }]);
    await http().put('/api/v1/settings/quality').send({ maxSamplesPerBatch: 10000 }).expect(200);
  });

  it('takes batches from JetStream on quality.samples.<source> and publishes each outcome on quality.results.<source>', async () => {
    const nc = await connectNats(platform.natsUrl, 'test-nms');
    try {
      const results = nc.subscribe('quality.results.nms-east', { max: 2 });
      const samples = Array.from({ length: 24 }, (_, i) => ({
        circuitCode: other.code,
        at: ago(5 * (23 - i)),
        latencyMs: 10 + (i % 7),
        jitterMs: 1 + (i % 3) / 2,
        utilInPct: 20 + i,
        utilOutPct: 30 + (i % 5),
        opticalRxDbm: -12 - (i % 4) / 4,
      }));
      const js = jetstream(nc);
      await js.publish('quality.samples.nms-east', JSON.stringify({ batchId: 'east-1', samples: samples.slice(0, 10) }));
      await js.publish('quality.samples.nms-east', JSON.stringify({ batchId: 'east-2', samples: [...samples.slice(10), 'not a sample'] }));
      const outcomes: IngestReply[] = [];
      for await (const m of results) outcomes.push(m.json<IngestReply>());
      // Batches are handled several at once (QUALITY_SAMPLES_IN_FLIGHT): their outcomes come in any order.
      expect(outcomes.map((o) => [o.batchId, o.accepted, o.bad.length]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
        ['east-1', 10, 0],
        ['east-2', 14, 1],
      ]);
    } finally {
      await nc.close();
    }
  });

  it('keeps 15-minute and hourly roll-ups equal to the values recomputed from the raw samples, and shows trends at each granularity', async () => {
    // A third batch adds to buckets the earlier ones began: the roll-ups grow by upsert, never by rescanning.
    await http()
      .post('/api/v1/quality/samples')
      .send({ source: 'small-feed', batchId: 'b-2', samples: [{ circuitCode: other.code, at: ago(120), latencyMs: 25, packetLossPct: 0.2 }] })
      .expect(200);
    const raw = (await db.query(`SELECT * FROM quality.sample WHERE circuit_id = $1 ORDER BY at`, [other.id])).rows as Array<Record<string, unknown> & { at: Date }>;
    expect(raw).toHaveLength(25);
    const columns: Record<string, string> = {
      utilInPct: 'util_in_pct',
      utilOutPct: 'util_out_pct',
      packetLossPct: 'packet_loss_pct',
      latencyMs: 'latency_ms',
      jitterMs: 'jitter_ms',
      erroredSeconds: 'errored_seconds',
      severelyErroredSeconds: 'severely_errored_seconds',
      opticalRxDbm: 'optical_rx_dbm',
    };
    const recompute = (bucketMs: number) => {
      const buckets = new Map<number, Record<string, number[]>>();
      for (const row of raw) {
        const b = Math.floor(row.at.getTime() / bucketMs) * bucketMs;
        const kpis = buckets.get(b) ?? {};
        for (const k of KPIS) if (row[columns[k]] !== null) (kpis[k] ??= []).push(Number(row[columns[k]]));
        buckets.set(b, kpis);
      }
      // Each KPI's series: [at, avg, min, max, samples] of the buckets where some sample carried it.
      const ordered = [...buckets.entries()].sort(([a], [b]) => a - b);
      return Object.fromEntries(
        KPIS.map((k) => [
          k,
          ordered.flatMap(([b, kpis]) => {
            const v = kpis[k];
            return v ? [[new Date(b).toISOString(), expect.closeTo(v.reduce((s, x) => s + x, 0) / v.length, 5), Math.min(...v), Math.max(...v), v.length]] : [];
          }),
        ]),
      );
    };
    const from = new Date(platform.clock.now().getTime() - 24 * 60 * MIN).toISOString();
    const quarter = (await http().get(`/api/v1/quality/circuits/${other.id}/trend?granularity=15m&from=${from}`).expect(200)).body as TrendView;
    expect(quarter.series).toEqual(recompute(15 * MIN));
    expect(quarter.series.latencyMs!.length).toBeGreaterThan(1);
    const hourly = (await http().get(`/api/v1/quality/circuits/${other.id}/trend?granularity=1h&from=${from}`).expect(200)).body as TrendView;
    expect(hourly.series).toEqual(recompute(60 * MIN));
    // 5 minutes: the samples themselves; without a range the last N points, oldest first.
    const last = (await http().get(`/api/v1/quality/circuits/${other.id}/trend?points=3`).expect(200)).body as TrendView;
    expect(last.series.latencyMs!.map(([at]) => at)).toEqual(raw.slice(-3).map((r) => r.at.toISOString()));
    const latest = Number(raw[24].latency_ms);
    expect(last.series.latencyMs![2]).toEqual([raw[24].at.toISOString(), latest, latest, latest, 1]);
    // Only the KPIs asked for.
    const latency = (await http().get(`/api/v1/quality/circuits/${other.id}/trend?granularity=1h&from=${from}&kpis=latencyMs,jitterMs`).expect(200)).body as TrendView;
    const all = recompute(60 * MIN);
    expect(latency.series).toEqual({ latencyMs: all.latencyMs, jitterMs: all.jitterMs });
    await http().get(`/api/v1/quality/circuits/${other.id}/trend?kpis=latencyMs,temperature`).expect(400);
    // The default number of points is a setting (96 = 8 hours of 5-minute samples).
    expect((await http().get('/api/v1/settings/quality').expect(200)).body.values.trendDefaultPoints).toBe(96);
    await http().get(`/api/v1/quality/circuits/${other.id}/trend?granularity=5m&from=2020-01-01T00:00:00Z&to=2020-01-01T00:00:00Z`).expect(400);
  });

  it('keeps the roll-ups equal to the raw samples through late, out-of-order and duplicate samples, within a batch and across batches', async () => {
    // A circuit of its own customer's (the ranking below counts the first customer's circuits).
    const late = await createCircuit(http, await createCustomer(http));
    await expectEventually(async () => {
      await http().get(`/api/v1/quality/circuits/${late.id}/trend`).expect(200);
    });
    const post = async (batchId: string, samples: Array<Record<string, unknown>>) =>
      (await http().post('/api/v1/quality/samples').send({ source: 'late-feed', batchId, samples }).expect(200)).body as IngestReply;
    const s = (minutes: number, latencyMs: number, more: Record<string, number> = {}) => ({ circuitCode: late.code, at: ago(minutes), latencyMs, ...more });
    // Out of order, and the second sample of a circuit and time in the batch a duplicate (the first one counts).
    expect(await post('late-1', [s(30, 11, { jitterMs: 1 }), s(20, 12), s(25, 13, { utilInPct: 50 }), s(20, 99)])).toMatchObject({ accepted: 3, duplicates: 1 });
    // Late samples for buckets already rolled up (earlier quarter hours and hours), one of them in a new bucket, and
    // duplicates of samples stored by the batch before (other values, ignored) beside a duplicate within the batch.
    expect(await post('late-2', [s(35, 14), s(30, 98), s(95, 15, { jitterMs: 2 }), s(10, 16), s(65, 17), s(10, 97), s(25, 96, { utilInPct: 1 })])).toMatchObject({
      accepted: 4,
      duplicates: 3,
    });
    // Nothing new at all.
    expect(await post('late-3', [s(35, 95), s(20, 94)])).toMatchObject({ accepted: 0, duplicates: 2 });
    // A sample earlier than all the others, and again one stored already.
    expect(await post('late-4', [s(20, 93), s(180, 18, { opticalRxDbm: -20 })])).toMatchObject({ accepted: 1, duplicates: 1 });
    const raw = (await db.query(`SELECT latency_ms FROM quality.sample WHERE circuit_id = $1 ORDER BY at`, [late.id])).rows.map((r: { latency_ms: number }) => r.latency_ms);
    expect(raw).toEqual([18, 15, 17, 14, 11, 13, 12, 16]);
    // Every bucket's count, sum, minimum and maximum of every KPI, as stored and as recomputed from the raw samples.
    const rollupColumns = KPI_COLUMNS.map((c) => `${c}_n, ${c}_sum, ${c}_min, ${c}_max`).join(', ');
    const aggregates = KPI_COLUMNS.map((c) => `count(${c})::int AS ${c}_n, coalesce(sum(${c}::float8), 0) AS ${c}_sum, min(${c}) AS ${c}_min, max(${c}) AS ${c}_max`).join(', ');
    for (const [table, interval] of [
      ['rollup_15m', '15 minutes'],
      ['rollup_1h', '1 hour'],
    ]) {
      const actual = (await db.query(`SELECT bucket, ${rollupColumns} FROM quality.${table} WHERE circuit_id = $1 ORDER BY bucket`, [late.id])).rows;
      const expected = (
        await db.query(
          `SELECT date_bin('${interval}', at, timestamptz '2000-01-01T00:00:00Z') AS bucket, ${aggregates} FROM quality.sample WHERE circuit_id = $1 GROUP BY 1 ORDER BY 1`,
          [late.id],
        )
      ).rows;
      expect(actual.length).toBeGreaterThan(2);
      expect(actual).toEqual(expected);
    }
    // The circuits the ingest has looked up are held in memory only until known_circuit changes: a circuit renamed
    // (here by hand) is unknown by its old code and known by its new one at once.
    await db.query(`UPDATE quality.known_circuit SET code = $2 WHERE id = $1`, [late.id, `${late.code}-R`]);
    expect(await post('late-5', [s(5, 19)])).toMatchObject({ accepted: 0, unknownCircuits: 1, unknownCircuitCodes: [late.code] });
    expect(await post('late-6', [{ ...s(5, 19), circuitCode: `${late.code}-R` }])).toMatchObject({ accepted: 1 });
    await db.query(`UPDATE quality.known_circuit SET code = $2 WHERE id = $1`, [late.id, late.code]);
  });

  it("ranks a customer's circuits worst first, and shows a customer's user its own circuits only", async () => {
    const worst = (await http().get(`/api/v1/quality/customers/${customer.id}/worst-circuits?kpi=latencyMs&limit=5`).expect(200)).body;
    expect(worst.circuits.map((c: { circuitCode: string }) => c.circuitCode)).toEqual([other.code, circuit.code]);
    const own = await platform.user(['customer_user'], customer.id);
    await own.http().get(`/api/v1/quality/circuits/${other.id}/trend`).expect(200);
    const stranger = await createCustomer(http);
    const foreign = await platform.user(['customer_user'], stranger.id);
    await foreign.http().get(`/api/v1/quality/circuits/${other.id}/trend`).expect(404);
    await foreign.http().get(`/api/v1/quality/customers/${customer.id}/worst-circuits`).expect(404);
    await foreign.http().post('/api/v1/quality/samples').send({ source: 'x', batchId: 'y', samples: [] }).expect(403);
  });

  it('drops raw partitions past the raw retention (7 days) and roll-ups past theirs', async () => {
    const partitions = async () =>
      (await db.query(`SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'sample' ORDER BY 1`)).rows.map(
        (r: { relname: string }) => r.relname,
      );
    const today = `sample_p${platform.clock.now().toISOString().slice(0, 10).replace(/-/g, '')}`;
    expect(await partitions()).toContain(today);
    expect((await http().get('/api/v1/settings/quality').expect(200)).body.values).toMatchObject({ rawRetentionDays: 7, quarterHourRetentionDays: 90, hourlyRetentionDays: 730 });
    // Each step waits for a whole maintenance run at the clock's new time (not for the interval).
    const maintained = () => platform.service('quality').get(RetentionService).maintainNow();
    platform.clock.advance(7 * 24 * 60 * MIN);
    await maintained();
    expect(await partitions()).toContain(today);
    platform.clock.advance(24 * 60 * MIN);
    await maintained();
    expect(await partitions()).not.toContain(today);
    expect((await db.query(`SELECT count(*)::int AS n FROM quality.rollup_15m WHERE circuit_id = $1`, [other.id])).rows[0].n).toBeGreaterThan(0);
    platform.clock.advance(83 * 24 * 60 * MIN);
    await maintained();
    expect((await db.query(`SELECT count(*)::int AS n FROM quality.rollup_15m`)).rows[0].n).toBe(0);
    expect((await db.query(`SELECT count(*)::int AS n FROM quality.rollup_1h`)).rows[0].n).toBeGreaterThan(0);
  });
});

describe('quality monitoring: warnings and proactive tickets', () => {
  let platform: TestPlatform;
  let customer: CustomerFixture;
  let circuit: CircuitFixture;
  let batch = 0;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'fault', 'quality'] });
    customer = await createCustomer(http);
    // MSTP of grade AA: latency over 30 ms is over its threshold.
    circuit = await createCircuit(http, customer, { serviceType: 'mstp', grade: 'AA' });
    await expectEventually(async () => {
      await http().get(`/api/v1/quality/circuits/${circuit.id}/trend`).expect(200);
    });
  });

  afterAll(async () => {
    await platform.close();
  });

  const http = () => platform.http();
  /** One sample 5 minutes after the one before, in a batch of its own, the clock moved on with it. */
  const send = async (kpis: Record<string, number>) => {
    platform.clock.advance(5 * MIN);
    const reply = (
      await http()
        .post('/api/v1/quality/samples')
        .send({ source: 'nms', batchId: `w-${++batch}`, samples: [{ circuitCode: circuit.code, at: platform.clock.now().toISOString(), ...kpis }] })
        .expect(200)
    ).body as IngestReply;
    expect(reply.accepted).toBe(1);
  };
  const ticketsOfCircuit = async () => (await http().get('/api/v1/faults').query({ circuitCode: circuit.code, limit: 50 }).expect(200)).body.items as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const warnings = async () => (await http().get('/api/v1/quality/warnings').query({ circuitId: circuit.id }).expect(200)).body.items as Array<Record<string, unknown>>;

  it('opens exactly one proactive ticket when samples cross a threshold three times, visible to the NOC and to that customer; recovery clears the warning', async () => {
    await send({ latencyMs: 12 });
    await send({ latencyMs: 45 });
    await send({ latencyMs: 50 });
    // Two in a row are not yet a warning (warnings are judged in the batch's own transaction: the 200 means judged).
    expect(await warnings()).toEqual([]);
    await send({ latencyMs: 60 });
    await expectEventually(async () => expect(await ticketsOfCircuit()).toHaveLength(1));
    const [ticket] = await ticketsOfCircuit();
    expect(ticket).toMatchObject({ channel: 'monitoring', customerId: customer.id, circuitCode: circuit.code });
    expect(ticket.symptom).toBe('质量监测预警 (quality warning): latencyMs above the threshold 30 in 3 consecutive samples (45, 50, 60)');
    const [warning] = await warnings();
    expect(warning).toMatchObject({ status: 'active', kpi: 'latencyMs', rule: 'threshold', limit: 30, customerId: customer.id });
    // Still bad: the same warning, the same ticket.
    await send({ latencyMs: 70 });
    await send({ latencyMs: 80 });
    await send({ latencyMs: 75 });

    // The NOC sees it with the evidence on its timeline; the customer's user sees it among its own faults.
    const noc = await platform.user(['noc']);
    await noc.http().get(`/api/v1/faults/${ticket.id}`).expect(200);
    const timeline = (await noc.http().get(`/api/v1/faults/${ticket.id}/timeline`).expect(200)).body as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const evidence = (Array.isArray(timeline) ? timeline : (timeline as { items: Array<Record<string, any>> }).items).filter((r) => r.type === 'quality-warning'); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(evidence).toHaveLength(1);
    expect(evidence[0].detail.samples.map((s: { value: number }) => s.value)).toEqual([45, 50, 60]);
    const own = await platform.user(['customer_user'], customer.id);
    expect((await own.http().get('/api/v1/faults').expect(200)).body.items.map((t: { id: string }) => t.id)).toEqual([ticket.id]);
    await own.http().get(`/api/v1/faults/${ticket.id}`).expect(200);
    const stranger = await platform.user(['customer_user'], (await createCustomer(http)).id);
    await stranger.http().get(`/api/v1/faults/${ticket.id}`).expect(404);

    // Another KPI warns while the ticket is open: its evidence is added to that ticket, no second ticket.
    for (const loss of [3, 4, 5]) await send({ latencyMs: 20, packetLossPct: loss });
    await expectEventually(async () => {
      const records = (await noc.http().get(`/api/v1/faults/${ticket.id}/timeline`).expect(200)).body;
      const list = (Array.isArray(records) ? records : records.items) as Array<{ type: string; detail: { kpi: string } }>;
      expect(list.filter((r) => r.type === 'quality-warning').map((r) => r.detail.kpi)).toEqual(['latencyMs', 'packetLossPct']);
    });
    // Latency back within its threshold three times in a row (20, 20, 20 above): that warning cleared by itself.
    await expectEventually(async () => {
      const byKpi = Object.fromEntries((await warnings()).map((w) => [w.kpi, w.status]));
      expect(byKpi).toEqual({ latencyMs: 'cleared', packetLossPct: 'active' });
    });
    for (let i = 0; i < 3; i++) await send({ latencyMs: 20, packetLossPct: 0 });
    await expectEventually(async () => expect((await warnings()).map((w) => w.status)).toEqual(['cleared', 'cleared']));
    await expectEventually(async () => {
      const records = (await noc.http().get(`/api/v1/faults/${ticket.id}/timeline`).expect(200)).body;
      const list = (Array.isArray(records) ? records : records.items) as Array<{ type: string }>;
      expect(list.filter((r) => r.type === 'quality-warning-cleared')).toHaveLength(2);
    });
    expect(await ticketsOfCircuit()).toHaveLength(1);
  });
});
