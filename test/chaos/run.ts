import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Pool } from 'pg';
import { ensureDatabase } from '../../tools/infra';
import { migrateAll } from '../../tools/migrate';
import { circuitRequest } from '../support/requests';
import { PlatformClient, seen } from './client';
import { Customer, Keyed, Ledger, Load, sendKeyed } from './load';
import { ChaosPostgres, ChildService, freePort, Killable, portOpen, sleep, Workspace } from './processes';
import { KillRecord, table, verify } from './verify';

/**
 * `npm run test:chaos`: the platform as separate processes on a Postgres and a NATS of this run's own, under a steady
 * intake and feedback load, while each service, the gateway, NATS and Postgres is killed with SIGKILL and started
 * again, in turn. Then every acknowledged change must be stored exactly once, every event applied once, no clock
 * fired twice, no key stuck. Prints the table; exits 1 on any violation.
 */

const SERVICES = ['fault', 'provisioning', 'reporting'] as const;
const KILL_ORDER = ['fault', 'provisioning', 'reporting', 'gateway', 'nats', 'postgres'] as const;
const ROUNDS = Number(process.env.CHAOS_ROUNDS ?? 2);
const CLIENTS = Number(process.env.CHAOS_CLIENTS ?? 5);
const CIRCUITS = Number(process.env.CHAOS_CIRCUITS ?? 400);
/** No new kill starts after this long under load, so the whole run stays within about four minutes. */
const KILL_BUDGET_MS = Number(process.env.CHAOS_KILL_BUDGET_MS ?? 170_000);
const RECOVERY_BOUND_MS = 90_000;
const ADMIN_PASSWORD = 'chaos-admin-password';

const say = (line: string) => console.log(`[chaos] ${line}`);

async function until<T>(what: string, ms: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await sleep(500);
  }
}

class Run {
  readonly ws = new Workspace();
  readonly procs = new Map<string, Killable>();
  readonly kills: KillRecord[] = [];
  pg!: ChaosPostgres;
  /** A pool, so a connection broken by Postgres's kill -9 is replaced by a fresh one. */
  db!: Pool;
  gatewayUrl = '';
  token = '';

  client(): PlatformClient {
    const c = new PlatformClient(this.gatewayUrl);
    c.token = this.token;
    return c;
  }

  async infrastructure(): Promise<string> {
    if (spawnSync('nats-server', ['--version']).error) throw new Error('nats-server is not on the PATH (apt-get install nats-server)');
    const [pgPort, natsPort, httpPort] = [await freePort(), await freePort(), await freePort()];
    this.pg = new ChaosPostgres(pgPort, this.ws);
    await this.pg.init();
    await this.pg.start();
    this.procs.set('postgres', this.pg);
    const databaseUrl = `postgres://postgres:${this.pg.password}@127.0.0.1:${pgPort}/gem`;
    await ensureDatabase(databaseUrl);
    say(`Postgres on ${pgPort}, data in ${this.ws.dir}/pg`);

    const nats = new ChildService('nats', 'nats-server', ['-a', '127.0.0.1', '-p', String(natsPort), '-js', '-sd', join(this.ws.dir, 'nats')], process.env, this.ws);
    await nats.start();
    this.procs.set('nats', nats);
    await until('nats-server', 20_000, async () => ((await portOpen(natsPort)) ? true : undefined));
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
      NATS_URL: `nats://127.0.0.1:${natsPort}`,
      PORT: String(httpPort),
      HOST: '127.0.0.1',
      JWT_SECRET: randomUUID() + randomUUID(),
      ADMIN_PASSWORD,
      PASSWORD_HASH_COST: '10',
      RATE_LIMIT_PER_MINUTE: '1000000',
      OUTBOX_POLL_MS: '200',
    };
    for (const name of ['gateway', ...SERVICES]) {
      const entry = join(__dirname, '..', '..', 'apps', name, 'src', 'main.js');
      const svc = new ChildService(name, process.execPath, ['--enable-source-maps', entry], env, this.ws);
      await svc.start();
      this.procs.set(name, svc);
    }
    this.gatewayUrl = `http://127.0.0.1:${httpPort}`;
    return databaseUrl;
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
    for (const path of ['/api/v1/faults?limit=1', '/api/v1/customers?limit=1', '/api/v1/reports/summary']) {
      const res = await c.once('GET', path).catch(() => undefined);
      if (res?.status !== 200) return false;
    }
    return true;
  }

  async seed(): Promise<{ customer: Customer; circuits: string[] }> {
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
    const codes = Array.from({ length: CIRCUITS }, (_, i) => `CHAOS-${stamp}-${String(i).padStart(4, '0')}`);
    const queue = [...codes];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let code = queue.pop(); code; code = queue.pop()) {
          const circuit: Keyed = {
            key: `circuit-${code}`,
            path: '/api/v1/circuits',
            outcome: 'unknown',
            body: circuitRequest(code, customer.id),
          };
          await sendKeyed(c, circuit, 60_000);
          if (circuit.outcome !== 'acked') throw new Error(`could not create circuit ${code}: ${circuit.status}`);
        }
      }),
    );
    await until('the fault service learning every circuit', 120_000, async () => {
      const { rows } = await this.db.query('SELECT count(*)::int AS n FROM fault.known_circuit');
      return (rows[0] as { n: number }).n >= CIRCUITS ? true : undefined;
    });
    return { customer, circuits: codes };
  }

  async killAndRestart(target: string, round: number): Promise<KillRecord> {
    const proc = this.procs.get(target)!;
    const killedAt = Date.now();
    await proc.kill9();
    await sleep(1000);
    await proc.start();
    const record: KillRecord = { target, round };
    const recovered = await until(`recovery after kill -9 of ${target}`, RECOVERY_BOUND_MS, async () => ((await this.healthy()) ? true : undefined)).catch(() => false);
    if (recovered) record.recoverySeconds = (Date.now() - killedAt) / 1000;
    say(`kill -9 ${target} #${round}: ${recovered ? `recovered in ${record.recoverySeconds!.toFixed(1)} s` : 'NOT recovered'}`);
    return record;
  }

  async storm(load: Load): Promise<void> {
    const started = Date.now();
    await sleep(5000);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const target of KILL_ORDER) {
        if (Date.now() - started > KILL_BUDGET_MS) {
          say(`time budget used: skipping the rest of round ${round}`);
          return;
        }
        this.kills.push(await this.killAndRestart(target, round));
        await sleep(3000);
      }
    }
    say(`load ran ${((Date.now() - started) / 1000).toFixed(0)} s; ${load.ledger.opens.size} opens, ${load.ledger.feedbacks.size} feedbacks sent`);
  }

  async shutdown(failed: boolean): Promise<void> {
    await this.db?.end().catch(() => undefined);
    if (failed) for (const name of this.procs.keys()) console.log(`--- last lines of ${name}\n${this.ws.tail(name)}`);
    for (const name of ['gateway', ...SERVICES, 'nats']) await this.procs.get(name)?.stop();
    await this.pg?.stop();
    this.ws.remove();
  }
}

