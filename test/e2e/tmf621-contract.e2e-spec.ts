import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expectEventually } from '../support/eventually';
import { createCircuit, createCustomer } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';

const V5 = '/tmf-api/troubleTicket/v5';
const SPECMATIC = join(__dirname, '..', '..', 'node_modules', 'specmatic', 'specmatic.jar');

/**
 * TMF621 v5's contract tests with Specmatic (npm package `specmatic`, run on Java 17: `.ci/run` installs Debian's
 * default-jre-headless): the served v5 document, with examples of this platform's own (TM Forum's inline examples
 * name customers, circuits and tickets that do not exist here, so they are left out of the copy Specmatic reads).
 * Specmatic sends each example's request to the running platform and checks the example and the answer against the
 * specification's schemas. `npx specmatic` exits 0 even when tests fail: the jar is run and its figures read.
 */
describe('TMF621 v5 contract tests (Specmatic)', () => {
  let platform: TestPlatform;
  let baseUrl: string;
  let dir: string;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'fault', 'notifier'], serviceEnv: { TMF_HUB_CALLBACK_HOSTS: '127.0.0.1' } });
    await platform.gateway.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(platform.gateway.getHttpServer().address() as { port: number }).port}`;
    dir = mkdtempSync(join(tmpdir(), 'tmf621-specmatic-'));
  });

  afterAll(async () => {
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes every contract test of the v5 operations it serves', async () => {
    const customer = await createCustomer(() => platform.http());
    await createCircuit(() => platform.http(), customer);
    const made = (await platform.http().post('/api/v1/system-clients').send({ name: 'contract tests', customerId: customer.id }).expect(201)).body;
    const grant = { grant_type: 'client_credentials', client_id: made.clientId, client_secret: made.clientSecret };
    const token = (await platform.anonymous().post('/api/v1/auth/token').type('form').send(grant).expect(200)).body.access_token as string;
    const http = () => platform.as(token);
    let ticket: { id: string } = { id: '' };
    await expectEventually(async () => {
      ticket = (await http().post(`${V5}/troubleTicket`).send({ description: 'Line down', severity: 'High', ticketType: 'connectivity' }).expect(201)).body;
    });
    const hub = (await http().post(`${V5}/hub`).send({ callback: 'http://127.0.0.1:9/listener' }).expect(201)).body as { id: string };

    const examples = join(dir, 'examples');
    mkdirSync(examples);
    // Each example is a request with the answer this platform gave it; Specmatic sends the request again.
    const example = async (name: string, method: 'get' | 'post' | 'patch', path: string, body?: object, contentType = 'application/json') => {
      const sent = http()[method](`${V5}${path}`);
      const res = await (body ? sent.set('content-type', contentType).send(JSON.stringify(body)) : sent);
      const request = { method: method.toUpperCase(), path, ...(body ? { headers: { 'Content-Type': contentType }, body } : {}) };
      const response = { status: res.status, ...(res.text ? { headers: { 'Content-Type': 'application/json' }, body: res.body as object } : {}) };
      writeFileSync(join(examples, `${name}.json`), JSON.stringify({ 'http-request': request, 'http-response': response }));
      return res.status;
    };
    expect(await example('create', 'post', '/troubleTicket', { '@type': 'TroubleTicket', description: 'Packet loss', severity: 'Minor', ticketType: 'performance' })).toBe(201);
    expect(await example('create-without-type', 'post', '/troubleTicket', { '@type': 'TroubleTicket', description: 'x', severity: 'High' })).toBe(400);
    expect(await example('list', 'get', '/troubleTicket')).toBe(200);
    expect(await example('get', 'get', `/troubleTicket/${ticket.id}`)).toBe(200);
    expect(await example('get-unknown', 'get', '/troubleTicket/46846846846')).toBe(404);
    expect(await example('patch', 'patch', `/troubleTicket/${ticket.id}`, { '@type': 'TroubleTicket', severity: 'Low' }, 'application/merge-patch+json')).toBe(200);
    expect(await example('subscribe', 'post', '/hub', { '@type': 'Hub', callback: 'http://127.0.0.1:9/listener' })).toBe(201);
    writeFileSync(join(examples, 'unsubscribe.json'), JSON.stringify({ 'http-request': { method: 'DELETE', path: `/hub/${hub.id}` }, 'http-response': { status: 204 } }));

    const doc = (await platform.anonymous().get(`${V5}/openapi.json`).expect(200)).body;
    writeFileSync(join(dir, 'tmf621-v5.json'), JSON.stringify(doc, (key, value: unknown) => (key === 'examples' || key === 'example' ? undefined : value)));
    const args = ['-jar', SPECMATIC, 'test', join(dir, 'tmf621-v5.json'), `--testBaseURL=${baseUrl}${V5}`, `--examples=${examples}`, '--strict'];
    // Specmatic sends the bearer token named after the document's security scheme (`bearer`).
    const run = await promisify(execFile)('java', args, { env: { ...process.env, bearer: token }, cwd: dir, maxBuffer: 64 * 1024 * 1024 }).catch(
      (err: { stdout?: string; stderr?: string; message: string }) => ({ stdout: err.stdout ?? '', stderr: `${err.message}\n${err.stderr ?? ''}` }),
    );
    if (/ENOENT/.test(run.stderr)) throw new Error('Java 17 is needed to run Specmatic: apt-get install default-jre-headless (as .ci/run does)');
    const figures = /Tests run: (\d+), Successes: (\d+), Failures: (\d+), WIP: (\d+), Errors: (\d+)/.exec(run.stdout);
    if (!figures || figures[3] !== '0' || figures[5] !== '0') console.log(run.stdout.split('\n').filter((l) => !l.startsWith('WARNING')).join('\n'), run.stderr);
    expect(figures?.slice(1).map(Number)).toEqual([8, 8, 0, 0, 0]);
  }, 180_000);
});
