import { NatsConnection } from '@nats-io/transport-node';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Pool } from 'pg';
import { connectNats, replicaHealthRpc, RpcClient, ServiceName, SYSTEM_CALLER } from '@app/shared';
import { ensureDatabase } from '../../tools/infra';
import { migrateAll } from '../../tools/migrate';
import { circuitRequest } from '../support/requests';
import { Observer, PlatformClient } from './client';
import { Customer, Keyed, sendKeyed } from './load';
import { ChaosPostgres, ChildService, freePort, Killable, portOpen, sleep, Workspace } from './processes';


const runStarted = Date.now();
/** A line of the run's report, with the seconds since the run started. */
export const say = (line: string) => console.log(`[chaos ${((Date.now() - runStarted) / 1000).toFixed(0).padStart(3)} s] ${line}`);

export async function until<T>(what: string, ms: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await sleep(500);
  }
}

/** What a chaos script found: its violations (none: it passed), what it proved if it passed, what to show if not. */
export interface ChaosOutcome {
  violations: string[];
  passed: string;
  onFailure?: () => void;
}

/**
 * Runs a chaos script on its platform and exits with the verdict: 0 when nothing was violated, 1 otherwise or on an
 * error. The platform is shut down whatever happens (keeping its data when the script failed), also on Ctrl-C.
 */
