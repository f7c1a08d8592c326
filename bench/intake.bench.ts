/**
 * Fault intake benchmark (issue 11): POST /api/v1/faults through the gateway at 10 and 100 connections, the same RPC
 * straight over NATS, and this machine's own bare HTTP→NATS→INSERT path (bench/intake-baseline.ts) in the same run,
 * with the ratios. Every process is separate, as in production: gateway, fault, provisioning, visits, reporting.
 * Each request reports a fault on a circuit of its own, so each one opens a new ticket with its five clocks.
 * Run: npm run bench:intake  (DATABASE_URL / NATS_URL, or embedded ones as npm start does; BENCH_SECONDS=10)
 * BENCH_PROFILE=<dir> writes V8 CPU profiles of the gateway and the fault service there (open them in Chrome DevTools
 * or speedscope) and runs the intake at 100 connections only.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { Caller, connectNats, FaultRpc, RpcClient } from '@app/shared';
import { DEFAULT_INFRA, ensureDatabase, resolveInfra } from '../tools/infra';
import { migrateAll } from '../tools/migrate';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const GATEWAY_PORT = 3190;
const BASELINE_PORT = 3191;
const ADMIN_PASSWORD = 'bench-admin-password';
const CIRCUITS = 200_000;
const PROFILE_DIR = process.env.BENCH_PROFILE;

interface Row {
  path: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const children: ChildProcess[] = [];

function launch(entry: string, args: string[], env: NodeJS.ProcessEnv, profile = false): void {
  const flags = profile && PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...flags, entry, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
}

/** Stops the children gracefully so that the profiled ones write their profiles. */
async function stopChildren(): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await fetch(url, { method: url.endsWith('/baseline') ? 'POST' : 'GET', headers: { 'content-type': 'application/json' }, body: url.endsWith('/baseline') ? '{}' : undefined })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

/** Circuits and their customer straight into the fault service's copy of the inventory (what provisioning's events would write). */
async function seed(databaseUrl: string): Promise<{ code: string; name: string }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const customer = { id: randomUUID(), code: 'BENCH-CUST', name: '压测客户' };
  await db.query(`INSERT INTO fault.known_customer (id, code, name, industry, tier) VALUES ($1, $2, $3, 'finance', 'gold')`, [customer.id, customer.code, customer.name]);
  await db.query(
    `INSERT INTO fault.known_circuit (id, code, customer_id, service_type, grade, importance, state)
     SELECT gen_random_uuid(), 'BENCH-' || g, $1, 'mstp', 'A', 'high', 'live' FROM generate_series(1, $2) AS g`,
    [customer.id, CIRCUITS],
  );
  await db.end();
  return customer;
}

function intake(customer: { code: string; name: string }, n: number): string {
  return JSON.stringify({
    customerCode: customer.code,
    customerName: customer.name,
    serviceType: 'mstp',
    circuitCode: `BENCH-${n}`,
    direction: '广州—北京',
    faultAt: new Date(Date.now() - 60_000).toISOString(),
    symptom: '压测：电路中断',
    reporterName: '压测',
    reporterContact: '13800000000',
    channel: 'hotline',
  });
}

async function cannon(path: string, url: string, connections: number, headers: Record<string, string>, body: () => string): Promise<Row> {
  const result = await autocannon({
    url,
    connections,
    duration: SECONDS,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    requests: [{ setupRequest: (req: object) => ({ ...req, body: body() }) }],
  });
  return { path, connections, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors + result.timeouts };
}

