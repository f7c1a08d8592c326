/**
 * Deadline engine benchmark: 1,000,000 open clocks in Postgres, of which 10,000 fall due in the same second.
 * Prints the time to find and fire those 10,000, and the cost of a poll that finds nothing.
 * Run: npm run bench:deadlines  (uses DATABASE_URL, or an embedded Postgres as npm start does)
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { performance } from 'node:perf_hooks';
import {
  CalendarService,
  clockEvents,
  createServiceDataSource,
  DEADLINE_ENTITIES,
  DeadlineEngine,
  ManualClock,
  OutboxRelay,
  OutboxWriter,
  serviceDatabaseUrl,
  UnitOfWork,
} from '@app/shared';
import { DEFAULT_INFRA, ensureDatabase, resolveInfra } from '../tools/infra';
import { migrateAll } from '../tools/migrate';

const TOTAL = Number(process.env.BENCH_CLOCKS ?? 1_000_000);
const DUE = Number(process.env.BENCH_DUE ?? 10_000);
const IDLE_POLLS = 200;
const T = new Date('2026-12-01T02:00:00Z');

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return `mean ${mean.toFixed(3)} ms, p50 ${at(0.5).toFixed(3)} ms, p99 ${at(0.99).toFixed(3)} ms`;
}

async function main(): Promise<void> {
  const infra = await resolveInfra({ DATABASE_URL: process.env.DATABASE_URL }, { ...DEFAULT_INFRA, nats: false, log: console.log });
  const url = new URL(infra.databaseUrl);
  url.pathname = '/gem_bench';
  const benchUrl = url.toString();
  const admin = new Client({ connectionString: infra.databaseUrl.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS gem_bench WITH (FORCE)');
  await admin.end();
  await ensureDatabase(benchUrl);
  await migrateAll(benchUrl, { NODE_ENV: 'development' }, () => undefined);

  const db = await createServiceDataSource({
    url: serviceDatabaseUrl(benchUrl, 'fault'),
    schema: 'fault',
    entities: DEADLINE_ENTITIES,
    migrations: [],
    poolSize: 4,
  }).initialize();

  console.log(`inserting ${TOTAL.toLocaleString()} open clocks (${DUE.toLocaleString()} due in the same second)...`);
  let t0 = performance.now();
  await db.query(
    `INSERT INTO deadline_clock (id, subject_type, subject_id, kind, basis, limit_ms, warn_before_ms, status, started_at, resumed_at,
                                 used_ms, due_at, warnings_fired, next_fire_at, calendar_versions, provisional)
     SELECT gen_random_uuid(), 'ticket', 'B-' || g, 'resolution', 'wall', 14400000, '{}', 'running', $1::timestamptz, $1::timestamptz,
            0, d, 0, d, '{}', false
     FROM generate_series(1, $3::int) AS g,
          LATERAL (SELECT CASE WHEN g <= $4::int THEN $2::timestamptz + (g % 1000) * interval '1 millisecond'
                               ELSE $2::timestamptz + (2 + g % 604800) * interval '1 second' END AS d) AS due`,
    [new Date(T.getTime() - 4 * 3_600_000), T, TOTAL, DUE],
  );
  await db.query('ANALYZE deadline_clock');
  console.log(`  inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const clock = new ManualClock(new Date(T.getTime() - 60_000));
  const calendars = new CalendarService(db, { workingHours: '09:00-17:00', unknownYear: 'error' });
  const uow = new UnitOfWork(db, new OutboxRelay(db, undefined as never, 1000));
  const engine = new DeadlineEngine(db, uow, new OutboxWriter(clock), clock, calendars, clockEvents('fault'), 500);

  const plan = (await db.query(`EXPLAIN SELECT * FROM deadline_clock WHERE next_fire_at <= $1 ORDER BY next_fire_at LIMIT 500 FOR UPDATE SKIP LOCKED`, [clock.now()])) as { 'QUERY PLAN': string }[];
  console.log(`  due-clock query plan: ${plan.map((r) => r['QUERY PLAN'].trim()).join(' | ')}`);

  const idle: number[] = [];
  for (let i = 0; i < IDLE_POLLS; i++) {
    const s = performance.now();
    const r = await engine.tick();
    idle.push(performance.now() - s);
    if (r.clocks !== 0) throw new Error('idle poll fired something');
  }
  console.log(`idle poll (nothing due, ${TOTAL.toLocaleString()} open clocks): ${stats(idle)}`);

  clock.set(new Date(T.getTime() + 1000));
  const batches: number[] = [];
  let fired = 0;
  t0 = performance.now();
  for (;;) {
    const s = performance.now();
    const r = await engine.tick();
    if (r.clocks === 0) break;
    batches.push(performance.now() - s);
    fired += r.fired;
  }
  const fireMs = performance.now() - t0;
  const [{ n: outbox }] = await db.query('SELECT count(*)::int AS n FROM outbox');
  console.log(`fired ${fired.toLocaleString()} breaches in ${fireMs.toFixed(0)} ms (${Math.round((fired / fireMs) * 1000).toLocaleString()} per second), ${batches.length} batches of 500: ${stats(batches)}`);
  console.log(`outbox rows written: ${outbox.toLocaleString()} (expected ${DUE.toLocaleString()})`);
  console.log(`ratio: firing one clock costs ${(fireMs / fired).toFixed(3)} ms; an idle poll costs ${(idle.reduce((a, b) => a + b, 0) / idle.length / (fireMs / fired)).toFixed(1)} clock-firings`);
  console.log(`at a 1 s poll, the idle engine spends ${((idle.reduce((a, b) => a + b, 0) / idle.length / 1000) * 100).toFixed(3)} % of one connection`);

  await db.destroy();
  const cleanup = new Client({ connectionString: infra.databaseUrl.replace(/\/[^/]*$/, '/postgres') });
  await cleanup.connect();
  await cleanup.query('DROP DATABASE IF EXISTS gem_bench WITH (FORCE)');
  await cleanup.end();
  await infra.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
