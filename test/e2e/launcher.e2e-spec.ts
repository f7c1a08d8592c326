import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expectEventually } from '../support/eventually';
import { createCircuit, openFault } from '../support/factories';
import { client, freshEnvironment } from '../support/platform';

const LAUNCHER = join(__dirname, '..', '..', 'dist', 'tools', 'start.js');

/** What `npm start` runs, as separate processes: migrations, five services, clean stop on Ctrl-C. */
describe('the launcher (npm start)', () => {
  let env: Awaited<ReturnType<typeof freshEnvironment>>;
  let child: ChildProcess;
  let output = '';
  const port = 3900 + Math.floor(Math.random() * 90);
  const base = `http://127.0.0.1:${port}`;

  beforeAll(async () => {
    if (!existsSync(LAUNCHER)) throw new Error('dist/ is missing: npm test builds it first (npm run build)');
    env = await freshEnvironment();
    child = spawn(process.execPath, [LAUNCHER], {
      env: { ...process.env, DATABASE_URL: env.databaseUrl, NATS_URL: env.natsUrl, PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  });

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await env.drop();
  });

  it('brings up all five services, serves the slice, and stops cleanly on SIGINT', async () => {
    await expectEventually(async () => {
      const health = await client(base).get('/health');
      expect(health.status).toBe(200);
    }, 30_000, 250);
    expect(output).toContain('Swagger  http://localhost:');
    expect(output).toMatch(/\[migrate\]\s+fault: (applied|schema up to date)/);

    // The administrator made at first start, with the development password the README gives.
    const login = await client(base).post('/api/v1/auth/login').send({ username: 'admin', password: 'admin-dev-password' }).expect(200);
    const api = client(base, login.body.accessToken);
    const customer = await api.post('/api/v1/customers').send({ code: 'LAUNCH-1', name: '某市政府', industry: 'government', tier: 'diamond' }).expect(201);
    const circuit = await createCircuit(() => api, customer.body);
    await openFault(() => api, customer.body, circuit, { channel: 'customer_manager' });
    await expectEventually(async () => {
      const summary = await api.get('/api/v1/reports/summary').expect(200);
      expect(summary.body.faultsOpened).toBe(1);
    });

    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('[platform]     stopped');
  });
});