/** The same RPC as the gateway sends, straight over NATS, from `concurrency` loops. */
async function direct(natsUrl: string, caller: Caller, concurrency: number, body: () => string): Promise<Row> {
  const nc = await connectNats(natsUrl, 'bench-direct');
  const rpc = new RpcClient(nc, 10_000);
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        try {
          await rpc.send(FaultRpc.openTicket, JSON.parse(body()), { caller });
          latencies.push(performance.now() - t0);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  await nc.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { path: 'fault RPC over NATS', connections: concurrency, rps: latencies.length / SECONDS, p50: Math.round(at(0.5)), p99: Math.round(at(0.99)), errors };
}

async function main(): Promise<void> {
  const infra = await resolveInfra(process.env, { ...DEFAULT_INFRA, log: console.log });
  const url = new URL(infra.databaseUrl);
  url.pathname = '/gem_bench_intake';
  const benchUrl = url.toString();
  const admin = new Client({ connectionString: infra.databaseUrl.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS gem_bench_intake WITH (FORCE)');
  await admin.end();
  await ensureDatabase(benchUrl);
  await migrateAll(benchUrl, { NODE_ENV: 'development' }, () => undefined);
  const customer = await seed(benchUrl);

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
  for (const svc of ['provisioning', 'fault', 'visits', 'reporting', 'gateway']) launch(join(dist, 'apps', svc, 'src', 'main.js'), [], env, svc === 'fault' || svc === 'gateway');
  launch(join(__dirname, 'intake-baseline.js'), ['responder'], env);
  launch(join(__dirname, 'intake-baseline.js'), ['http', String(BASELINE_PORT)], env);
  await waitFor(`http://127.0.0.1:${GATEWAY_PORT}/health`);
  await waitFor(`http://127.0.0.1:${BASELINE_PORT}/baseline`);

  const login = await fetch(`http://127.0.0.1:${GATEWAY_PORT}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  }).then((r) => r.json() as Promise<{ accessToken: string }>);
  const me = await fetch(`http://127.0.0.1:${GATEWAY_PORT}/api/v1/auth/me`, { headers: { authorization: `Bearer ${login.accessToken}` } }).then((r) => r.json() as Promise<Caller>);
  let n = 0;
  const next = () => intake(customer, ++n);
  if (CIRCUITS < 3 * 5000 * SECONDS) console.log(`note: ${CIRCUITS} circuits; at over ${Math.round(CIRCUITS / (3 * SECONDS))}/s later requests become duplicate reports`);

  const rows: Row[] = [];
  const auth = { authorization: `Bearer ${login.accessToken}` };
  const faults = `http://127.0.0.1:${GATEWAY_PORT}/api/v1/faults`;
  const baseline = `http://127.0.0.1:${BASELINE_PORT}/baseline`;
  console.log(`warming up, then ${SECONDS} s per run...`);
  await cannon('warm-up', faults, 10, auth, next);
  if (PROFILE_DIR) {
    const row = await cannon('fault intake via gateway', faults, 100, auth, next);
    console.log(`profiled: ${row.rps.toFixed(0)}/s, p50 ${row.p50} ms, p99 ${row.p99} ms; profiles in ${PROFILE_DIR}`);
    await stopChildren();
    return;
  }
  for (const connections of [10, 100]) rows.push(await cannon('fault intake via gateway', faults, connections, auth, next));
  rows.push(await direct(infra.natsUrl, { sub: me.sub, username: me.username, roles: me.roles }, 10, next));
  for (const connections of [10, 100]) rows.push(await cannon('baseline HTTP→NATS→INSERT', baseline, connections, {}, next));

  console.log('\npath                          conns    req/s   p50 ms   p99 ms  errors');
  for (const r of rows) console.log(`${r.path.padEnd(30)}${String(r.connections).padStart(5)}${r.rps.toFixed(0).padStart(9)}${String(r.p50).padStart(9)}${String(r.p99).padStart(9)}${String(r.errors).padStart(8)}`);
  const base = (c: number) => rows.find((r) => r.path.startsWith('baseline') && r.connections === c)!;
  const intakeAt = (c: number) => rows.find((r) => r.path.startsWith('fault intake') && r.connections === c)!;
  console.log('\nratios against this machine\'s baseline in the same run:');
  for (const c of [10, 100]) console.log(`  intake/baseline at ${c} connections: ${(intakeAt(c).rps / base(c).rps).toFixed(3)} of the throughput, p99 ${(intakeAt(c).p99 / Math.max(1, base(c).p99)).toFixed(1)}×`);
  console.log(`  NATS-direct RPC/baseline at 10: ${(rows[2].rps / base(10).rps).toFixed(3)} of the throughput`);
  console.log(`  target: intake ≥ 1000/s at 100 connections with p99 < 100 ms (now ${intakeAt(100).rps.toFixed(0)}/s, p99 ${intakeAt(100).p99} ms)`);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) child.kill('SIGKILL');
    setTimeout(() => process.exit(), 500).unref();
  });
