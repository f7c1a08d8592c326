/**
 * List-read benchmark (issue 11): GET /api/v1/circuits?limit=20 and GET /api/v1/faults?limit=20 through the gateway
 * at 10 and 100 connections, the first page and a deep one (by offset, and by cursor where the list gives one),
 * beside this machine's bare HTTP→NATS→INSERT path (bench/intake-baseline.ts) in the same run, with the ratios.
 * Every process is separate, as in production. Circuits and tickets are seeded straight into the services' tables.
 * Run: npm run bench:lists  (DATABASE_URL / NATS_URL, or embedded ones as npm start does; BENCH_SECONDS=10;
 * BENCH_PROFILE=<dir> writes a V8 CPU profile of each platform process there; BENCH_ONLY=circuits runs one list)
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { baselineRows, cannon, printCpu, printRows, Row, runBench, SECONDS, startBenchPlatform } from './bench-platform';

const ROWS = 5000;
/** The deep page starts at this row: near the end of the seeded rows. */
const DEEP = 4000;

/**
 * A customer with ROWS circuits in provisioning, and ROWS tickets on them in the fault service (what intake would
 * write, without the clocks). Each row a millisecond apart, as the platform's clock writes them.
 */
async function seed(databaseUrl: string): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const [{ id: customerId }] = (
    await db.query(`INSERT INTO provisioning.customer (id, code, name, industry, tier, created_at) VALUES (gen_random_uuid(), 'BENCH-CUST', '压测客户', 'finance', 'gold', now()) RETURNING id`)
  ).rows as { id: string }[];
  await db.query(
    `INSERT INTO provisioning.circuit (id, code, customer_id, service_type, bandwidth_mbps, a_end, z_end, grade, business, importance, protection, state, grade_mismatch, created_at)
     SELECT gen_random_uuid(), 'BENCH-' || g, $1, 'mstp', 100, '{"address":"广州市天河区","city":"广州","province":"广东"}', '{"address":"北京市朝阳区","city":"北京","province":"北京"}',
            'A', '视频会议', 'high', 'main', 'live', false, timestamptz '2026-01-01' + g * interval '1 millisecond'
       FROM generate_series(1, $2) AS g`,
    [customerId, ROWS],
  );
  await db.query(
    `INSERT INTO fault.ticket (id, number, status, customer_id, customer_code, customer_name, customer_tier, circuit_id, circuit_code, service_type, direction, symptom,
                               channel, reporter_name, reporter_contact, hq_outage, fault_at, reported_at, opened_at, opened_by, resolution_limit_minutes,
                               closed_without_restoration, duplicate_reports, reopen_count, joint_handling, under_guarantee, crisis_a, version)
     SELECT gen_random_uuid(), 'BENCH-T-' || g, 'open', $1, 'BENCH-CUST', '压测客户', 'gold', gen_random_uuid(), 'BENCH-' || g, 'mstp', '广州—北京', '压测：电路中断',
            'hotline', '压测', '13800000000', false, at, at, at, 'bench', 240, false, 0, 0, false, false, false, 1
       FROM generate_series(1, $2) AS g, LATERAL (SELECT timestamptz '2026-01-01' + g * interval '1 millisecond' AS at) t`,
    [customerId, ROWS],
  );
  await db.query('ANALYZE provisioning.circuit; ANALYZE fault.ticket');
  await db.end();
}

/** The cursor of the page starting at row DEEP, when the list pages by cursor (read in pages of 200). */
async function deepCursor(url: string, auth: Record<string, string>): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let read = 0; read < DEEP; read += 200) {
    const page = (await fetch(`${url}?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers: auth }).then((r) => r.json())) as { nextCursor?: string };
    if (!page.nextCursor) return undefined;
    cursor = page.nextCursor;
  }
  return cursor;
}

async function main(): Promise<void> {
  const platform = await startBenchPlatform({ database: 'gem_bench_lists', gatewayPort: 3192, baselinePort: 3193, seed });
  const { gateway, auth } = platform;
  const runs: Array<{ path: string; url: string }> = [];
  for (const list of (process.env.BENCH_ONLY ?? 'circuits,faults').split(',')) {
    const listUrl = `${gateway}/api/v1/${list}`;
    runs.push({ path: `${list} first page`, url: `${listUrl}?limit=20` });
    runs.push({ path: `${list} offset ${DEEP}`, url: `${listUrl}?limit=20&offset=${DEEP}` });
    const cursor = await deepCursor(listUrl, auth);
    if (cursor) runs.push({ path: `${list} cursor at ${DEEP}`, url: `${listUrl}?limit=20&cursor=${cursor}` });
  }
  for (const run of runs) {
    const answer = await fetch(run.url, { headers: auth });
    const body = (await answer.json()) as { items?: unknown[] };
    if (answer.status !== 200 || body.items?.length !== 20) throw new Error(`${run.url} answered ${answer.status} with ${body.items?.length} items`);
  }

  console.log(`warming up, then ${SECONDS} s per run...`);
  await cannon('warm-up', runs[0].url, 10, auth);
  const rows: Row[] = [];
  for (const run of runs) for (const connections of [10, 100]) rows.push(await cannon(run.path, run.url, connections, auth));
  rows.push(...(await baselineRows(platform)));
  printRows('path (limit=20)', rows);
  printCpu(rows);
  console.log('\ntarget: list reads ≥ 2000/s');
}

runBench(main);
