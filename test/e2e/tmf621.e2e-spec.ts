import { Kvm } from '@nats-io/kv';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expectEventually } from '../support/eventually';
import { connectNats } from '@app/shared';
import { CircuitFixture, createCircuit, createCustomer, CustomerFixture, openFault } from '../support/factories';
import { ApiClient, startPlatform, TestPlatform } from '../support/platform';
import { HubDispatcher } from '../../apps/notifier/src/hub/hub-dispatcher';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const V4 = '/tmf-api/troubleTicket/v4/troubleTicket';
const V5 = '/tmf-api/troubleTicket/v5/troubleTicket';

interface CtkFigures {
  requests: number;
  assertions: number;
  failed: number;
  failures: string[];
}

/** TM Forum's conformance kit with newman's Node API (test/tmf/run-ctk.js, a process of its own), sent with this token. */
async function runCtk(baseUrl: string, token: string): Promise<CtkFigures> {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(__dirname, '..', 'tmf', 'run-ctk.js')], {
    env: { ...process.env, TMF_API_URL: `${baseUrl}/tmf-api/troubleTicket/v4`, TMF_TOKEN: token },
  });
  if (process.env.CTK_DEBUG) console.log(stderr);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as CtkFigures;
}

describe('TMF621 Trouble Ticket', () => {
  let platform: TestPlatform;
  let baseUrl: string;

  beforeAll(async () => {
    platform = await startPlatform({ serviceEnv: { TMF_HUB_CALLBACK_HOSTS: '127.0.0.1', TMF_HUB_POLL_MS: '100', TMF_HUB_MAX_ATTEMPTS: '3' } });
    await platform.gateway.listen(0, '127.0.0.1');
    const address = platform.gateway.getHttpServer().address() as { port: number };
    baseUrl = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await platform.close();
  });

  /** A system client an administrator makes (of a customer, or the operator's own), and its client_credentials token. */
  async function systemClient(customerId?: string): Promise<{ id: string; clientId: string; clientSecret: string; token: string }> {
    const made = (await platform.http().post('/api/v1/system-clients').send({ name: 'partner system', ...(customerId ? { customerId } : {}) }).expect(201)).body;
    const grant = await platform
      .anonymous()
      .post('/api/v1/auth/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: made.clientId, client_secret: made.clientSecret })
      .expect(200);
    expect(grant.body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: expect.any(Number) });
    return { ...made, token: grant.body.access_token };
  }

  /** A customer with one live circuit, known to the fault service, and a system of that customer. */
  async function partner(): Promise<{ customer: CustomerFixture; circuit: CircuitFixture; token: string; http: () => ApiClient }> {
    const customer = await createCustomer(() => platform.http(), { tier: 'gold' });
    const circuit = await createCircuit(() => platform.http(), customer);
    const { token } = await systemClient(customer.id);
    // The fault service learns of the circuit from provisioning's event.
    await expectEventually(async () => expect((await dbQuery(platform, 'SELECT 1 FROM fault.known_circuit WHERE id = $1', [circuit.id])).rows).toHaveLength(1));
    return { customer, circuit, token, http: () => platform.as(token) };
  }

  it("passes TM Forum's conformance kit (R18): 0 failed assertions of 182", async () => {
    // The kit's tickets name no customer and no circuit: the system's customer, and its only live circuit.
    const { token, http } = await partner();
    // The kit's figure of 182 counts lists holding one ticket more than it creates, of severity High and another type
    // (on an empty list it makes 158 assertions): the system reported one fault before.
    await http().post(V4).send({ description: 'An earlier report', severity: 'High', ticketType: 'problem' }).expect(201);
    const figures = await runCtk(baseUrl, token);
    expect(figures).toEqual({ requests: 14, assertions: 182, failed: 0, failures: [] });
  });

  it('gives system clients a client_credentials token for the TMF routes only', async () => {
    const { customer, token } = await partner();
    await platform.as(token).get('/api/v1/faults').expect(403);
    await platform.as(token).get(`/api/v1/customers/${customer.id}`).expect(403);
    const oss = await systemClient();
    await platform.as(oss.token).get(V4).expect(200);
    const basic = Buffer.from(`${oss.clientId}:${oss.clientSecret}`).toString('base64');
    await platform.anonymous().post('/api/v1/auth/token').set('authorization', `Basic ${basic}`).type('form').send({ grant_type: 'client_credentials' }).expect(200);
    const wrong = await platform.anonymous().post('/api/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: oss.clientId, client_secret: 'wrong' }).expect(401);
    expect(wrong.body).toMatchObject({ error: 'invalid_client' });
    await platform.http().delete(`/api/v1/system-clients/${oss.id}`).expect(204);
    await platform.anonymous().post('/api/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: oss.clientId, client_secret: oss.clientSecret }).expect(401);
    // People cannot hold the system clients' role.
    await platform.http().post('/api/v1/users').send({ username: 'robot', displayName: 'robot', password: 'password-of-robot', roles: ['tmf_client'] }).expect(400);
  });

  it('refuses the TMF routes without a token, in the TMF error shape', async () => {
    const res = await platform.anonymous().get(V4).expect(401);
    expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'Unauthorized', status: '401' });
    expect(res.body.message).toEqual(expect.any(String));
  });

  it('serves the TMF OpenAPI documents beside the platform’s own', async () => {
    const v4 = (await platform.anonymous().get('/tmf-api/troubleTicket/v4/openapi.json').expect(200)).body;
    expect(v4).toMatchObject({ swagger: '2.0', basePath: '/tmf-api/troubleTicket/v4' });
    expect(Object.keys(v4.paths)).toEqual(['/troubleTicket', '/troubleTicket/{id}', '/hub', '/hub/{id}']);
    const v5 = (await platform.anonymous().get('/tmf-api/troubleTicket/v5/openapi.json').expect(200)).body;
    expect(v5).toMatchObject({ openapi: expect.stringMatching(/^3\./), servers: [{ url: '/tmf-api/troubleTicket/v5' }] });
  });

  it('maps a ticket opened through TMF onto fault handling: the NOC’s ticket, its status machine, dates, notes and closure cause', async () => {
    const { customer, circuit, http } = await partner();
    const body = {
      name: '视频会议专线中断',
      description: 'Video conference line down since 10:00',
      severity: 'Critical',
      ticketType: 'connectivity',
      externalId: 'PARTNER-4711',
      note: [{ author: 'ignored', text: 'Customer reports LOS on the CPE' }],
      attachment: [{ name: 'alarm.txt', mimeType: 'text/plain', url: 'https://partner.example/alarms/1' }],
      relatedParty: [{ id: customer.code, role: 'customer', '@referredType': 'Organization' }],
      relatedEntity: [{ id: circuit.code, role: 'circuit', '@referredType': 'Circuit' }],
    };
    const res = await http().post(V4).send(body).expect(201);
    const created: Json = res.body;
    expect(res.headers.location).toBe(`${V4}/${created.id}`);
    expect(created).toMatchObject({
      href: `${V4}/${created.id}`,
      status: 'acknowledged',
      severity: 'Critical',
      ticketType: 'connectivity',
      externalId: 'PARTNER-4711',
      channel: { id: 'partner' },
      relatedParty: [{ id: customer.id, role: 'customer', '@referredType': 'Organization' }],
      relatedEntity: [{ id: circuit.id, name: circuit.code, role: 'circuit', '@referredType': 'Circuit' }],
      statusChange: [{ status: 'acknowledged' }],
    });
    expect(created.note[0]).toMatchObject({ text: 'Customer reports LOS on the CPE', author: expect.stringMatching(/^tmf-/) });
    const number = created.troubleTicketCharacteristic.find((c: Json) => c.name === 'faultTicketNumber').value;

    // The NOC sees the same ticket, opened through the partner channel, and drives it through the platform's own routes.
    const faults = (await platform.http().get('/api/v1/faults').query({ circuitCode: circuit.code }).expect(200)).body.items;
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({ number, channel: 'partner', symptom: body.description });
    const fault = faults[0].id as string;
    const action = (path: string, b: object) => platform.http().post(`/api/v1/faults/${fault}/${path}`).send(b).expect(200);
    await action('dispatch', { legs: [{ unit: '广州本地网', segment: 'a_access' }, { unit: '北京本地网', segment: 'z_access' }] });
    expect((await http().get(`${V4}/${created.id}`).expect(200)).body.status).toBe('inProgress');
    // Dispatched, it is the NOC's to cancel: the client can no longer withdraw it.
    const handled = await http().delete(`${V4}/${created.id}`).expect(409);
    expect(handled.body).toMatchObject({ code: 'CONFLICT', status: '409', message: expect.stringMatching(/inProgress/) });
    await action('restore', {});
    const resolved = (await http().get(`${V5}/${created.id}`).expect(200)).body;
    expect(resolved).toMatchObject({ status: 'resolved', resolutionDate: expect.any(String), externalIdentifier: [{ id: 'PARTNER-4711' }] });
    expect(resolved.statusChangeHistory.map((s: Json) => s.status)).toEqual(['acknowledged', 'inProgress', 'resolved']);
    expect(resolved.relatedEntity[0]).toMatchObject({ role: 'circuit', entity: { id: circuit.id, name: circuit.code } });
    await action('close', {
      causeCategory: 'customer_equipment',
      causeSegment: 'customer_premises',
      causeDescription: '客户路由器故障，重启后恢复',
      customerFacingCause: '传输线路瞬断',
      customerConfirmedBy: '张工',
    });
    const closed = (await http().get(`${V4}/${created.id}`).expect(200)).body;
    expect(closed.status).toBe('closed');
    expect(closed.troubleTicketCharacteristic).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'closureCause', value: '传输线路瞬断' })]));
    expect(JSON.stringify(closed)).not.toContain('客户路由器故障');
    expect(Date.parse(closed.expectedResolutionDate)).toBeGreaterThan(Date.parse(closed.creationDate));

    // The list filters by TMF status and attributes, with the counts in headers.
    const list = await http().get(V4).query({ status: 'closed', severity: 'Critical', fields: 'id,status' }).expect(200);
    expect(list.body).toEqual([{ id: created.id, status: 'closed' }]);
    expect(list.headers).toMatchObject({ 'x-total-count': '1', 'x-result-count': '1' });
  });

  it('patches with JSON merge patch (and plain JSON), refusing server-set fields; DELETE withdraws the client’s own report; unknown ids are 404', async () => {
    const { http, customer, circuit } = await partner();
    const created: Json = (await http().post(V5).send({ description: 'Packet loss', severity: 'Minor', ticketType: 'performance', priority: '3' }).expect(201)).body;
    const url = `${V5}/${created.id}`;
    const patched = await http()
      .patch(url)
      .set('content-type', 'application/merge-patch+json')
      .send(JSON.stringify({ severity: 'Major', priority: null, note: [{ text: 'Loss rose to 5%' }] }))
      .expect(200);
    expect(patched.body).toMatchObject({ severity: 'Major', note: [{ text: 'Loss rose to 5%' }] });
    expect(patched.body.priority).toBeUndefined();
    const again = await http().patch(url).send({ note: [...patched.body.note, { text: 'Back to normal' }] }).expect(200);
    expect(again.body.note.map((n: Json) => n.text)).toEqual(['Loss rose to 5%', 'Back to normal']);

    for (const refused of [{ status: 'closed' }, { id: 'x' }, { creationDate: '2026-01-01T00:00:00Z' }, { relatedParty: [] }, { description: null }]) {
      const res = await http().patch(url).set('content-type', 'application/merge-patch+json').send(JSON.stringify(refused)).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', status: '400', reason: 'Bad Request' });
    }
    await http().patch(url).set('content-type', 'text/plain').send('severity=Major').expect(415);
    // DELETE: only the client that opened the report may withdraw it; before dispatch its fault ticket is cancelled.
    const colleague = await systemClient(customer.id);
    expect((await platform.as(colleague.token).delete(url).expect(403)).body).toMatchObject({ code: 'FORBIDDEN', status: '403' });
    await http().delete(url).expect(204);
    await http().get(url).expect(404);
    await http().delete(url).expect(404);
    const faults = (await platform.http().get('/api/v1/faults').query({ circuitCode: circuit.code }).expect(200)).body.items as Json[];
    expect(faults.map((f) => f.status)).toEqual(['cancelled']);
    await http().get(`${V5}/46846846846`).expect(404);
    await http().get(`${V5}/00000000-0000-4000-8000-000000000000`).expect(404);

    const missing = await http().post(V5).send({ description: 'x', severity: 'High' }).expect(400);
    expect(missing.body).toEqual({ '@type': 'Error', code: 'VALIDATION_FAILED', reason: 'Bad Request', status: '400', message: 'Invalid TroubleTicket: ticketType is required' });
    await http().post(V5).send({ description: 'x', severity: 'High', ticketType: 'a', note: { author: 'n' } }).expect(400);
  });

  it("confines a customer's system to its own customer's tickets", async () => {
    const a = await partner();
    const b = await partner();
    const created: Json = (await a.http().post(V4).send({ description: 'down', severity: 'High', ticketType: 'connectivity' }).expect(201)).body;
    await b.http().get(`${V4}/${created.id}`).expect(404);
    await b.http().patch(`${V4}/${created.id}`).send({ severity: 'Low' }).expect(404);
    expect((await b.http().get(V4).expect(200)).body.map((t: Json) => t.id)).not.toContain(created.id);
    // Naming another customer's circuit is as naming none of its own.
    await b.http().post(V4).send({ description: 'x', severity: 'High', ticketType: 'a', relatedEntity: [{ id: a.circuit.code, role: 'circuit', '@referredType': 'Circuit' }] }).expect(422);
  });
  it('tries a failing subscriber again after 1 s and 2 s, and gives the event up as dead after TMF_HUB_MAX_ATTEMPTS', async () => {
    const { http } = await partner();
    const attempts: string[] = [];
    const server: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        attempts.push(platform.clock.now().toISOString());
        res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    let subscription: Json = {};
    const dispatcher = platform.service('notifier').get(HubDispatcher);
    /** After a whole dispatcher round: what was due by the clock has been tried, and nothing else. */
    const attemptsAfterRound = async () => {
      await dispatcher.afterNextRound();
      return attempts.length;
    };
    const row = async () =>
      (await dbQuery(platform, 'SELECT status, attempts, next_attempt_at, last_error FROM notifier.hub_delivery WHERE subscription_id = $1', [subscription.id])).rows;
    try {
      const port = (server.address() as { port: number }).port;
      subscription = (await http().post('/tmf-api/troubleTicket/v5/hub').send({ callback: `http://127.0.0.1:${port}/failing`, query: 'eventType=TroubleTicketCreateEvent' }).expect(201)).body;
      await http().post(V5).send({ description: 'x', severity: 'High', ticketType: 'connectivity' }).expect(201);
      await expectEventually(async () => expect(await row()).toEqual([expect.objectContaining({ attempts: 1, last_error: 'HTTP 500' })]), 15_000);
      const first = platform.clock.now();
      expect((await row())[0].next_attempt_at).toEqual(new Date(first.getTime() + 1000));
      // Not again before a second has passed on the platform's clock; at the second it is.
      platform.clock.advance(999);
      expect(await attemptsAfterRound()).toBe(1);
      platform.clock.advance(1);
      await expectEventually(async () => expect(await row()).toEqual([expect.objectContaining({ attempts: 2, next_attempt_at: new Date(first.getTime() + 1000 + 2000) })]));
      platform.clock.advance(1999);
      expect(await attemptsAfterRound()).toBe(2);
      platform.clock.advance(1);
      await expectEventually(async () => expect(await row()).toEqual([{ status: 'dead', attempts: 3, next_attempt_at: null, last_error: 'HTTP 500' }]));
      expect(attempts).toEqual([first, new Date(first.getTime() + 1000), new Date(first.getTime() + 3000)].map((d) => d.toISOString()));
      // Dead: no more attempts however long one waits.
      platform.clock.advance(3_600_000);
      expect(await attemptsAfterRound()).toBe(3);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('posts the create, status change and resolved events of a ticket to a hub subscriber once each, also across a restart of the notifier', async () => {
    const a = await partner();
    const b = await partner();
    const received: Array<{ path: string; body: Json }> = [];
    let refuseNext = true;
    const server: Server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString('utf8')));
      req.on('end', () => {
        // The first delivery fails once: it is tried again.
        if (refuseNext) {
          refuseNext = false;
          res.writeHead(503).end();
          return;
        }
        received.push({ path: req.url ?? '', body: JSON.parse(text) as Json });
        res.writeHead(201).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const hub = '/tmf-api/troubleTicket/v4/hub';
      const subscription = await a.http().post(hub).send({ callback: `http://127.0.0.1:${port}/listener`, query: null }).expect(201);
      expect(subscription.headers.location).toBe(`${hub}/${subscription.body.id}`);
      // Another customer's system hears nothing of this customer's tickets.
      await b.http().post(hub).send({ callback: `http://127.0.0.1:${port}/other-customer` }).expect(201);
      const refused = await a.http().post(hub).send({ callback: 'http://169.254.169.254/latest/meta-data' }).expect(400);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', status: '400', message: expect.stringContaining('not allowed') });
      await a.http().post(hub).send({ callback: `http://127.0.0.1:${port}/x`, query: 'eventType=Nonsense' }).expect(400);

      const created = (await a.http().post(V4).send({ description: 'hub test', severity: 'High', ticketType: 'connectivity' }).expect(201)).body;
      const fault = (await platform.http().get('/api/v1/faults').query({ circuitCode: a.circuit.code }).expect(200)).body.items[0].id as string;
      const action = (path: string) =>
        platform
          .http()
          .post(`/api/v1/faults/${fault}/${path}`)
          .send(path === 'dispatch' ? { legs: [{ unit: '广州本地网', segment: 'a_access' }, { unit: '北京本地网', segment: 'z_access' }] } : {})
          .expect(200);
      const seen = () => received.filter((r) => r.path === '/listener').map((r) => `${r.body.eventType}:${r.body.event.troubleTicket.status}`);
      // The first attempt is refused (503); it is tried again a second later by the platform's clock.
      await expectEventually(async () => expect(refuseNext).toBe(false), 15_000);
      platform.clock.advance(1000);
      await expectEventually(async () => expect(seen()).toEqual(['TroubleTicketCreateEvent:acknowledged']), 15_000);
      await action('dispatch');
      await expectEventually(async () => expect(seen()).toContain('TroubleTicketStatusChangeEvent:inProgress'), 15_000);

      // The notifier is down while the ticket is restored; started again, it delivers what it missed.
      await platform.stopService('notifier');
      await action('restore');
      await platform.startService('notifier');
      const all = ['TroubleTicketCreateEvent:acknowledged', 'TroubleTicketStatusChangeEvent:inProgress', 'TroubleTicketStatusChangeEvent:resolved', 'TroubleTicketResolvedEvent:resolved'];
      await expectEventually(async () => expect(seen()).toEqual(all), 15_000);
      await expectEventually(async () => {
        const { rows } = await dbQuery(platform, "SELECT status, count(*)::int AS n FROM notifier.hub_delivery WHERE subscription_id = $1 GROUP BY status", [subscription.body.id]);
        expect(rows).toEqual([{ status: 'sent', n: 4 }]);
      });
      expect(seen()).toEqual(all);
      expect(received.filter((r) => r.path === '/listener').every((r) => r.body.event.troubleTicket.id === created.id)).toBe(true);
      expect(received.filter((r) => r.path === '/other-customer')).toEqual([]);

      await a.http().delete(`${hub}/${subscription.body.id}`).expect(204);
      await a.http().delete(`${hub}/${subscription.body.id}`).expect(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('announces a report its client withdraws to the hub as deleted, its fault ticket cancelled with it', async () => {
    const c = await partner();
    const received: Json[] = [];
    const server: Server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => {
        received.push(JSON.parse(text) as Json);
        res.writeHead(201).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      await c.http().post('/tmf-api/troubleTicket/v4/hub').send({ callback: `http://127.0.0.1:${port}/listener` }).expect(201);
      const withdrawn = (await c.http().post(V4).send({ description: 'sent in error', severity: 'High', ticketType: 'connectivity' }).expect(201)).body;
      await c.http().delete(`${V4}/${withdrawn.id}`).expect(204);
      const seen = () => received.filter((r) => r.event.troubleTicket.id === withdrawn.id).map((r) => `${r.eventType}:${r.event.troubleTicket.status}`);
      await expectEventually(async () => expect(seen()).toEqual(['TroubleTicketCreateEvent:acknowledged', 'TroubleTicketDeleteEvent:cancelled']), 15_000);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('opens a TMF ticket exactly once: a create retried with its Idempotency-Key after the gateway forgot it gets the same answer', async () => {
    const { customer, circuit, token, http } = await partner();
    const body = { description: 'Retried report', severity: 'High', ticketType: 'connectivity', externalId: 'RETRY-1' };
    const first = await http().post(V4).set('Idempotency-Key', 'tmf-retry-1').send(body).expect(201);
    // The gateway's record is gone (its lease ran out, or its bucket was lost): the retry reaches the fault service.
    const nc = await connectNats(platform.natsUrl, 'tmf621-test');
    try {
      const sub = (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sub: string }).sub;
      const kvKey = createHash('sha256').update(`${sub} POST ${V4} tmf-retry-1`).digest('hex');
      const kv = await new Kvm(nc).open('idempotency');
      expect(await kv.get(kvKey)).toMatchObject({ operation: 'PUT' });
      await kv.delete(kvKey);
    } finally {
      await nc.close();
    }
    const again = await http().post(V4).set('Idempotency-Key', 'tmf-retry-1').send(body).expect(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    const faults = (await platform.http().get('/api/v1/faults').query({ circuitCode: circuit.code }).expect(200)).body.items;
    expect(faults).toEqual([expect.objectContaining({ duplicateReports: 0 })]);
    expect((await dbQuery(platform, 'SELECT id FROM fault.tmf_ticket WHERE customer_id = $1', [customer.id])).rows).toEqual([{ id: first.body.id }]);
    // The same key with another body is refused by the service's own record too.
    await http().post(V4).set('Idempotency-Key', 'tmf-retry-1').send({ ...body, severity: 'Low' }).expect(422);
  });

  it('opens nothing when the TMF report cannot be recorded: the fault ticket, its clocks and events roll back with it', async () => {
    const { customer, circuit, http } = await partner();
    // A failure after the intake's writes: the TMF report's row is refused by a constraint the test adds.
    await dbQuery(platform, "ALTER TABLE fault.tmf_ticket ADD CONSTRAINT e2e_refused CHECK (description <> 'refused by the test')", []);
    try {
      const res = await http().post(V4).send({ description: 'refused by the test', severity: 'High', ticketType: 'connectivity' });
      expect(res.status).toBeGreaterThanOrEqual(500);
    } finally {
      await dbQuery(platform, 'ALTER TABLE fault.tmf_ticket DROP CONSTRAINT e2e_refused', []);
    }
    expect((await dbQuery(platform, 'SELECT id FROM fault.ticket WHERE circuit_code = $1', [circuit.code])).rows).toEqual([]);
    expect((await dbQuery(platform, "SELECT id FROM fault.outbox WHERE envelope->'data'->>'customerId' = $1", [customer.id])).rows).toEqual([]);
    // The report sent again opens the ticket, once.
    await http().post(V4).send({ description: 'sent again', severity: 'High', ticketType: 'connectivity' }).expect(201);
    expect((await dbQuery(platform, 'SELECT id FROM fault.ticket WHERE circuit_code = $1', [circuit.code])).rows).toHaveLength(1);
  });

  it('shows every ticket as a TroubleTicket: one the NOC opened reaches the customer’s systems (list, get, hub), not another customer’s', async () => {
    const a = await partner();
    const b = await partner();
    const oss = await systemClient();
    const received: Array<{ path: string; body: Json }> = [];
    const server: Server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString('utf8')));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(text) as Json });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      await a.http().post('/tmf-api/troubleTicket/v5/hub').send({ callback: `http://127.0.0.1:${port}/a` }).expect(201);
      await b.http().post('/tmf-api/troubleTicket/v5/hub').send({ callback: `http://127.0.0.1:${port}/b` }).expect(201);
      await platform.as(oss.token).post('/tmf-api/troubleTicket/v4/hub').send({ callback: `http://127.0.0.1:${port}/oss`, query: 'eventType=TroubleTicketCreateEvent' }).expect(201);

      // The NOC opens the ticket from a call to the hotline and drives it through its own routes.
      const fault = await openFault(() => platform.http(), a.customer, a.circuit, { channel: 'hotline' });
      const action = (path: string) =>
        platform
          .http()
          .post(`/api/v1/faults/${fault.id}/${path}`)
          .send(path === 'dispatch' ? { legs: [{ unit: '广州本地网', segment: 'a_access' }, { unit: '北京本地网', segment: 'z_access' }] } : {})
          .expect(200);
      const seen = (path: string) => received.filter((r) => r.path === path && r.body.event.troubleTicket.id === fault.id).map((r) => `${r.body.eventType}:${r.body.event.troubleTicket.status}`);
      await expectEventually(async () => expect(seen('/a')).toEqual(['TroubleTicketCreateEvent:acknowledged']), 15_000);
      await action('dispatch');
      await expectEventually(async () => expect(seen('/a')).toContain('TroubleTicketStatusChangeEvent:inProgress'), 15_000);
      await action('restore');
      const all = ['TroubleTicketCreateEvent:acknowledged', 'TroubleTicketStatusChangeEvent:inProgress', 'TroubleTicketStatusChangeEvent:resolved', 'TroubleTicketResolvedEvent:resolved'];
      await expectEventually(async () => expect(seen('/a')).toEqual(all), 15_000);
      await expectEventually(async () => expect(seen('/oss')).toEqual(['TroubleTicketCreateEvent:acknowledged']), 15_000);
      const created = received.find((r) => r.path === '/a')!.body.event.troubleTicket as Json;
      expect(created).toMatchObject({ id: fault.id, href: `${V5}/${fault.id}`, description: fault.symptom, ticketType: 'fault', severity: 'Major', channel: { id: 'hotline' } });
      expect(created.troubleTicketCharacteristic).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'channel', value: 'hotline' }), expect.objectContaining({ name: 'faultTicketNumber', value: fault.number })]));

      // Listed and read through both versions by the customer's system, as the customer's view.
      const v4 = (await a.http().get(`${V4}/${fault.id}`).expect(200)).body;
      expect(v4).toMatchObject({ id: fault.id, status: 'resolved', statusChange: [{ status: 'acknowledged' }, { status: 'inProgress' }, { status: 'resolved' }], relatedEntity: [{ id: a.circuit.id, role: 'circuit' }] });
      const v5 = (await a.http().get(`${V5}/${fault.id}`).expect(200)).body;
      expect(v5.statusChangeHistory.map((s: Json) => s.status)).toEqual(['acknowledged', 'inProgress', 'resolved']);
      const listed = await a.http().get(V5).query({ ticketType: 'fault' }).expect(200);
      expect(listed.body.map((t: Json) => t.id)).toEqual([fault.id]);
      expect(listed.headers).toMatchObject({ 'x-total-count': '1', 'x-result-count': '1' });
      expect((await a.http().get(V4).query({ status: 'resolved', fields: 'id' }).expect(200)).body).toEqual([{ id: fault.id }]);
      // Its report is the operator's: the customer's system adds notes and attachments, and changes nothing else.
      const conflict = await a.http().patch(`${V4}/${fault.id}`).send({ severity: 'Low', note: [{ text: 'x' }] }).expect(409);
      expect(conflict.body).toMatchObject({ code: 'CONFLICT', status: '409', message: expect.stringMatching(/severity is the NOC's/) });
      const noted = await a.http().patch(`${V5}/${fault.id}`).send({ note: [{ text: 'Our CPE was rebooted at 10:00' }], attachment: [{ url: 'https://partner.example/log.txt', mimeType: 'text/plain' }] }).expect(200);
      expect(noted.body).toMatchObject({ id: fault.id, description: fault.symptom, note: [{ text: 'Our CPE was rebooted at 10:00' }], attachment: [{ url: 'https://partner.example/log.txt' }] });
      expect((await a.http().get(`${V4}/${fault.id}`).expect(200)).body.note).toHaveLength(1);
      await a.http().delete(`${V4}/${fault.id}`).expect(403);
      await expectEventually(async () => expect(seen('/a')).toEqual([...all, 'TroubleTicketAttributeValueChangeEvent:resolved']), 15_000);

      // Another customer's system neither reads, lists nor hears of it.
      await b.http().get(`${V4}/${fault.id}`).expect(404);
      await b.http().get(`${V5}/${fault.id}`).expect(404);
      expect((await b.http().get(V4).expect(200)).body).toEqual([]);
      expect(received.filter((r) => r.path === '/b')).toEqual([]);

      // A ticket opened through TMF is one TroubleTicket, under its TMF id only.
      const tmf = (await b.http().post(V4).send({ description: 'via TMF', severity: 'High', ticketType: 'connectivity' }).expect(201)).body;
      const fromTmf = (await platform.http().get('/api/v1/faults').query({ circuitCode: b.circuit.code }).expect(200)).body.items[0].id as string;
      expect((await b.http().get(V4).expect(200)).body.map((t: Json) => t.id)).toEqual([tmf.id]);
      await b.http().get(`${V4}/${fromTmf}`).expect(404);
      expect(seen('/a')).toEqual([...all, 'TroubleTicketAttributeValueChangeEvent:resolved']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

async function dbQuery(platform: TestPlatform, sql: string, params: unknown[]): Promise<{ rows: Json[] }> {
  const { Client } = await import('pg');
  const db = new Client({ connectionString: platform.databaseUrl });
  await db.connect();
  try {
    return await db.query(sql, params);
  } finally {
    await db.end();
  }
}
