/**
 * What the HTTP benchmarks share: a database of their own, migrated and seeded; the platform from `dist/` as separate
 * processes (the gateway and every service) beside this machine's bare HTTP→NATS→INSERT path
 * (bench/intake-baseline.ts); an administrator's token; autocannon runs; the table with the ratios to the baseline.
 * BENCH_PROFILE=<dir> starts the platform's processes with V8 CPU profiling into that directory; they write their
 * profiles when stopped (gracefully) at the end.
 */
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { SERVICE_NAMES } from '@app/shared';
import { DEFAULT_INFRA, ensureDatabase, resolveInfra } from '../tools/infra';
import { migrateAll } from '../tools/migrate';

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const PROFILE_DIR = process.env.BENCH_PROFILE;
const ADMIN_PASSWORD = 'bench-admin-password';
/** The whole platform: every service and the gateway. */
const SERVICES = [...SERVICE_NAMES, 'gateway'];

export interface Row {
  path: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU milliseconds per answered request of each process (the platform's, Postgres's backends, NATS), when measured. */
  cpu?: Record<string, number>;
  /** Postgres's work per answered request in the platform's database: commits, and rows written per table. */
  db?: DbWork;
}

/** Commits and, per table (schema.table), rows inserted, updated and deleted, and index and sequential scans. */
export interface DbWork {
  commits: number;
  tables: Record<string, { ins: number; upd: number; del: number; idx: number; seq: number }>;
}

export interface BenchPlatform {
  gateway: string;
  baseline: string;
  natsUrl: string;
  auth: Record<string, string>;
}

const children: ChildProcess[] = [];
/** The platform's database, for its statistics (commits, rows written per table). */
let platformDatabaseUrl: string | undefined;
/** The platform's processes by name, for the CPU each spends. */
const named = new Map<string, ChildProcess>();

function launch(name: string, entry: string, args: string[], env: NodeJS.ProcessEnv, profiled: boolean): void {
  const flags = profiled && PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...flags, entry, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  named.set(name, child);
}

