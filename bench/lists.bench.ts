/**
 * List-read benchmark (issue 11): GET /api/v1/circuits?limit=20 and GET /api/v1/faults?limit=20 through the gateway
 * at 10 and 100 connections, the first page and a deep one (by offset, and by cursor where the list gives one),
 * beside this machine's bare HTTP→NATS→INSERT path (bench/intake-baseline.ts) in the same run, with the ratios.
 * Every process is separate, as in production. Circuits and tickets are seeded straight into the services' tables.
 * Run: npm run bench:lists  (DATABASE_URL / NATS_URL, or embedded ones as npm start does; BENCH_SECONDS=10;
 * BENCH_PROFILE=<dir> writes a V8 CPU profile of each platform process there; BENCH_ONLY=circuits runs one list)
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEFAULT_INFRA, ensureDatabase, resolveInfra } from '../tools/infra';
import { migrateAll } from '../tools/migrate';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const GATEWAY_PORT = 3192;
const BASELINE_PORT = 3193;
const ADMIN_PASSWORD = 'bench-admin-password';
const ROWS = 5000;
/** The deep page starts at this row: near the end of the seeded rows. */
const DEEP = 4000;

interface Row {
  path: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const PROFILE_DIR = process.env.BENCH_PROFILE;
const children: ChildProcess[] = [];

function launch(entry: string, args: string[], env: NodeJS.ProcessEnv, profiled = false): void {
  const flags = profiled && PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...flags, entry, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
}

/** Profiled processes write their profile on a clean exit: ask them to stop and wait. */
async function stopAll(): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill(PROFILE_DIR ? 'SIGTERM' : 'SIGKILL');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}

async function waitFor(url: string, init: RequestInit = {}, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await fetch(url, init).then((r) => r.ok).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

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

async function cannon(path: string, url: string, connections: number, headers: Record<string, string>, method: 'GET' | 'POST' = 'GET'): Promise<Row> {
  const result = await autocannon({
    url,
    connections,
    duration: SECONDS,
    method,
    headers,
    ...(method === 'POST' ? { body: JSON.stringify({ symptom: '压测：电路中断', channel: 'hotline' }) } : {}),
  });
  return { path, connections, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors + result.timeouts };
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
  const infra = await resolveInfra(process.env, { ...DEFAULT_INFRA, log: console.log });
  const url = new URL(infra.databaseUrl);
  url.pathname = '/gem_bench_lists';
  const benchUrl = url.toString();
  const admin = new Client({ connectionString: infra.databaseUrl.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS gem_bench_lists WITH (FORCE)');
  await admin.end();
  await ensureDatabase(benchUrl);
  await migrateAll(benchUrl, { NODE_ENV: 'development' }, () => undefined);
  await seed(benchUrl);

  const env = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'error',
    DATABASE_URL: benchUrl,
    NATS_URL: infra.natsUrl,
    PORT: String(GATEWAY_PORT),
    HOST: '127.0.0.1',
    ADMIN_PASSWORD,
    PASSWORD_HASH_COST: '10',
    RATE_LIMIT_PER_MINUTE: '1000000',
  };
  const dist = join(__dirname, '..');
  for (const svc of ['provisioning', 'fault', 'visits', 'reporting', 'gateway']) launch(join(dist, 'apps', svc, 'src', 'main.js'), [], env, true);
  launch(join(__dirname, 'intake-baseline.js'), ['responder'], env);
  launch(join(__dirname, 'intake-baseline.js'), ['http', String(BASELINE_PORT)], env);
  const gateway = `http://127.0.0.1:${GATEWAY_PORT}`;
  const baseline = `http://127.0.0.1:${BASELINE_PORT}/baseline`;
  await waitFor(`${gateway}/health`);
  await waitFor(baseline, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

  const login = (await fetch(`${gateway}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  }).then((r) => r.json())) as { accessToken: string };
  const auth = { authorization: `Bearer ${login.accessToken}` };

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
  const json = { 'content-type': 'application/json' };
  for (const connections of [10, 100]) rows.push(await cannon('baseline HTTP→NATS→INSERT', baseline, connections, json, 'POST'));

  console.log('\npath (limit=20)               conns    req/s   p50 ms   p99 ms  errors  ×baseline');
  const base = (c: number) => rows.find((r) => r.path.startsWith('baseline') && r.connections === c)!;
  for (const r of rows) {
    const ratio = (r.rps / base(r.connections).rps).toFixed(2);
    console.log(`${r.path.padEnd(30)}${String(r.connections).padStart(5)}${r.rps.toFixed(0).padStart(9)}${String(r.p50).padStart(9)}${String(r.p99).padStart(9)}${String(r.errors).padStart(8)}${ratio.padStart(11)}`);
  }
  console.log('\ntarget: list reads ≥ 2000/s');
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAll();
    process.exit();
  });
