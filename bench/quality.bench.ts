/**
 * Quality monitoring benchmark (issue #15): sustained ingestion of KPI samples through the quality service (JetStream
 * batches → validation, circuit look-up, partitioned insert, 15-minute and hourly roll-ups, warnings), beside a
 * Postgres COPY of the same rows (psql \copy into a table shaped like `sample`: partitioned by day, its primary key,
 * no roll-ups), and the trend query of one circuit over 90 days at 15 minutes (and a year at 1 hour).
 * Run: npm run bench:quality  (uses DATABASE_URL and NATS_URL, or embedded ones as npm start does; needs psql)
 * BENCH_CIRCUITS (100000), BENCH_ROUNDS (3 rounds of one sample per circuit), BENCH_BATCH (2000 samples a message, under NATS's 1 MB payload),
 * QUALITY_SAMPLES_IN_FLIGHT (the service's setting, 4: batches handled at once).
 */
import 'reflect-metadata';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { spawnSync } from 'node:child_process';
import { writeFileSync, unlinkSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { connectNats, IngestReply, KPIS, loadConfig, ManualClock, QUALITY_SAMPLES_STREAM, QualityRpc, RpcClient, startService, SYSTEM_CALLER } from '@app/shared';
import { QualityEnv } from '../apps/quality/src/quality.env';
import { rollupColumns } from '../apps/quality/src/samples/kpi-columns';
import { QualityModule } from '../apps/quality/src/quality.module';
import { DEFAULT_INFRA, ensureDatabase, resolveInfra } from '../tools/infra';
import { migrateAll } from '../tools/migrate';

const CIRCUITS = Number(process.env.BENCH_CIRCUITS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = Number(process.env.BENCH_BATCH ?? 2000);
const TREND_QUERIES = 30;
const T = new Date('2026-12-01T02:00:00Z');
const MIN = 60_000;

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return `p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
}

const uuid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const code = (i: number) => `BENCH-${i}`;

/** One round of samples: one per circuit at `at`, values around a normal circuit's. */
function round(at: Date, r: number): Array<Record<string, number | string>> {
  return Array.from({ length: CIRCUITS }, (_, i) => ({
    circuitCode: code(i),
    at: at.toISOString(),
    utilInPct: (i * 7 + r * 13) % 80,
    utilOutPct: (i * 11 + r * 3) % 70,
    packetLossPct: ((i + r) % 10) / 100,
    latencyMs: 5 + ((i * 3 + r) % 20),
    jitterMs: ((i + r) % 30) / 10,
    erroredSeconds: (i + r) % 3,
    severelyErroredSeconds: 0,
    opticalRxDbm: -10 - ((i + r) % 80) / 10,
  }));
}

async function main(): Promise<void> {
  const infra = await resolveInfra({ DATABASE_URL: process.env.DATABASE_URL, NATS_URL: process.env.NATS_URL }, { ...DEFAULT_INFRA, log: console.log });
  const url = new URL(infra.databaseUrl);
  url.pathname = '/gem_bench_quality';
  const benchUrl = url.toString();
  const admin = new Client({ connectionString: infra.databaseUrl.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS gem_bench_quality WITH (FORCE)');
  await admin.end();
  await ensureDatabase(benchUrl);
  await migrateAll(benchUrl, { NODE_ENV: 'development' }, () => undefined);
  const db = new Client({ connectionString: benchUrl });
  await db.connect();
  await db.query('SET search_path TO quality');

  console.log(`seeding ${CIRCUITS.toLocaleString()} circuits...`);
  await db.query(
    `INSERT INTO known_circuit (id, code, customer_id, service_type, grade, state)
     SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'BENCH-' || g, '00000000-0000-4000-8000-ffffffffffff', 'mstp', 'AA', 'live'
     FROM generate_series(0, $1::int - 1) AS g`,
    [CIRCUITS],
  );

  const nc = await connectNats(infra.natsUrl, 'bench-quality');
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(QUALITY_SAMPLES_STREAM).catch(() => false);
  const clock = new ManualClock(T);
  const env = loadConfig(QualityEnv, {
    NODE_ENV: 'development',
    DATABASE_URL: benchUrl,
    NATS_URL: infra.natsUrl,
    LOG_LEVEL: 'error',
    // Batches handled at once (the service's default unless set).
    ...(process.env.QUALITY_SAMPLES_IN_FLIGHT ? { QUALITY_SAMPLES_IN_FLIGHT: process.env.QUALITY_SAMPLES_IN_FLIGHT } : {}),
  });
  const service = await startService('quality', QualityModule.forRoot({ env, clock }), env);

  // Ingestion: ROUNDS × one sample per circuit, 5 minutes apart, in JetStream messages of BATCH samples.
  const js = jetstream(nc);
  const rounds = Array.from({ length: ROUNDS }, (_, r) => round(new Date(T.getTime() - (ROUNDS - 1 - r) * 5 * MIN), r));
  // The messages as a management system sends them, made before the clock starts (their JSON is the sender's work).
  const payloads = rounds.map((samples, r) => {
    const batches: string[] = [];
    for (let i = 0; i < samples.length; i += BATCH) batches.push(JSON.stringify({ batchId: `r${r}-${i}`, samples: samples.slice(i, i + BATCH) }));
    return batches;
  });
  let accepted = 0;
  let messages = 0;
  const t0 = performance.now();
  for (const [r, samples] of rounds.entries()) {
    const results = nc.subscribe('quality.results.bench', { max: payloads[r].length });
    const tr = performance.now();
    for (const payload of payloads[r]) {
      await js.publish('quality.samples.bench', payload);
      messages++;
    }
    for await (const m of results) accepted += m.json<IngestReply>().accepted;
    const s = (performance.now() - tr) / 1000;
    console.log(`  round ${r + 1}: ${samples.length.toLocaleString()} samples in ${s.toFixed(1)} s = ${Math.round(samples.length / s).toLocaleString()} samples/s`);
  }
  const ingestSeconds = (performance.now() - t0) / 1000;
  const total = ROUNDS * CIRCUITS;
  if (accepted !== total) throw new Error(`accepted ${accepted} of ${total}`);
  const ingestRate = total / ingestSeconds;

  // The same rows by COPY, into a table shaped like `sample`: partitioned by day, its primary key (no roll-ups).
  const csv = '/tmp/gem-bench-quality.csv';
  writeFileSync(
    csv,
    rounds
      .flat()
      .map((s, i) => [uuid(i % CIRCUITS), s.at, s.utilInPct, s.utilOutPct, s.packetLossPct, s.latencyMs, s.jitterMs, s.erroredSeconds, s.severelyErroredSeconds, s.opticalRxDbm].join(','))
      .join('\n'),
  );
  await db.query('CREATE TABLE copy_target (LIKE sample INCLUDING DEFAULTS, PRIMARY KEY (circuit_id, at)) PARTITION BY RANGE (at)');
  await db.query(`CREATE TABLE copy_target_day PARTITION OF copy_target FOR VALUES FROM ('2026-12-01') TO ('2026-12-02')`);
  const tc = performance.now();
  const copied = spawnSync(
    'psql',
    [benchUrl, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy quality.copy_target (circuit_id, at, util_in_pct, util_out_pct, packet_loss_pct, latency_ms, jitter_ms, errored_seconds, severely_errored_seconds, optical_rx_dbm) FROM '${csv}' CSV`],
    { encoding: 'utf8' },
  );
  const copySeconds = (performance.now() - tc) / 1000;
  unlinkSync(csv);
  if (copied.status !== 0) throw new Error(`psql \\copy failed: ${copied.stderr}`);
  const copyRate = total / copySeconds;

  // Trends: 90 days of 15-minute and a year of hourly roll-ups (every KPI) for a hundred circuits, then one circuit's trend.
  console.log('seeding 90 days of 15-minute and a year of hourly roll-ups for 100 circuits...');
  const columns = KPIS.flatMap((k) => Object.values(rollupColumns(k))).join(', ');
  const values = KPIS.map((_, i) => `3, 3 * ${i + 10}.5, ${i + 9}, ${i + 12}`).join(', ');
  const filler = (interval: string, span: string) =>
    `SELECT c.id, b, ${values} FROM known_circuit c, generate_series($1::timestamptz - interval '${span}', $1::timestamptz - interval '${interval}', interval '${interval}') AS b
     WHERE c.code IN (SELECT 'BENCH-' || g FROM generate_series(0, 99) g) ON CONFLICT DO NOTHING`;
  await db.query(`INSERT INTO rollup_15m (circuit_id, bucket, ${columns}) ${filler('15 minutes', '90 days')}`, [T]);
  await db.query(`INSERT INTO rollup_1h (circuit_id, bucket, ${columns}) ${filler('1 hour', '365 days')}`, [T]);
  // The steady state: buckets older than the current hour do not change and autovacuum has marked their pages
  // all-visible, which lets a trend read the covering primary key alone.
  await db.query('VACUUM ANALYZE rollup_15m');
  await db.query('VACUUM ANALYZE rollup_1h');
  const rpc = new RpcClient(nc, 10_000);
  const trend = async (granularity: '15m' | '1h', days: number, kpis?: string) => {
    const times: number[] = [];
    let points = 0;
    for (let i = 0; i < TREND_QUERIES; i++) {
      const q = performance.now();
      const view = await rpc.send(QualityRpc.trend, { circuitId: uuid(i % 100), granularity, from: new Date(T.getTime() - days * 1440 * MIN).toISOString(), kpis }, { caller: SYSTEM_CALLER });
      times.push(performance.now() - q);
      points = Object.values(view.series).reduce((n, series) => n + series.length, 0);
    }
    return { times, points };
  };
  const quarter = await trend('15m', 90, 'latencyMs');
  const hourly = await trend('1h', 365, 'latencyMs');
  const week = await trend('15m', 7);

  console.log(`\nquality ingestion, ${CIRCUITS.toLocaleString()} circuits × ${ROUNDS} rounds = ${total.toLocaleString()} samples in ${messages} JetStream messages of ${BATCH}`);
  console.log(`  through the service: ${ingestSeconds.toFixed(1)} s = ${Math.round(ingestRate).toLocaleString()} samples/s`);
  console.log(`  Postgres COPY:       ${copySeconds.toFixed(1)} s = ${Math.round(copyRate).toLocaleString()} samples/s`);
  console.log(`  ratio service / COPY: ${(ingestRate / copyRate).toFixed(2)} (target ≥ 0.5)`);
  console.log(`  needed for 100,000 circuits every 5 minutes: 333 samples/s → headroom ×${(ingestRate / 333).toFixed(0)}`);
  console.log(`trend of one circuit over the RPC, ${TREND_QUERIES} queries each (target < 50 ms):`);
  console.log(`  latency, 90 days at 15 min (${quarter.points} points): ${stats(quarter.times)}`);
  console.log(`  latency, 1 year at 1 h (${hourly.points} points):     ${stats(hourly.times)}`);
  console.log(`  all 8 KPIs, 7 days at 15 min (${week.points} points): ${stats(week.times)}`);

  await service.close();
  await nc.close();
  await db.end();
  await infra.stop();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
