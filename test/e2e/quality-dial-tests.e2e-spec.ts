import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { connectNats, DialTestRequestedData, DialTestResultReply, EVENTS_STREAM, EventEnvelope, QUALITY_SETTINGS_DEFAULTS } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { CircuitFixture, createCircuit, createCustomer, CustomerFixture, openFault } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';
import { Client } from 'pg';
import { DialTestExpiry } from '../../apps/quality/src/dial-tests/dial-test-expiry.service';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('quality monitoring: dial tests', () => {
  let platform: TestPlatform;
  let customer: CustomerFixture;
  let circuit: CircuitFixture;
  let ticket: { id: string; number: string };
  let probe: NatsConnection;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'fault', 'quality'] });
    customer = await createCustomer(http);
    circuit = await createCircuit(http, customer, { serviceType: 'mstp', grade: 'AA' });
    ticket = await openFault(http, customer, circuit);
    probe = await connectNats(platform.natsUrl, 'test-probe-system');
  });

  afterAll(async () => {
    await probe.close();
    await platform.close();
  });

  const http = () => platform.http();
  const timelineOf = async (id: string) => {
    const body = (await http().get(`/api/v1/faults/${id}/timeline`).expect(200)).body;
    return (Array.isArray(body) ? body : body.items) as Json[];
  };
  const at = (minutesAgo: number) => new Date(platform.clock.now().getTime() - minutesAgo * 60_000).toISOString();

  it('asks from the ticket: the request is an event a probe system consumes from the stream, its failed result is recorded and attached to the open ticket', async () => {
    // The outside probe system: a durable consumer of the requests on the platform's event stream.
    const jsm = await jetstreamManager(probe);
    await jsm.consumers.add(EVENTS_STREAM, {
      durable_name: 'test-probe',
      filter_subject: 'evt.quality.dial-test.requested.v1',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
    });
    // Quality learns of the ticket from fault's events.
    let requested: Json = {};
    await expectEventually(async () => {
      const res = await http().post(`/api/v1/faults/${ticket.id}/dial-tests`).send({ kind: 'path', note: '定位中断段落' });
      expect(res.status).toBe(201);
      requested = res.body;
    });
    expect(requested).toMatchObject({ kind: 'path', status: 'requested', circuitId: circuit.id, ticketId: ticket.id, requestedBy: 'admin' });

    const consumer = await jetstream(probe).consumers.get(EVENTS_STREAM, 'test-probe');
    const msg = await consumer.next({ expires: 10_000 });
    expect(msg).not.toBeNull();
    const envelope = msg!.json<EventEnvelope<DialTestRequestedData>>();
    expect(envelope).toMatchObject({ type: 'evt.quality.dial-test.requested.v1', subjectId: circuit.id });
    expect(envelope.data).toMatchObject({ dialTestId: requested.dialTestId, kind: 'path', circuitCode: circuit.code, ticketId: ticket.id, ticketNumber: ticket.number, serviceType: 'mstp' });
    msg!.ack();

    // Its answer: a failed path test placing the fault on the Z-end access, on JetStream.
    const outcomes = probe.subscribe('quality.dial-outcomes.probe-east', { max: 1 });
    await jetstream(probe).publish(
      'quality.dial-results.probe-east',
      JSON.stringify({
        dialTestId: envelope.data.dialTestId,
        outcome: 'failed',
        startedAt: at(2),
        finishedAt: at(1),
        path: { hops: [{ hop: 1, address: '10.1.0.1', rttMs: 1.2 }, { hop: 2, address: '10.2.0.1', rttMs: 3.4 }, { hop: 3, address: '10.3.0.9', lost: true }] },
        faultySegment: 'z_access',
        faultyHop: 3,
        detail: 'hop 3 (Z-end access switch) does not answer',
      }),
    );
    let outcome: DialTestResultReply | undefined;
    for await (const m of outcomes) outcome = m.json<DialTestResultReply>();
    expect(outcome).toEqual({ dialTestId: requested.dialTestId, outcome: 'failed', replayed: false, ticketId: ticket.id });

    // Recorded per circuit and per ticket, and on the ticket's timeline as evidence of the faulty segment.
    const recorded = (await http().get(`/api/v1/quality/dial-tests/${requested.dialTestId}`).expect(200)).body;
    expect(recorded).toMatchObject({ status: 'failed', source: 'probe-east', faultySegment: 'z_access', faultyHop: 3, path: { hops: expect.any(Array) } });
    expect((await http().get(`/api/v1/faults/${ticket.id}/dial-tests`).expect(200)).body.items.map((d: Json) => d.dialTestId)).toEqual([requested.dialTestId]);
    expect((await http().get('/api/v1/quality/dial-tests').query({ circuitId: circuit.id, status: 'failed' }).expect(200)).body.items).toHaveLength(1);
    expect((await http().get('/api/v1/quality/dial-tests').query({ circuitId: circuit.id, status: 'passed' }).expect(200)).body.items).toHaveLength(0);
    await expectEventually(async () => {
      const evidence = (await timelineOf(ticket.id)).filter((r) => r.type === 'dial-test');
      expect(evidence).toHaveLength(1);
      expect(evidence[0]).toMatchObject({ by: 'quality-dial-test:probe-east', detail: { dialTestId: requested.dialTestId, kind: 'path', outcome: 'failed', faultySegment: 'z_access', faultyHop: 3 } });
    });

    // The same result again (a redelivery): the first answer, recorded once.
    const again = probe.subscribe('quality.dial-outcomes.probe-east', { max: 1 });
    await jetstream(probe).publish('quality.dial-results.probe-east', JSON.stringify({ dialTestId: requested.dialTestId, outcome: 'passed', startedAt: at(1), finishedAt: at(0), path: { hops: [] } }));
    for await (const m of again) expect(m.json()).toEqual({ dialTestId: requested.dialTestId, outcome: 'failed', replayed: true, ticketId: ticket.id });
    // A message that is not a result is refused with the reason, never dropped silently.
    const refused = probe.subscribe('quality.dial-outcomes.probe-east', { max: 1 });
    await jetstream(probe).publish('quality.dial-results.probe-east', JSON.stringify({ dialTestId: 'nope', outcome: 'broken' }));
    for await (const m of refused) expect(m.json<Json>().refused).toMatch(/dialTestId.*outcome/s);
  });

  it("shows a customer's user its own circuits' dial tests without the internal parts, and another customer's none", async () => {
    const own = await platform.user(['customer_user'], customer.id);
    const [test] = (await own.http().get(`/api/v1/faults/${ticket.id}/dial-tests`).expect(200)).body.items as Json[];
    expect(test).toMatchObject({ status: 'failed', kind: 'path', faultySegment: 'z_access', circuitCode: circuit.code });
    for (const internal of ['requestedBy', 'source', 'path', 'faultyHop', 'detail', 'note']) expect(test).not.toHaveProperty(internal);
    await own.http().get(`/api/v1/quality/dial-tests/${test.dialTestId}`).expect(200);
    // Asking for a test is the operator's: a customer's user may not.
    await own.http().post(`/api/v1/faults/${ticket.id}/dial-tests`).send({ kind: 'ping' }).expect(403);
    const stranger = await platform.user(['customer_user'], (await createCustomer(http)).id);
    await stranger.http().get(`/api/v1/quality/dial-tests/${test.dialTestId}`).expect(404);
    await stranger.http().get(`/api/v1/faults/${ticket.id}/dial-tests`).expect(404);
    await http().get(`/api/v1/faults/${randomUUID()}/dial-tests`).expect(404);
    expect((await stranger.http().get('/api/v1/quality/dial-tests').query({ customerId: customer.id }).expect(200)).body.items).toEqual([]);
  });

  it('takes results and samples from a feed client (client_credentials), which may read nothing', async () => {
    const client = (await http().post('/api/v1/system-clients').send({ name: 'Probe system east', role: 'feed_client' }).expect(201)).body;
    expect(client).toMatchObject({ role: 'feed_client', clientId: expect.stringMatching(/^feed-/) });
    // An operator's own system: a feed client has no customer.
    const withCustomer = await http().post('/api/v1/system-clients').send({ name: 'x', role: 'feed_client', customerId: customer.id }).expect(400);
    expect(withCustomer.body.errors).toEqual([{ field: 'customerId', reason: 'not with role feed_client' }]);
    const grant = { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret };
    const token = (await platform.anonymous().post('/api/v1/auth/token').type('form').send(grant).expect(200)).body.access_token as string;
    const feed = () => platform.as(token);

    // A test the probe ran on its own: named by circuit and kind; failed, so evidence for the open ticket too.
    const own = { dialTestId: randomUUID(), circuitCode: circuit.code, kind: 'ping', outcome: 'failed', startedAt: at(3), finishedAt: at(2), ping: { sent: 100, received: 60, rttAvgMs: 80 }, faultySegment: 'backbone' };
    const reply = (await feed().post('/api/v1/quality/dial-tests/results').send(own).expect(200)).body;
    expect(reply).toEqual({ dialTestId: own.dialTestId, outcome: 'failed', replayed: false, ticketId: ticket.id });
    expect((await feed().post('/api/v1/quality/dial-tests/results').send(own).expect(200)).body.replayed).toBe(true);
    expect((await http().get(`/api/v1/quality/dial-tests/${own.dialTestId}`).expect(200)).body).toMatchObject({ source: client.clientId, status: 'failed', ping: { sent: 100, received: 60 } });
    await expectEventually(async () => expect((await timelineOf(ticket.id)).filter((r) => r.type === 'dial-test')).toHaveLength(2));
    const samples = [{ circuitCode: circuit.code, at: at(5), latencyMs: 12 }];
    // Its samples are its own: the source is the client it signed in as, never what the body says.
    const taken = (await feed().post('/api/v1/quality/samples').send({ batchId: 'feed-1', samples }).expect(200)).body;
    expect(taken).toMatchObject({ source: client.clientId, accepted: 1 });
    const posing = await feed().post('/api/v1/quality/samples').send({ source: 'nms-east', batchId: 'feed-2', samples }).expect(400);
    expect(posing.body.errors).toEqual([{ field: 'source', reason: expect.stringContaining('sends as itself') }]);
    expect((await feed().post('/api/v1/quality/samples').send({ source: client.clientId, batchId: 'feed-1', samples }).expect(200)).body).toEqual({ ...taken, replayed: true });
    const unnamed = await http().post('/api/v1/quality/samples').send({ batchId: 'by-hand', samples }).expect(400);
    expect(unnamed.body.errors).toEqual([{ field: 'source', reason: expect.stringContaining('is required') }]);

    // Nothing else: no tickets, no dial tests, no trends, no asking for tests.
    await feed().get('/api/v1/faults').expect(403);
    await feed().get(`/api/v1/faults/${ticket.id}`).expect(403);
    await feed().get('/api/v1/quality/dial-tests').expect(403);
    await feed().get(`/api/v1/quality/circuits/${circuit.id}/trend`).expect(403);
    await feed().post(`/api/v1/faults/${ticket.id}/dial-tests`).send({ kind: 'ping' }).expect(403);
    await feed().get('/tmf-api/troubleTicket/v5/troubleTicket').expect(403);
    // Nor is it a role of people.
    const person = await http().post('/api/v1/users').send({ username: 'feedperson', password: 'a-long-password-1', displayName: 'x', roles: ['feed_client'] });
    expect(person.status).toBe(400);
    expect(person.body.errors).toEqual([{ field: 'roles', reason: 'feed_client is for system clients only' }]);
  });

  it('refuses a result that does not fit its test, naming the field, and limits the path and the tests waiting (settings)', async () => {
    expect(QUALITY_SETTINGS_DEFAULTS.maxPendingDialTests).toBe(3);
    expect(QUALITY_SETTINGS_DEFAULTS.maxPathHops).toBe(64);
    const values = (await http().get('/api/v1/settings/quality').expect(200)).body.values;
    expect(values).toMatchObject({ maxPendingDialTests: 3, maxPathHops: 64 });
    const waiting: Json[] = [];
    for (let i = 0; i < 3; i++) waiting.push((await http().post('/api/v1/quality/dial-tests').send({ circuitId: circuit.id, kind: 'throughput' }).expect(201)).body);
    const fourth = await http().post('/api/v1/quality/dial-tests').send({ circuitId: circuit.id, kind: 'ping' }).expect(409);
    expect(fourth.body.errors).toEqual([{ field: 'circuitId', reason: 'at most 3 dial tests waiting per circuit (setting maxPendingDialTests)' }]);

    const base = { dialTestId: waiting[0].dialTestId, outcome: 'passed', startedAt: at(2), finishedAt: at(1) };
    const missing = await http().post('/api/v1/quality/dial-tests/results').send({ ...base, ping: { sent: 10, received: 10 } }).expect(400);
    expect(missing.body.errors).toEqual([{ field: 'throughput', reason: "a throughput test's result must carry throughput" }]);
    const backwards = await http().post('/api/v1/quality/dial-tests/results').send({ ...base, startedAt: at(0), throughput: { downMbps: 95, upMbps: 94 } }).expect(400);
    expect(backwards.body.errors).toEqual([{ field: 'finishedAt', reason: 'must not be before startedAt' }]);
    await http().post('/api/v1/quality/dial-tests/results').send({ ...base, throughput: { downMbps: -1, upMbps: 94 } }).expect(400);
    const unknown = await http().post('/api/v1/quality/dial-tests/results').send({ ...base, dialTestId: randomUUID(), circuitCode: 'NO-SUCH', kind: 'ping', ping: { sent: 1, received: 1 } }).expect(422);
    expect(unknown.body.errors).toEqual([{ field: 'circuitCode', reason: 'no such circuit' }]);
    expect((await http().post('/api/v1/quality/dial-tests/results').send({ ...base, throughput: { downMbps: 95, upMbps: 94 } }).expect(200)).body).toEqual({
      dialTestId: waiting[0].dialTestId,
      outcome: 'passed',
      replayed: false,
    });
    // One answered: room for one more.
    await http().post('/api/v1/quality/dial-tests').send({ circuitId: circuit.id, kind: 'path' }).expect(201);

    await http().put('/api/v1/settings/quality').send({ maxPathHops: 2 }).expect(200);
    const hops = [1, 2, 3].map((hop) => ({ hop, address: `10.0.0.${hop}` }));
    const long = await http().post('/api/v1/quality/dial-tests/results').send({ ...base, dialTestId: randomUUID(), circuitCode: circuit.code, kind: 'path', path: { hops } }).expect(400);
    expect(long.body.errors).toEqual([{ field: 'path.hops', reason: 'at most 2 hops (setting maxPathHops)' }]);
    await http().put('/api/v1/settings/quality').send({ maxPathHops: 64 }).expect(200);

    // A closed ticket is asked nothing.
    await http().post(`/api/v1/faults/${ticket.id}/cancel`).send({ reason: '测试结束' }).expect(200);
    await expectEventually(async () => {
      const res = await http().post(`/api/v1/faults/${ticket.id}/dial-tests`).send({ kind: 'ping' });
      expect(res.status).toBe(409);
    });
    await http().post(`/api/v1/faults/${randomUUID()}/dial-tests`).send({ kind: 'ping' }).expect(404);
  });

  it('expires a request no probe system answered within dialTestAnswerMinutes (30): it no longer waits, and a late result is still recorded', async () => {
    expect(QUALITY_SETTINGS_DEFAULTS.dialTestAnswerMinutes).toBe(30);
    const quiet = await createCircuit(http, customer);
    const ask = () => http().post('/api/v1/quality/dial-tests').send({ circuitId: quiet.id, kind: 'ping' });
    let first: Json = {};
    // Quality learns of the circuit from the inventory's events.
    await expectEventually(async () => {
      const res = await ask();
      expect(res.status).toBe(201);
      first = res.body;
    });
    await ask().expect(201);
    await ask().expect(201);
    await ask().expect(409);
    const statusOf = async () => (await http().get(`/api/v1/quality/dial-tests/${first.dialTestId}`).expect(200)).body.status;
    const expiry = platform.service('quality').get(DialTestExpiry);
    platform.clock.advance(30 * 60_000 - 1);
    expect(await expiry.runNow()).toBe(0);
    expect(await statusOf()).toBe('requested');
    platform.clock.advance(1);
    // Every test still waiting (these three and those of the earlier tests) was asked for at least 30 minutes ago.
    const waiting = (await http().get('/api/v1/quality/dial-tests').query({ status: 'requested', count: 'exact' }).expect(200)).body.total as number;
    expect(waiting).toBeGreaterThanOrEqual(3);
    // Another replica's run under way (its advisory lock held here): the periodic turn leaves it to that one, and a
    // run asked for now waits for it rather than skipping.
    const replica = new Client({ connectionString: platform.databaseUrl });
    await replica.connect();
    try {
      await replica.query('BEGIN');
      await replica.query(`SELECT pg_advisory_xact_lock(hashtext('quality.dial-test-expiry:quality'))`);
      expect(await expiry.turn()).toBe('skipped');
      expect(await statusOf()).toBe('requested');
      const asked = expiry.runNow();
      await expectEventually(async () => {
        const { rows } = await replica.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
        expect(rows[0].n).toBe(1);
      });
      await replica.query('COMMIT');
      expect(await asked).toBe(waiting);
    } finally {
      await replica.end();
    }
    expect(await statusOf()).toBe('expired');
    expect((await http().get('/api/v1/quality/dial-tests').query({ circuitId: quiet.id, status: 'expired' }).expect(200)).body.items).toHaveLength(3);
    await ask().expect(201);
    const late = { dialTestId: first.dialTestId, outcome: 'passed', startedAt: at(2), finishedAt: at(1), ping: { sent: 10, received: 10 } };
    expect((await http().post('/api/v1/quality/dial-tests/results').send(late).expect(200)).body).toEqual({ dialTestId: first.dialTestId, outcome: 'passed', replayed: false });
    expect(await statusOf()).toBe('passed');
  });
});
