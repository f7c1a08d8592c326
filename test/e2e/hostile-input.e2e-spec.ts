import { AddressInfo } from 'node:net';
import { ADMIN_PASSWORD, startPlatform, TestPlatform } from '../support/platform';

/** Bodies an attacker or a broken client sends: each is a 4xx problem naming what is wrong, never a 5xx. */
describe('hostile bodies are refused at the gateway', () => {
  let platform: TestPlatform;
  const customer = { code: 'HOSTILE-1', name: '敌意输入测试', industry: 'finance', tier: 'gold' };

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning'] });
  });

  afterAll(async () => {
    await platform.close();
  });

  const post = (body: string, type = 'application/json') => platform.http().post('/api/v1/customers').set('content-type', type).send(body);

  it('refuses JSON nested 100,000 levels deep with a 400, and audits the refusal', async () => {
    for (const body of ['['.repeat(100_000) + ']'.repeat(100_000), '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000)]) {
      const res = await post(body).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: 'The body nests deeper than 32 levels' });
    }
    const audit = await platform.http().get('/api/v1/audit').query({ failed: 'true', pathPrefix: '/api/v1/customers' }).expect(200);
    expect(audit.body.items.filter((r: { status: number }) => r.status === 400).length).toBeGreaterThanOrEqual(2);
    // 32 levels is still read (and then refused by the contract, naming the field).
    const deepButAllowed = await post(JSON.stringify({ ...customer, name: JSON.parse('['.repeat(31) + ']'.repeat(31)) })).expect(400);
    expect(deepButAllowed.body.errors.map((e: { field: string }) => e.field)).toContain('name');
  });

  it('refuses prototype keys, naming them, and creates nothing', async () => {
    const proto = await post(`{"__proto__":{"isAdmin":true},"code":"P-1","name":"x","industry":"finance","tier":"gold"}`).expect(400);
    expect(proto.body.errors).toEqual([{ field: '__proto__', reason: 'this key is not allowed' }]);
    const nested = await post(JSON.stringify({ ...customer, contacts: [{ constructor: { prototype: { x: 1 } } }] })).expect(400);
    expect(nested.body.errors).toEqual([{ field: 'contacts[0].constructor', reason: 'this key is not allowed' }]);
    const list = await platform.http().get('/api/v1/customers').query({ count: 'exact' }).expect(200);
    expect(list.body.total).toBe(0);
  });

  it('refuses the NUL character (which Postgres cannot store) in body strings, keys and the URL with a 400 naming where', async () => {
    const inValue = await post(JSON.stringify({ ...customer, contacts: [{ name: 'a\u0000b' }] })).expect(400);
    expect(inValue.body.errors).toEqual([{ field: 'contacts[0].name', reason: 'must not contain the NUL character (U+0000)' }]);
    const inKey = await post(JSON.stringify({ ...customer, ['x\u0000']: 1 })).expect(400);
    expect(inKey.body.errors).toEqual([{ field: 'x\\u0000', reason: 'must not contain the NUL character (U+0000)' }]);
    const inQuery = await platform.http().get('/api/v1/customers?q=a%00b').expect(400);
    expect(inQuery.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'q', reason: 'must not contain the NUL character (U+0000)' }] });
    // A neighbour's change in the same moment is unaffected, and logged.
    const [, fine] = await Promise.all([post(JSON.stringify({ ...customer, name: '\u0000' })), post(JSON.stringify({ ...customer, code: 'HOSTILE-NUL-OK' })).expect(201)]);
    expect(fine.body.code).toBe('HOSTILE-NUL-OK');
  });

    it('answers a URL longer than Node reads (about 16 KB) with a 431 problem, not a bare status line', async () => {
    const res = await platform.http().get(`/api/v1/customers?q=${'x'.repeat(20_000)}`).expect(431);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 431, code: 'REQUEST_HEADER_FIELDS_TOO_LARGE', detail: expect.stringContaining('send long values in a body') });
  });

    it('refuses arrays longer than any contract allows', async () => {
    const res = await post(JSON.stringify({ ...customer, contacts: Array.from({ length: 5001 }, () => 1) })).expect(400);
    expect(res.body.errors).toEqual([{ field: 'contacts', reason: 'at most 5000 items' }]);
  });

  it('refuses bodies that are not UTF-8 JSON: 400 for bad bytes or bad JSON, 415 for other media types', async () => {
    // Raw bytes, which a client library would re-serialise: sent with fetch to the listening gateway.
    const { accessToken } = (await platform.anonymous().post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200)).body;
    await platform.gateway.listen(0, '127.0.0.1');
    const { port } = platform.gateway.getHttpServer().address() as AddressInfo;
    const badUtf8 = await fetch(`http://127.0.0.1:${port}/api/v1/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
    });
    expect(badUtf8.status).toBe(400);
    expect(await badUtf8.json()).toMatchObject({ code: 'VALIDATION_FAILED', detail: 'The body is not valid UTF-8' });
    const badJson = await post('{"code": ').expect(400);
    expect(badJson.body.detail).toMatch(/^The body is not valid JSON/);
    const text = await post(JSON.stringify(customer), 'text/plain').expect(415);
    expect(text.body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    await post(JSON.stringify(customer), 'application/x-www-form-urlencoded').expect(415);
    await post(JSON.stringify(customer), 'application/merge-patch+json').expect(201);
  });
});