/** User and system CPU of a process so far, in clock ticks (1/100 s on Linux); 0 when it is gone or not on Linux. */
function cpuTicks(pid: number | string | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** CPU ticks of every platform process, of Postgres's processes together and of the NATS server, now. */
function cpuSnapshot(): Map<string, number> {
  const snapshot = new Map<string, number>();
  for (const [name, child] of named) snapshot.set(name, cpuTicks(child.pid));
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return snapshot;
  }
  for (const pid of pids) {
    let comm: string;
    try {
      comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (comm === 'postgres' || comm === 'nats-server') snapshot.set(comm, (snapshot.get(comm) ?? 0) + cpuTicks(pid));
  }
  return snapshot;
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
 * A fresh database `name` (dropped first), migrated and seeded by `seed`, and the platform on it with the gateway on
 * `gatewayPort` and the baseline on `baselinePort`; `profiled` names the services to profile under BENCH_PROFILE.
 */
export async function startBenchPlatform(opts: {
  database: string;
  gatewayPort: number;
  baselinePort: number;
  seed: (databaseUrl: string) => Promise<void>;
  profiled?: string[];
}): Promise<BenchPlatform> {
  const infra = await resolveInfra(process.env, { ...DEFAULT_INFRA, log: console.log });
  const url = new URL(infra.databaseUrl);
  url.pathname = `/${opts.database}`;
  const databaseUrl = url.toString();
  const admin = new Client({ connectionString: infra.databaseUrl.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${opts.database} WITH (FORCE)`);
  await admin.end();
  await ensureDatabase(databaseUrl);
  await migrateAll(databaseUrl, { NODE_ENV: 'development' }, () => undefined);
  await opts.seed(databaseUrl);
  platformDatabaseUrl = databaseUrl;

  const env = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'error',
    DATABASE_URL: databaseUrl,
    NATS_URL: infra.natsUrl,
    PORT: String(opts.gatewayPort),
    HOST: '127.0.0.1',
    ADMIN_PASSWORD,
    PASSWORD_HASH_COST: '10',
    RATE_LIMIT_PER_MINUTE: '1000000',
  };
  const dist = join(__dirname, '..');
  for (const svc of SERVICES) launch(svc, join(dist, 'apps', svc, 'src', 'main.js'), [], env, opts.profiled?.includes(svc) ?? true);
  launch('baseline responder', join(__dirname, 'intake-baseline.js'), ['responder'], env, false);
  launch('baseline http', join(__dirname, 'intake-baseline.js'), ['http', String(opts.baselinePort)], env, false);
  const gateway = `http://127.0.0.1:${opts.gatewayPort}`;
  const baseline = `http://127.0.0.1:${opts.baselinePort}/baseline`;
  await waitFor(`${gateway}/health`);
  await waitFor(baseline, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const login = (await fetch(`${gateway}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  }).then((r) => r.json())) as { accessToken: string };
  return { gateway, baseline, natsUrl: infra.natsUrl, auth: { authorization: `Bearer ${login.accessToken}` } };
}

/** Stops every process: gracefully when profiling (profiles are written on a clean exit), else at once. */
export async function stopBenchPlatform(): Promise<void> {
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

/**
 * One autocannon run; `body` gives each request's body (POST), else a GET. It starts once the platform is idle, and
 * counts the CPU each process spent per request during the run and until the platform is idle again (the events the
 * requests left behind, consumed by the other services, are part of what a request costs).
 */
export async function cannon(path: string, url: string, connections: number, headers: Record<string, string>, body?: () => string): Promise<Row> {
  await settle();
  const beforeDb = await dbSnapshot();
  const before = cpuSnapshot();
  const result = await autocannon({
    url,
    connections,
    duration: SECONDS,
    method: body ? 'POST' : 'GET',
    headers: body ? { 'content-type': 'application/json', ...headers } : headers,
    ...(body ? { requests: [{ setupRequest: (req: object) => ({ ...req, body: body() }) }] } : {}),
  });
  await settle();
  const after = cpuSnapshot();
  const answered = Math.max(1, result.requests.total);
  // Statistics reach the shared counters within a second of a backend's last transaction.
  await new Promise((r) => setTimeout(r, 1_200));
  const db = path.startsWith('baseline') ? undefined : dbPerRequest(beforeDb, await dbSnapshot(), answered);
  const cpu = Object.fromEntries([...after].map(([name, ticks]) => [name, ((ticks - (before.get(name) ?? 0)) * 10) / answered]));
  return { path, connections, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors + result.timeouts, cpu, db };
}

/** Postgres's cumulative statistics of the platform's database now (flushed: read after the platform is idle). */
async function dbSnapshot(): Promise<DbWork | undefined> {
  if (!platformDatabaseUrl) return undefined;
  const db = new Client({ connectionString: platformDatabaseUrl });
  try {
    await db.connect();
    const commits = await db.query(`SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()`);
    const tables = await db.query(
      `SELECT schemaname || '.' || relname AS name, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del,
              COALESCE(idx_scan, 0) AS idx, seq_scan AS seq
         FROM pg_stat_user_tables`,
    );
    return {
      commits: Number(commits.rows[0].xact_commit),
      tables: Object.fromEntries(
        tables.rows.map((r: Record<string, string>) => [r.name, { ins: +r.ins, upd: +r.upd, del: +r.del, idx: +r.idx, seq: +r.seq }]),
      ),
    };
  } catch {
    return undefined;
  } finally {
    await db.end().catch(() => undefined);
  }
}

/** Per answered request: the difference of two snapshots divided by the requests (the snapshot query's own commit aside). */
function dbPerRequest(before: DbWork | undefined, after: DbWork | undefined, answered: number): DbWork | undefined {
  if (!before || !after) return undefined;
  const tables: DbWork['tables'] = {};
  for (const [name, t] of Object.entries(after.tables)) {
    const b = before.tables[name] ?? { ins: 0, upd: 0, del: 0, idx: 0, seq: 0 };
    const d = { ins: (t.ins - b.ins) / answered, upd: (t.upd - b.upd) / answered, del: (t.del - b.del) / answered, idx: (t.idx - b.idx) / answered, seq: (t.seq - b.seq) / answered };
    if (d.ins + d.upd + d.del + d.idx + d.seq >= 0.01) tables[name] = d;
  }
  return { commits: (after.commits - before.commits - 1) / answered, tables };
}

/** Postgres's work per request of the rows that measured it: commits, then the tables written or scanned most. */
export function printDb(rows: Row[]): void {
  for (const r of rows.filter((row) => row.db)) {
    const db = r.db!;
    console.log(`\nPostgres per request, ${r.path} at ${r.connections} connections: ${db.commits.toFixed(2)} commits`);
    const tables = Object.entries(db.tables).sort(([, a], [, b]) => b.ins + b.upd + b.del + b.idx - (a.ins + a.upd + a.del + a.idx));
    console.log(`  ${'table'.padEnd(40)}${'ins'.padStart(7)}${'upd'.padStart(7)}${'del'.padStart(7)}${'idx scan'.padStart(10)}${'seq scan'.padStart(10)}`);
    for (const [name, t] of tables.slice(0, 25)) {
      console.log(`  ${name.padEnd(40)}${t.ins.toFixed(2).padStart(7)}${t.upd.toFixed(2).padStart(7)}${t.del.toFixed(2).padStart(7)}${t.idx.toFixed(2).padStart(10)}${t.seq.toFixed(2).padStart(10)}`);
    }
  }
}

/** Waits until the platform's processes are (nearly) idle: the events of earlier runs consumed, so they do not load the next. */
export async function settle(maxMs = 30_000): Promise<void> {
  const until = Date.now() + maxMs;
  let last = cpuSnapshot();
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 500));
    const now = cpuSnapshot();
    const busy = [...now].reduce((sum, [name, ticks]) => sum + (name.startsWith('baseline') ? 0 : ticks - (last.get(name) ?? 0)), 0);
    last = now;
    // Under 5 % of one core over the half second, all processes together.
    if (busy <= 2) return;
  }
}

/** CPU milliseconds per request of each process, for the rows that measured it (the busiest processes first). */
export function printCpu(rows: Row[]): void {
  const measured = rows.filter((r) => r.cpu);
  if (measured.length === 0) return;
  const names = [...new Set(measured.flatMap((r) => Object.keys(r.cpu!)))].filter((n) => measured.some((r) => r.cpu![n] >= 0.05));
  names.sort((a, b) => Math.max(...measured.map((r) => r.cpu![b] ?? 0)) - Math.max(...measured.map((r) => r.cpu![a] ?? 0)));
  console.log(`\nCPU ms per request (10 ms ticks; Postgres and NATS are machine-wide)`);
  console.log(`${'path'.padEnd(30)}conns${names.map((n) => n.padStart(Math.max(9, n.length + 2))).join('')}    total`);
  for (const r of measured) {
    const cells = names.map((n) => (r.cpu![n] ?? 0).toFixed(2).padStart(Math.max(9, n.length + 2))).join('');
    const total = Object.values(r.cpu!).reduce((a, b) => a + b, 0);
    console.log(`${r.path.padEnd(30)}${String(r.connections).padStart(5)}${cells}${total.toFixed(2).padStart(9)}`);
  }
}

/** The baseline at 10 and 100 connections, with the bodies the benchmark itself sends (its INSERT stores them). */
export async function baselineRows(platform: BenchPlatform, body: () => string = () => '{"symptom":"压测：电路中断"}'): Promise<Row[]> {
  const rows: Row[] = [];
  for (const connections of [10, 100]) rows.push(await cannon('baseline HTTP→NATS→INSERT', platform.baseline, connections, {}, body));
  return rows;
}

/** The table, each row with its ratio to the baseline at the same number of connections. */
export function printRows(title: string, rows: Row[]): void {
  console.log(`\n${title.padEnd(30)}conns    req/s   p50 ms   p99 ms  errors  ×baseline`);
  const base = (c: number) => rows.find((r) => r.path.startsWith('baseline') && r.connections === c);
  for (const r of rows) {
    const b = base(r.connections);
    const ratio = b ? (r.rps / b.rps).toFixed(2) : '';
    console.log(`${r.path.padEnd(30)}${String(r.connections).padStart(5)}${r.rps.toFixed(0).padStart(9)}${String(r.p50).padStart(9)}${String(r.p99).padStart(9)}${String(r.errors).padStart(8)}${ratio.padStart(11)}`);
  }
}

/** Runs a benchmark's main, always stopping the platform. */
export function runBench(main: () => Promise<void>): void {
  main()
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    })
    .finally(async () => {
      await stopBenchPlatform();
      process.exit();
    });
}
