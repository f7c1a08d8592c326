/**
 * Fault intake benchmark (issue 11): POST /api/v1/faults through the gateway at 10 and 100 connections, the same RPC
 * straight over NATS, and this machine's own bare HTTP→NATS→INSERT path (bench/intake-baseline.ts) in the same run,
 * with the ratios. Every process is separate, as in production: gateway, fault, provisioning, visits, reporting.
 * Each request reports a fault on a circuit of its own, so each one opens a new ticket with its clocks.
 * Run: npm run bench:intake  (DATABASE_URL / NATS_URL, or embedded ones as npm start does; BENCH_SECONDS=10)
 * BENCH_PROFILE=<dir> writes V8 CPU profiles of the gateway and the fault service there (open them in Chrome DevTools
 * or speedscope) and runs the intake at 100 connections only.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { Caller, connectNats, FaultRpc, RpcClient } from '@app/shared';
import { baselineRows, cannon, printCpu, printDb, printRows, PROFILE_DIR, Row, runBench, SECONDS, startBenchPlatform } from './bench-platform';

const CIRCUITS = 200_000;
const customer = { id: randomUUID(), code: 'BENCH-CUST', name: '压测客户' };

/** Circuits and their customer straight into the fault service's copy of the inventory (what provisioning's events would write). */
async function seed(databaseUrl: string): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(`INSERT INTO fault.known_customer (id, code, name, industry, tier) VALUES ($1, $2, $3, 'finance', 'gold')`, [customer.id, customer.code, customer.name]);
  await db.query(
    `INSERT INTO fault.known_circuit (id, code, customer_id, service_type, grade, importance, state)
     SELECT gen_random_uuid(), 'BENCH-' || g, $1, 'mstp', 'A', 'high', 'live' FROM generate_series(1, $2) AS g`,
    [customer.id, CIRCUITS],
  );
  await db.end();
}

function intake(n: number): string {
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
  const platform = await startBenchPlatform({ database: 'gem_bench_intake', gatewayPort: 3190, baselinePort: 3191, seed, profiled: ['fault', 'gateway'] });
  const me = (await fetch(`${platform.gateway}/api/v1/auth/me`, { headers: platform.auth }).then((r) => r.json())) as Caller;
  let n = 0;
  const next = () => intake(++n);
  if (CIRCUITS < 3 * 5000 * SECONDS) console.log(`note: ${CIRCUITS} circuits; at over ${Math.round(CIRCUITS / (3 * SECONDS))}/s later requests become duplicate reports`);
  const faults = `${platform.gateway}/api/v1/faults`;
  console.log(`warming up, then ${SECONDS} s per run...`);
  await cannon('warm-up', faults, 10, platform.auth, next);
  if (PROFILE_DIR) {
    const row = await cannon('fault intake via gateway', faults, 100, platform.auth, next);
    console.log(`profiled: ${row.rps.toFixed(0)}/s, p50 ${row.p50} ms, p99 ${row.p99} ms; profiles in ${PROFILE_DIR}`);
    printCpu([row]);
    printDb([row]);
    return;
  }
  const rows: Row[] = [];
  for (const connections of [10, 100]) rows.push(await cannon('fault intake via gateway', faults, connections, platform.auth, next));
  rows.push(await direct(platform.natsUrl, { sub: me.sub, username: me.username, roles: me.roles }, 10, next));
  rows.push(...(await baselineRows(platform, next)));
  printRows('path', rows);
  printCpu(rows);
  printDb(rows.filter((r) => r.path.startsWith('fault intake') && r.connections === 100));
  const intakeAt = (c: number) => rows.find((r) => r.path.startsWith('fault intake') && r.connections === c)!;
  console.log(`\ntarget: intake ≥ 1000/s at 100 connections with p99 < 100 ms (now ${intakeAt(100).rps.toFixed(0)}/s, p99 ${intakeAt(100).p99} ms)`);
}

runBench(main);