async function main(): Promise<number> {
  const run = new Run();
  let failed = true;
  const onSignal = () => void run.shutdown(true).finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const startedAt = Date.now();
    await run.infrastructure();
    await run.signIn();
    await until('the platform answering', 90_000, async () => ((await run.healthy()) ? true : undefined));
    const { customer, circuits } = await run.seed();
    say(`seeded a customer and ${circuits.length} circuits; load: ${CLIENTS} clients`);

    const load = new Load(() => run.client(), customer, circuits, new Ledger());
    load.start(CLIENTS, 300);
    try {
      await run.storm(load);
      await sleep(5000);
    } finally {
      await load.stop();
    }
    // No manual step since the last kill: a read through every service must succeed on its own.
    const recovered = await until('the platform answering after the storm', 60_000, async () => ((await run.healthy()) ? true : undefined)).catch(() => false);

    say('verifying...');
    const verdict = await verify(run.db, run.client(), load.ledger, run.kills);
    if (!recovered) verdict.violations.push('the platform did not answer within 60 s after the storm');
    console.log('');
    console.log(table(verdict, run.kills));
    console.log('');
    for (const fact of verdict.facts) say(fact);
    const other5xx = [...seen.other5xx].map(([s, n]) => `${s}×${n}`).join(', ') || 'none';
    say(`while retrying: ${seen.networkErrors} network errors, ${seen.unavailable}×503, ${seen.timeouts}×504, ${seen.inProgress}×409 in progress, other 5xx: ${other5xx}`);
    for (const example of seen.examples) say(`  unexpected: ${example}`);
    if (seen.examples.length > 0) {
      for (const name of ['gateway', ...SERVICES]) for (const line of run.ws.grep(name, /→ 5\d\d (?!SERVICE_UNAVAILABLE|GATEWAY_TIMEOUT)|\bINTERNAL\b|ERROR \[RpcError\]|Unhandled|uncaught/i)) console.log(`    ${line}`);
    }
    say(`total ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
    if (verdict.violations.length > 0) {
      say(`FAILED: ${verdict.violations.length} violation(s)`);
      for (const v of verdict.violations.slice(0, 50)) say(`  ${v}`);
      return 1;
    }
    failed = false;
    say('PASSED: every acknowledged change stored exactly once, every event applied once, no clock fired twice, no key stuck');
    return 0;
  } catch (err) {
    say(`FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await run.shutdown(failed).catch((err: unknown) => say(`shutdown: ${String(err)}`));
  }
}

void main().then((code) => process.exit(code));
