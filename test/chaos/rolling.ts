import { Exchange, PlatformClient } from './client';
import { Ledger, Load } from './load';
import { ServiceName } from '@app/shared';
import { ChaosPlatform, runChaos, say, until } from './platform';
import { ChildService, sleep } from './processes';
import { table, verify } from './verify';

/**
 * `npm run test:chaos` (second part): two replicas of every service behind one gateway, under a steady intake,
 * feedback and read load, and a rolling restart of each service: SIGTERM to one replica, wait for it to exit, start
 * it again, wait until it answers its own health request (as its container's health check asks), then the other. A replica stopping drains (the other takes the new
 * requests; the ones it took are answered), so the clients must see no 5xx at all (not even a 503 or 504, which
 * would mean a request met no replica or a lost reply) and every acknowledged change must be stored exactly once.
 * Prints a table per service; exits 1 on any violation.
 */

const SERVICES: ServiceName[] = ['fault', 'provisioning', 'visits', 'reporting', 'notifier', 'quality'];
const CLIENTS = Number(process.env.ROLLING_CLIENTS ?? 2);
const READERS = Number(process.env.ROLLING_READERS ?? 2);
/** One per fault opened: enough for the intake to last through the restarts. */
const CIRCUITS = Number(process.env.ROLLING_CIRCUITS ?? 220);
/** A replica that has not exited this long after SIGTERM is killed, and that is a violation. */
const STOP_GRACE_MS = 15_000;
/** Time for the gateway to send requests to a restarted replica before its sibling goes. */
const SETTLE_MS = 500;

/** Which service answers a path (the health probe asks them all). */
function serviceOf(path: string): ServiceName | 'all' {
  if (path.startsWith('/health')) return 'all';
  const clock = /^\/api\/v1\/(?:clocks|settings)\/(\w+)/.exec(path);
  if (clock) return clock[1] as ServiceName;
  if (path.startsWith('/api/v1/faults')) return 'fault';
  if (path.startsWith('/api/v1/reports')) return 'reporting';
  return 'provisioning';
}

interface Restart {
  service: ServiceName;
  from: number;
  to: number;
  /** Seconds from SIGTERM to exit, per replica. */
  stopSeconds: number[];
  /** Seconds from start until the replica answers its own health request, per replica. */
  startSeconds: number[];
  forced: string[];
}

/** Reads through every service, each client its own loop, until stopped. */
class Readers {
  private stopped = false;
  private running: Promise<void>[] = [];

  constructor(
    private readonly client: () => PlatformClient,
    private readonly ledger: Ledger,
  ) {}

