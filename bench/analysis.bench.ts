/**
 * Analysis report benchmark (issue 13): the monthly network operation analysis report of a customer with 500
 * circuits, through the gateway, over reporting's read models holding 1,000,000 closed tickets (spread over 100
 * customers of 500 circuits each and over the year 2026, every one with a dispatch and a resolution clock), seeded
 * straight into reporting's tables. N sequential requests, p50 and p99, beside this machine's bare HTTP→NATS→INSERT
 * path (bench/intake-baseline.ts) requested the same way in the same run, with the ratio.
 * Run: npm run bench:analysis  (DATABASE_URL / NATS_URL, or embedded ones as npm start does; BENCH_RUNS=50;
 * BENCH_TICKETS=1000000)
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { runBench, startBenchPlatform } from './bench-platform';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const CUSTOMERS = 100;
const CIRCUITS = 500;
const BENCH_CUSTOMER = 'BENCH-1';
const MONTH = { from: '2026-06-01', to: '2026-06-30' };
/** The customer whose report is timed (set by the seed). */
let benchCustomerId = '';

async function seed(databaseUrl: string): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const started = Date.now();
  await db.query(
    `INSERT INTO reporting.customer_dim (id, name, tier, code, industry, region)
     SELECT gen_random_uuid(), '压测客户' || g, (ARRAY['diamond','gold','silver','standard'])[1 + g % 4], 'BENCH-' || g, 'finance', '广东'
       FROM generate_series(1, $1) g`,
    [CUSTOMERS],
  );
  await db.query(
    `INSERT INTO reporting.circuit_dim (id, code, customer_id, service_type, bandwidth_mbps, grade, business, importance, protection, a_province, a_city, z_province, z_city, state, as_of)
     SELECT gen_random_uuid(), c.code || '-C' || lpad(g::text, 3, '0'), c.id, 'mstp', 100, (ARRAY['AAA','AA','A','B'])[1 + g % 4], '视频会议',
            (ARRAY['critical','high','normal'])[1 + g % 3], (ARRAY['main','backup','none'])[1 + g % 3], '广东', '广州', '北京', '北京', 'live', now()
       FROM reporting.customer_dim c, generate_series(0, $1 - 1) g`,
    [CIRCUITS],
  );
  await db.query(
    `CREATE TEMP TABLE bench_circuit AS
       SELECT id, customer_id, code, (row_number() OVER (PARTITION BY customer_id ORDER BY code) - 1)::int AS n,
              (dense_rank() OVER (ORDER BY customer_id) - 1)::int AS cn
         FROM reporting.circuit_dim`,
  );
  await db.query(`CREATE INDEX ON bench_circuit (cn, n)`);
  // One ticket every 31.5 s over 2026 (Beijing), round-robin over customers, then circuits; restored after 5–300 min.
  await db.query(
    `INSERT INTO reporting.fault_fact (ticket_id, customer_id, opened_at, number, circuit_id, circuit_code, service_type, channel, symptom, status, fault_at, reported_at,
       restored_at, repaired_at, closed_at, cause_category, cause_segment, cause_description, customer_facing_cause, suspended, closed_without_restoration, changed_at, ticket_version)
     SELECT gen_random_uuid(), c.customer_id, t.at, 'BENCH-T-' || g, c.id, c.code, 'mstp', 'hotline', '压测：电路中断', 'closed', t.at, t.at,
            t.at + t.mins * interval '1 minute', t.at + (t.mins + 5) * interval '1 minute', t.at + (t.mins + 10) * interval '1 minute',
            (ARRAY['operator_equipment','operator_fiber','operator_configuration','operator_power','third_party','force_majeure','customer_equipment','customer_power','customer_configuration','customer_premises'])[1 + g % 10],
            (ARRAY['a_access','z_access','backbone','machine_room','customer_premises'])[1 + g % 5], '压测原因',
            CASE WHEN g % 10 = 6 THEN '传输设备瞬断' END, false, false, t.at + (t.mins + 10) * interval '1 minute', 10
       FROM generate_series(1, $1) g
       CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01 00:00+08' + g * interval '31.5 seconds' AS at, 5 + (g * 7) % 296 AS mins) t
       JOIN bench_circuit c ON c.cn = g % $2 AND c.n = (g / $2) % $3`,
    [TICKETS, CUSTOMERS, CIRCUITS],
  );
  await db.query(
    `INSERT INTO reporting.clock_fact (clock_id, service, subject_type, subject_id, customer_id, kind, limit_ms, due_at, breached_at, stopped_at, met, counted_ms, exempt_ms, stop_reason)
     SELECT gen_random_uuid(), 'fault', 'ticket', ticket_id::text, customer_id, 'resolution', 14400000, fault_at + interval '4 hours',
            CASE WHEN restored_at > fault_at + interval '4 hours' THEN fault_at + interval '4 hours' END, restored_at,
            restored_at <= fault_at + interval '4 hours', extract(epoch FROM restored_at - fault_at)::bigint * 1000,
            CASE WHEN cause_category LIKE 'customer_%' THEN 1800000 ELSE 0 END, 'close'
       FROM reporting.fault_fact
     UNION ALL
     SELECT gen_random_uuid(), 'fault', 'ticket', ticket_id::text, customer_id, 'dispatch', 300000, fault_at + interval '5 minutes', NULL, fault_at + interval '3 minutes',
            true, 180000, 0, 'dispatch'
       FROM reporting.fault_fact`,
  );
  await db.query('ANALYZE reporting.customer_dim; ANALYZE reporting.circuit_dim; ANALYZE reporting.fault_fact; ANALYZE reporting.clock_fact');
  benchCustomerId = (await db.query(`SELECT id FROM reporting.customer_dim WHERE code = $1`, [BENCH_CUSTOMER])).rows[0].id as string;
  const counts = (await db.query(`SELECT (SELECT count(*) FROM reporting.fault_fact) AS tickets, (SELECT count(*) FROM reporting.clock_fact) AS clocks`)).rows[0];
  console.log(`seeded ${counts.tickets} closed tickets and ${counts.clocks} clocks in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  await db.end();
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

async function timed(runs: number, request: () => Promise<Response>): Promise<{ p50: number; p99: number; mean: number }> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const res = await request();
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`answered ${res.status}`);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), mean: ms.reduce((a, b) => a + b, 0) / ms.length };
}

async function main(): Promise<void> {
  const platform = await startBenchPlatform({ database: 'gem_bench_analysis', gatewayPort: 3194, baselinePort: 3195, seed });
  const { gateway, auth, baseline } = platform;
  const url = `${gateway}/api/v1/reports/analysis/${benchCustomerId}?from=${MONTH.from}&to=${MONTH.to}`;
  const first = (await (await fetch(url, { headers: auth })).json()) as { availability: unknown[]; faults: { total: number }; recommendations: unknown[] };
  console.log(`report ${MONTH.from}..${MONTH.to}: ${first.availability.length} circuits, ${first.faults.total} faults, ${first.recommendations.length} recommendations`);
  if (first.availability.length !== CIRCUITS) throw new Error('the report does not cover the customer’s circuits');

  await timed(5, () => fetch(url, { headers: auth }));
  const report = await timed(RUNS, () => fetch(url, { headers: auth }));
  const base = await timed(RUNS, () => fetch(baseline, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"symptom":"压测：电路中断"}' }));
  const line = (name: string, r: { p50: number; p99: number; mean: number }) =>
    console.log(`${name.padEnd(34)}${String(RUNS).padStart(5)}${r.p50.toFixed(1).padStart(9)}${r.p99.toFixed(1).padStart(9)}${r.mean.toFixed(1).padStart(9)}${(r.p50 / base.p50).toFixed(1).padStart(11)}`);
  console.log(`\n${'request (sequential)'.padEnd(34)} runs   p50 ms   p99 ms  mean ms  ×baseline p50`);
  line('monthly analysis report', report);
  line('baseline HTTP→NATS→INSERT', base);
  console.log('\ntarget: the monthly analysis report under 1 s');
}

runBench(main);
