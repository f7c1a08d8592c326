import { connectNats, FaultRpc, ReportingRpc } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { createCircuit, CustomerFixture, intake, openFault } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';

describe('the vertical slice: customer → fault → report, through the gateway', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform.close();
  });

  async function createCustomer(code: string, tier = 'gold') {
    const res = await platform
      .http()
      .post('/api/v1/customers')
      .send({ code, name: `客户 ${code}`, industry: 'finance', tier })
      .expect(201);
    return res.body as CustomerFixture;
  }


  it('reports NATS, the gateway database and every service up on /health, without signing in', async () => {
    const res = await platform.anonymous().get('/health').expect(200);
    expect(res.body.status).toBe('up');
    expect(res.body.nats.status).toBe('up');
    expect(res.body.gateway).toEqual({ status: 'up', database: 'up' });
    expect((await platform.anonymous().get('/health/live').expect(200)).body).toEqual({ status: 'up' });
    for (const name of ['fault', 'provisioning', 'visits', 'reporting']) {
      expect(res.body.services[name]).toMatchObject({ status: 'up', database: 'up' });
    }
  });

  it('opens a fault for a customer that fault learned of from provisioning, and reporting counts it', async () => {
    const customer = await createCustomer('SLICE-1', 'diamond');
    const circuit = await createCircuit(platform.http, customer);
    await openFault(platform.http, customer, circuit);
    const list = await platform.http().get('/api/v1/faults').query({ customerId: customer.id, count: 'exact' }).expect(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({ customerId: customer.id, customerName: '客户 SLICE-1', status: 'open', channel: 'hotline', circuitCode: circuit.code });
    expect(list.body.items[0].number).toMatch(/^F\d{14}$/);
    expect(list.body.items[0].openedAt).toBe(platform.clock.now().toISOString());

    await expectEventually(async () => {
      const summary = await platform.http().get('/api/v1/reports/summary').expect(200);
      expect(summary.body.faultsOpenedByTier.diamond).toBe(1);
    });
  });

  it('answers 422 for a circuit the inventory does not have', async () => {
    const customer = await createCustomer('SLICE-422');
    const res = await platform
      .http()
      .post('/api/v1/faults')
      .send(intake(customer, { id: 'x', code: 'NO-SUCH-CIRCUIT', serviceType: 'mstp' }))
      .expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 422, code: 'CIRCUIT_UNKNOWN', errors: [{ field: 'circuitCode' }] });
  });

  it('answers a malformed request with a 400 problem naming each field and its reason', async () => {
    const res = await platform
      .http()
      .post('/api/v1/faults')
      .send({ ...intake({ id: 'x', code: 'C', name: 'n', tier: 'gold' }, { id: 'x', code: 'K', serviceType: 'mstp' }), faultAt: 'yesterday', channel: 'fax', colour: 'red' })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = (res.body.errors as { field: string; reason: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['channel', 'colour', 'faultAt']);
    expect(res.body.errors).toContainEqual({ field: 'faultAt', reason: 'faultAt must be a valid ISO 8601 date string' });
  });

  it('refuses a second customer with the same code with 409', async () => {
    await createCustomer('SLICE-DUP');
    const res = await platform.http().post('/api/v1/customers').send({ code: 'SLICE-DUP', name: 'x', industry: 'other', tier: 'silver' }).expect(409);
    expect(res.body.code).toBe('CUSTOMER_CODE_TAKEN');
  });

  it('pages, filters and sorts customers', async () => {
    for (const code of ['PAGE-A', 'PAGE-B', 'PAGE-C']) await createCustomer(code, 'silver');
    const first = await platform.http().get('/api/v1/customers').query({ tier: 'silver', limit: 2, count: 'exact' }).expect(200);
    expect(first.body).toMatchObject({ total: 3, limit: 2, offset: 0, hasMore: true });
    expect(first.body.items).toHaveLength(2);
    const second = await platform.http().get('/api/v1/customers').query({ tier: 'silver', limit: 2, offset: 2 }).expect(200);
    expect(second.body.items).toHaveLength(1);
    const all = [...first.body.items, ...second.body.items].map((c: { code: string }) => c.code).sort();
    expect(all).toEqual(['PAGE-A', 'PAGE-B', 'PAGE-C']);
    const byCode = await platform.http().get('/api/v1/customers').query({ tier: 'silver', sort: 'code' }).expect(200);
    expect(byCode.body.items.map((c: { code: string }) => c.code)).toEqual(['PAGE-A', 'PAGE-B', 'PAGE-C']);
    const byCodeDown = await platform.http().get('/api/v1/customers').query({ tier: 'silver', sort: '-code', limit: 1 }).expect(200);
    expect(byCodeDown.body.items.map((c: { code: string }) => c.code)).toEqual(['PAGE-C']);
    const bad = await platform.http().get('/api/v1/customers').query({ sort: 'password' }).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'sort', reason: expect.stringContaining('must be one of createdAt, code, name, tier') }]);
  });

  it('pages customers by cursor: each page after the last row of the one before, no total unless asked', async () => {
    for (const code of ['CUR-A', 'CUR-B', 'CUR-C']) await createCustomer(code, 'standard');
    const list = (query: object) => platform.http().get('/api/v1/customers').query({ tier: 'standard', q: 'CUR-', ...query });
    const first = (await list({ limit: 2 }).expect(200)).body;
    expect(first).toMatchObject({ limit: 2, offset: 0, hasMore: true, nextCursor: expect.any(String) });
    expect(first.total).toBeUndefined();
    const rest = (await list({ limit: 2, cursor: first.nextCursor }).expect(200)).body;
    expect(rest).toMatchObject({ limit: 2, hasMore: false });
    expect(rest.offset).toBeUndefined();
    expect(rest.nextCursor).toBeUndefined();
    expect([...first.items, ...rest.items].map((c: { code: string }) => c.code).sort()).toEqual(['CUR-A', 'CUR-B', 'CUR-C']);
    const counted = (await list({ limit: 2, cursor: first.nextCursor, count: 'exact' }).expect(200)).body;
    expect(counted.total).toBe(3);

    const codesDown: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await list({ sort: '-code', limit: 1, ...(cursor ? { cursor } : {}) }).expect(200)).body;
      codesDown.push(...page.items.map((c: { code: string }) => c.code));
      cursor = page.nextCursor;
    } while (cursor);
    expect(codesDown).toEqual(['CUR-C', 'CUR-B', 'CUR-A']);

    const refused = async (query: object) => (await list(query).expect(400)).body.errors;
    const forged = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    expect(await refused({ cursor: first.nextCursor, offset: 2 })).toEqual([{ field: 'cursor', reason: expect.stringContaining('not both') }]);
    expect(await refused({ cursor: first.nextCursor, sort: 'code' })).toEqual([{ field: 'cursor', reason: expect.stringContaining('sort=-createdAt') }]);
    expect(await refused({ cursor: 'bm90LWpzb24' })).toEqual([{ field: 'cursor', reason: expect.any(String) }]);
    expect(await refused({ cursor: forged(['-createdAt', '2026-02-30T00:00:00.000Z', '00000000-0000-4000-8000-000000000000']) })).toEqual([{ field: 'cursor', reason: 'does not fit this list' }]);
    expect(await refused({ cursor: forged(['-createdAt', '2026-01-01T00:00:00.000Z', "' OR 1=1 --"]) })).toEqual([{ field: 'cursor', reason: 'does not fit this list' }]);
    expect(await refused({ count: 'estimate' })).toEqual([{ field: 'count', reason: expect.any(String) }]);
  });

  it('answers 404 problem for an unknown ticket', async () => {
    const res = await platform.http().get('/api/v1/faults/00000000-0000-4000-8000-000000000000').expect(404);
    expect(res.body.code).toBe('TICKET_NOT_FOUND');
  });

  it('gives every answer a request id, carries it to the service in the NATS headers, and sets security headers', async () => {
    const generated = await platform.http().get('/health').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.headers['x-content-type-options']).toBe('nosniff');

    await platform.stopService('reporting');
    const nc = await connectNats(platform.natsUrl, 'reporting-stand-in');
    const seen: string[] = [];
    nc.subscribe(ReportingRpc.summary.subject, {
      queue: 'reporting',
      callback: (_err, msg) => {
        seen.push(msg.headers?.get('x-request-id') ?? '');
        const { id } = msg.json<{ id: string }>();
        msg.respond(JSON.stringify({ id, response: { customers: 0, faultsOpened: 0, faultsOpenedByTier: {} }, isDisposed: true }));
      },
    });
    await nc.flush();
    try {
      const res = await platform.http().get('/api/v1/reports/summary').set('x-request-id', 'portal-req-42').expect(200);
      expect(res.headers['x-request-id']).toBe('portal-req-42');
      expect(seen).toEqual(['portal-req-42']);
    } finally {
      await nc.close();
      await platform.startService('reporting');
    }
  });

  it('exposes Prometheus metrics: requests, latency, NATS latency and errors by code', async () => {
    await platform.http().get('/api/v1/faults/00000000-0000-4000-8000-000000000000').expect(404);
    const res = await platform.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/faults\/:id",status="404"\} \d+/);
    expect(res.text).toMatch(/nats_request_duration_seconds_count\{subject="rpc.fault.tickets.get",outcome="TICKET_NOT_FOUND"\} \d+/);
    expect(res.text).toMatch(/http_errors_total\{code="TICKET_NOT_FOUND",status="404"\} \d+/);
    expect(res.text).toContain('http_request_duration_seconds_bucket');
  });

  it('keeps a subject catalogue that the gateway and the services agree on', () => {
    expect(FaultRpc.openTicket.subject).toBe('rpc.fault.tickets.open');
    expect(ReportingRpc.summary.subject).toBe('rpc.reporting.summary.get');
  });
});