  start(n: number): void {
    const paths = [
      '/api/v1/faults?limit=5',
      '/api/v1/customers?limit=5',
      '/api/v1/circuits?limit=5',
      '/api/v1/reports/summary',
      '/api/v1/clocks/visits?limit=5',
      '/api/v1/clocks/fault?limit=5',
      '/api/v1/settings/fault',
      '/health',
    ];
    this.running = Array.from({ length: n }, async (_, i) => {
      const client = this.client();
      for (let k = i; !this.stopped; k++) {
        // Every round also reads one ticket the load opened.
        const ticket = [...this.ledger.opens.values()].filter((o) => o.ticketId)[k]?.ticketId;
        for (const path of ticket ? [...paths, `/api/v1/faults/${ticket}`] : paths) {
          if (this.stopped) return;
          await client.once('GET', path).catch(() => undefined);
          await sleep(50);
        }
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.running);
  }
}

async function restartOneByOne(platform: ChaosPlatform, service: ServiceName): Promise<Restart> {
  const restart: Restart = { service, from: Date.now(), to: 0, stopSeconds: [], startSeconds: [], forced: [] };
  for (const name of platform.replicas(service)) {
    const replica = platform.procs.get(name) as ChildService;
    const stopping = Date.now();
    const exit = await replica.terminate(STOP_GRACE_MS);
    restart.stopSeconds.push((Date.now() - stopping) / 1000);
    // Exiting by the signal itself is clean too (Nest re-raises it); SIGKILL means the grace period ran out.
    if (exit === 'SIGKILL' || (typeof exit === 'number' && exit !== 0)) restart.forced.push(`${name} ended with ${exit} after SIGTERM`);
    const starting = Date.now();
    await replica.start();
    await until(`${name} healthy again`, 60_000, async () => ((await platform.replicaUp(service, name)) ? true : undefined));
    restart.startSeconds.push((Date.now() - starting) / 1000);
    await sleep(SETTLE_MS);
  }
  restart.to = Date.now();
  return restart;
}

interface Row {
  service: string;
  requests: number;
  toService: number;
  /** Answers 5xx, or requests with no answer at all. */
  failed: number;
  maxMs: number;
  stop: string;
  start: string;
}

function rowOf(restart: Restart, exchanges: Exchange[]): Row {
  const during = exchanges.filter((e) => e.startedAt >= restart.from && e.startedAt <= restart.to);
  const mine = during.filter((e) => serviceOf(e.path) === restart.service || serviceOf(e.path) === 'all');
  const seconds = (list: number[]) => list.map((s) => s.toFixed(1)).join(' / ');
  return {
    service: restart.service,
    requests: during.length,
    toService: mine.length,
    failed: during.filter((e) => e.status === 0 || e.status >= 500).length,
    maxMs: Math.max(0, ...mine.map((e) => e.ms)),
    stop: seconds(restart.stopSeconds),
    start: seconds(restart.startSeconds),
  };
}

function rollingTable(rows: Row[]): string {
  const pad = (v: unknown, n: number) => String(v).padStart(n);
  return [
    `${'rolling restart'.padEnd(16)}${pad('requests', 10)}${pad('to it', 8)}${pad('5xx/lost', 10)}${pad('max ms', 8)}${pad('stop s (1 / 2)', 16)}${pad('ready s (1 / 2)', 17)}`,
    ...rows.map((r) => `${r.service.padEnd(16)}${pad(r.requests, 10)}${pad(r.toService, 8)}${pad(r.failed, 10)}${pad(r.maxMs, 8)}${pad(r.stop, 16)}${pad(r.start, 17)}`),
  ].join('\n');
}

function main(): void {
  const platform = new ChaosPlatform({ services: SERVICES, replicas: 2 });
  runChaos(platform, async () => {
    await platform.start();
    await platform.signIn();
    await until('the platform answering', 90_000, async () => ((await platform.healthy()) ? true : undefined));
    say('the platform answers');
    for (const service of SERVICES) {
      for (const name of platform.replicas(service)) await until(`${name} healthy`, 60_000, async () => ((await platform.replicaUp(service, name)) ? true : undefined));
    }
    const { customer, circuits } = await platform.seed(CIRCUITS);
    say(`rolling: two replicas of ${SERVICES.join(', ')}; seeded ${circuits.length} circuits; load: ${CLIENTS} intake clients, ${READERS} readers`);

    const exchanges: Exchange[] = [];
    const observe = (e: Exchange) => exchanges.push(e);
    const ledger = new Ledger();
    const load = new Load(() => platform.client(observe), customer, circuits, ledger);
    const readers = new Readers(() => platform.client(observe), ledger);
    const restarts: Restart[] = [];
    load.start(CLIENTS, 200);
    readers.start(READERS);
    try {
      await sleep(3000);
      for (const service of SERVICES) {
        const restart = await restartOneByOne(platform, service);
        restarts.push(restart);
        say(`rolled ${service}: stopped in ${restart.stopSeconds.map((s) => s.toFixed(1)).join(' s, ')} s; ready in ${restart.startSeconds.map((s) => s.toFixed(1)).join(' s, ')} s`);
      }
      await sleep(2000);
    } finally {
      await Promise.all([load.stop(), readers.stop()]);
    }
    const loadEnded = Date.now();

    say('verifying...');
    const verdict = await verify(platform.db, platform.client(), ledger, []);
    const rows = restarts.map((r) => rowOf(r, exchanges));
    const underLoad = exchanges.filter((e) => e.startedAt < loadEnded);
    const bad = underLoad.filter((e) => e.status === 0 || e.status >= 500);
    for (const e of bad.slice(0, 20)) verdict.violations.push(`${e.method} ${e.path} → ${e.status === 0 ? 'no answer' : e.status} at ${new Date(e.startedAt).toISOString()} (${e.ms} ms)`);
    if (bad.length > 20) verdict.violations.push(`… and ${bad.length - 20} more answers 5xx or none`);
    for (const r of restarts) verdict.violations.push(...r.forced);

    console.log('');
    console.log(rollingTable(rows));
    console.log('');
    console.log(table(verdict, []).split('\n\n')[0]);
    console.log('');
    const statuses = new Map<number, number>();
    for (const e of underLoad) statuses.set(e.status, (statuses.get(e.status) ?? 0) + 1);
    const lastOpen = Math.max(0, ...underLoad.filter((e) => e.method === 'POST' && e.path === '/api/v1/faults').map((e) => e.startedAt));
    const lastRestart = Math.max(...restarts.map((r) => r.to));
    say(
      lastOpen >= lastRestart
        ? 'faults were opened until after the last restart'
        : `the circuits ran out ${((lastRestart - lastOpen) / 1000).toFixed(0)} s before the last restart ended (feedback went on): raise ROLLING_CIRCUITS`,
    );
    say(`answers under load: ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s === 0 ? 'none' : s}×${n}`).join(', ')}`);
    for (const fact of verdict.facts) say(fact);
    return {
      violations: verdict.violations,
      passed: 'a rolling restart of every service under load answered no 5xx; every acknowledged change stored exactly once',
      onFailure: () => {
        const unexpected = /→ 5\d\d|ERROR|Unhandled|uncaught|unanswered/i;
        for (const name of platform.procs.keys()) for (const line of platform.ws.grep(name, unexpected, 4, 30)) console.log(`    [${name}] ${line}`);
      },
    };
  });
}

main();