export function runChaos(platform: ChaosPlatform, script: () => Promise<ChaosOutcome>): void {
  let failed = true;
  const onSignal = () => void platform.shutdown(true).finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const verdict = async (): Promise<number> => {
    const startedAt = Date.now();
    try {
      const outcome = await script();
      say(`total ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
      if (outcome.violations.length > 0) {
        say(`FAILED: ${outcome.violations.length} violation(s)`);
        for (const v of outcome.violations.slice(0, 50)) say(`  ${v}`);
        outcome.onFailure?.();
        return 1;
      }
      failed = false;
      say(`PASSED: ${outcome.passed}`);
      return 0;
    } catch (err) {
      say(`FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return 1;
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      await platform.shutdown(failed).catch((err: unknown) => say(`shutdown: ${String(err)}`));
    }
  };
  void verdict().then((code) => process.exit(code));
}

const ADMIN_PASSWORD = 'chaos-admin-password';

/** A read through each service, for the services a run starts. */
const READS: Record<ServiceName, string> = {
  fault: '/api/v1/faults?limit=1',
  provisioning: '/api/v1/customers?limit=1',
  visits: '/api/v1/clocks/visits?limit=1',
  reporting: '/api/v1/reports/summary',
  notifier: '/api/v1/notifications?limit=1',
  quality: '/api/v1/quality/warnings?limit=1',
};

export interface PlatformOptions {
  services: readonly ServiceName[];
  /** Processes per service: 1 names them `fault`, …; 2 names them `fault-1`, `fault-2`, … */
  replicas: number;
}

/**
 * The platform as separate processes on a Postgres and a NATS of the run's own, one gateway, and `replicas`
 * processes of each service.
 */
export class ChaosPlatform {
  readonly ws = new Workspace();
  readonly procs = new Map<string, Killable>();
  pg!: ChaosPostgres;
  /** A pool, so a connection broken by Postgres's kill -9 is replaced by a fresh one. */
  db!: Pool;
  gatewayUrl = '';
  natsUrl = '';
  token = '';
  private nc: NatsConnection | undefined;

  constructor(readonly opts: PlatformOptions) {}

  client(observe?: Observer): PlatformClient {
    const c = new PlatformClient(this.gatewayUrl, observe);
    c.token = this.token;
    return c;
  }

  /** The process names of a service's replicas. */
  replicas(service: ServiceName): string[] {
    return this.opts.replicas === 1 ? [service] : Array.from({ length: this.opts.replicas }, (_, i) => `${service}-${i + 1}`);
  }

  async start(): Promise<void> {
    if (spawnSync('nats-server', ['--version']).error) throw new Error('nats-server is not on the PATH (apt-get install nats-server)');
    const [pgPort, natsPort, httpPort] = [await freePort(), await freePort(), await freePort()];
    this.pg = new ChaosPostgres(pgPort, this.ws);
    await this.pg.init();
    await this.pg.start();
    this.procs.set('postgres', this.pg);
    const databaseUrl = `postgres://postgres:${this.pg.password}@127.0.0.1:${pgPort}/gem`;
    await ensureDatabase(databaseUrl);
    say(`Postgres on ${pgPort}, data in ${this.ws.dir}/pg`);

    const natsArgs = ['-a', '127.0.0.1', '-p', String(natsPort), '-js', '-sd', join(this.ws.dir, 'nats')];
    const nats = new ChildService('nats', 'nats-server', natsArgs, process.env, this.ws);
    await nats.start();
    this.procs.set('nats', nats);
    await until('nats-server', 20_000, async () => ((await portOpen(natsPort)) ? true : undefined));
    this.natsUrl = `nats://127.0.0.1:${natsPort}`;
    say(`nats-server with JetStream on ${natsPort}`);

    await migrateAll(databaseUrl, { NODE_ENV: 'development' }, (line) => say(`migrate ${line}`));
    this.db = new Pool({ connectionString: databaseUrl, max: 2 });
    this.db.on('error', () => undefined);

    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      NO_COLOR: '1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      NATS_URL: this.natsUrl,
      PORT: String(httpPort),
      HOST: '127.0.0.1',
      JWT_SECRET: randomUUID() + randomUUID(),
      ADMIN_PASSWORD,
      PASSWORD_HASH_COST: '10',
      RATE_LIMIT_PER_MINUTE: '1000000',
      OUTBOX_POLL_MS: '200',
    };
    const processes = [['gateway', 'gateway'], ...this.opts.services.flatMap((service) => this.replicas(service).map((name) => [name, service]))];
    for (const [name, app] of processes) {
      const entry = join(__dirname, '..', '..', 'apps', app, 'src', 'main.js');
      // Each replica answers its own health subject by its INSTANCE_ID, as in a container.
      const svc = new ChildService(name, process.execPath, ['--enable-source-maps', entry], { ...env, INSTANCE_ID: name }, this.ws);
      await svc.start();
      this.procs.set(name, svc);
    }
    this.gatewayUrl = `http://127.0.0.1:${httpPort}`;
  }

  async signIn(): Promise<void> {
    const anonymous = new PlatformClient(this.gatewayUrl);
    this.token = await until('sign-in', 90_000, async () => {
      const res = await anonymous.once('POST', '/api/v1/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
      return res.status === 200 ? (res.body.accessToken as string) : undefined;
    });
  }

  /** A read through each service succeeds. */
  async healthy(): Promise<boolean> {
    const c = this.client();
    for (const service of this.opts.services) {
      const res = await c.once('GET', READS[service]).catch(() => undefined);
      if (res?.status !== 200) return false;
    }
    return true;
  }

  /** Whether this replica answers its own health request as up (what its container's health check asks). */
  async replicaUp(service: ServiceName, name: string): Promise<boolean> {
    this.nc ??= await connectNats(this.natsUrl, 'chaos-probe');
    const health = await new RpcClient(this.nc, 2000).send(replicaHealthRpc(service, name), {}, { caller: SYSTEM_CALLER });
    return health.status === 'up';
  }

  /** A customer and `count` circuits, known to the fault service; the dispatch limit shortened so clocks breach. */
  async seed(count: number): Promise<{ customer: Customer; circuits: string[] }> {
    const c = this.client();
    const settings = await c.send('PUT', '/api/v1/settings/fault', { dispatchMinutes: 1, reason: 'chaos run: dispatch clocks breach during the run' }, undefined, 60_000);
    if (settings?.status !== 200) throw new Error(`could not shorten the dispatch limit: ${settings?.status} ${JSON.stringify(settings?.body)}`);
    const stamp = Date.now().toString(36).toUpperCase();
    const customerKey: Keyed = {
      key: `customer-${randomUUID()}`,
      path: '/api/v1/customers',
      body: { code: `CHAOS-${stamp}`, name: `混沌测试客户 ${stamp}`, industry: 'finance', tier: 'gold' },
      outcome: 'unknown',
    };
    const answer = await c.send('POST', customerKey.path, customerKey.body, customerKey.key, 60_000);
    if (answer?.status !== 201) throw new Error(`could not create the customer: ${answer?.status} ${JSON.stringify(answer?.body)}`);
    const customer = { id: answer.body.id as string, code: customerKey.body.code as string, name: customerKey.body.name as string };
    const codes = Array.from({ length: count }, (_, i) => `CHAOS-${stamp}-${String(i).padStart(4, '0')}`);
    const queue = [...codes];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let code = queue.pop(); code; code = queue.pop()) {
          const circuit: Keyed = { key: `circuit-${code}`, path: '/api/v1/circuits', outcome: 'unknown', body: circuitRequest(code, customer.id) };
          await sendKeyed(c, circuit, 60_000);
          if (circuit.outcome !== 'acked') throw new Error(`could not create circuit ${code}: ${circuit.status}`);
        }
      }),
    );
    await until('the fault service learning every circuit', 120_000, async () => {
      const { rows } = await this.db.query('SELECT count(*)::int AS n FROM fault.known_circuit');
      return (rows[0] as { n: number }).n >= count ? true : undefined;
    });
    return { customer, circuits: codes };
  }

  /** Stops everything (SIGTERM, then SIGKILL after a grace period); a failed run first prints each log's last lines. */
  async shutdown(failed: boolean): Promise<void> {
    await this.db?.end().catch(() => undefined);
    await this.nc?.close().catch(() => undefined);
    if (failed) for (const name of this.procs.keys()) console.log(`--- last lines of ${name}\n${this.ws.tail(name)}`);
    const apps = [...this.procs].filter(([name]) => name !== 'postgres' && name !== 'nats');
    await Promise.all(apps.map(([, proc]) => proc.stop()));
    await this.procs.get('nats')?.stop();
    await this.pg?.stop();
    this.ws.remove();
  }
}
