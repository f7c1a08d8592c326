import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ROLES } from '@app/shared';
import { createCustomer, CustomerFixture } from '../support/factories';
import { ADMIN_PASSWORD, startPlatform, TestPlatform, TestUser } from '../support/platform';

type Operation = { 'x-roles': string[] };
type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** A concrete URL for a documented path: any id will do, since access is decided before anything is looked up. */
function concrete(path: string): string {
  return path
    .replace('{service}', 'fault')
    .replace('{year}', '2027')
    .replace(/\{[a-zA-Z]+\}/g, '6f1c1f52-7d0e-4a8e-9d55-0c6f3f0b8a11');
}

describe('identity and authorisation at the gateway', () => {
  let platform: TestPlatform;
  let customer: CustomerFixture;
  const users: Partial<Record<(typeof ROLES)[number], TestUser>> = {};

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning'] });
    customer = await createCustomer(platform.http);
    for (const role of ROLES) {
      if (role !== 'admin' && role !== 'tmf_client' && role !== 'feed_client') users[role] = await platform.user([role], role === 'customer_user' ? customer.id : undefined);
    }
    // A system client is no person: its role comes with a client_credentials token.
    for (const role of ['tmf_client', 'feed_client'] as const) {
      const client = (await platform.http().post('/api/v1/system-clients').send({ name: `a ${role} system`, role }).expect(201)).body;
      const grant = { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret };
      const token = (await platform.anonymous().post('/api/v1/auth/token').type('form').send(grant).expect(200)).body.access_token as string;
      users[role] = { id: client.id, username: client.clientId, password: '', token, refreshToken: '', http: () => platform.as(token) };
    }
  });

  afterAll(async () => {
    await platform.close();
  });

  it('signs in, says who a token stands for, and refuses a wrong password or a missing token with 401', async () => {
    const session = (await platform.anonymous().post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200)).body;
    expect(session).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, refreshToken: expect.any(String), user: { username: 'admin', roles: ['admin'] } });
    const me = await platform.as(session.accessToken).get('/api/v1/auth/me').expect(200);
    expect(me.body).toMatchObject({ username: 'admin', roles: ['admin'] });
    const customerMe = await users.customer_user!.http().get('/api/v1/auth/me').expect(200);
    expect(customerMe.body).toMatchObject({ roles: ['customer_user'], customerId: customer.id });

    const wrong = await platform.anonymous().post('/api/v1/auth/login').send({ username: 'admin', password: 'not-the-password' }).expect(401);
    const unknown = await platform.anonymous().post('/api/v1/auth/login').send({ username: 'nobody', password: 'not-the-password' }).expect(401);
    expect(wrong.body).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    // The same answer whether or not the user exists.
    expect(unknown.body.detail).toBe(wrong.body.detail);

    const missing = await platform.anonymous().get('/api/v1/circuits').expect(401);
    expect(missing.body).toMatchObject({ code: 'UNAUTHENTICATED', detail: expect.stringContaining('Bearer') });
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer /);
    await platform.anonymous().get('/api/v1/circuits').set('Authorization', 'Basic YWRtaW46YWRtaW4=').expect(401);
    const forged = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('gem-gateway')
      .setAudience('gem-api')
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-secret-that-is-not-the-gateways-secret'));
    await platform.as(forged).get('/api/v1/circuits').expect(401);
  });

  it('rotates refresh tokens, and a refresh token used twice ends the whole session', async () => {
    const noc = users.noc!;
    const first = (await platform.anonymous().post('/api/v1/auth/refresh').send({ refreshToken: noc.refreshToken }).expect(200)).body;
    expect(first.refreshToken).not.toBe(noc.refreshToken);
    await platform.as(first.accessToken).get('/api/v1/auth/me').expect(200);
    // The old token again: a copy is in someone else's hands, so the new one dies too.
    await platform.anonymous().post('/api/v1/auth/refresh').send({ refreshToken: noc.refreshToken }).expect(401);
    await platform.anonymous().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);

    const again = (await platform.anonymous().post('/api/v1/auth/login').send({ username: noc.username, password: noc.password }).expect(200)).body;
    await platform.anonymous().post('/api/v1/auth/logout').send({ refreshToken: again.refreshToken }).expect(204);
    await platform.anonymous().post('/api/v1/auth/refresh').send({ refreshToken: again.refreshToken }).expect(401);
  });

  it('is an OAuth 2.0 token endpoint for the password grant (what Swagger UI sends)', async () => {
    const ok = await platform.anonymous().post('/api/v1/auth/token').type('form').send({ grant_type: 'password', username: 'admin', password: ADMIN_PASSWORD }).expect(200);
    expect(ok.body).toMatchObject({ token_type: 'bearer', expires_in: 900, access_token: expect.any(String), refresh_token: expect.any(String) });
    expect(ok.headers['cache-control']).toBe('no-store');
    await platform.as(ok.body.access_token).get('/api/v1/auth/me').expect(200);
    const refreshed = await platform.anonymous().post('/api/v1/auth/token').type('form').send({ grant_type: 'refresh_token', refresh_token: ok.body.refresh_token }).expect(200);
    expect(refreshed.body.access_token).toEqual(expect.any(String));
    const bad = await platform.anonymous().post('/api/v1/auth/token').type('form').send({ grant_type: 'password', username: 'admin', password: 'wrong' }).expect(400);
    expect(bad.body).toMatchObject({ error: 'invalid_grant' });
  });

  it('every route refuses a missing or expired token with 401 and a role it does not allow with 403', async () => {
    const doc = (await platform.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, Operation>> };
    let checked = 0;
    let forbidden = 0;
    const everyone: string[] = [];
    const feeds: string[] = [];
    const expired = async (run: () => Promise<void>) => {
      // Past the 15-minute life of every token issued so far, then back.
      const now = platform.gatewayClock.now();
      platform.gatewayClock.set(new Date(now.getTime() + 16 * 60_000).toISOString());
      try {
        await run();
      } finally {
        platform.gatewayClock.set(now.toISOString());
      }
    };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, roles: op['x-roles'] })));
    const guarded = operations.filter((o) => o.roles[0] !== 'public');
    expect(guarded.length).toBeGreaterThan(70);
    expect(operations.filter((o) => o.roles[0] === 'public').map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'get /health',
      'get /health/live',
      'post /api/v1/auth/login',
      'post /api/v1/auth/logout',
      'post /api/v1/auth/refresh',
      'post /api/v1/auth/token',
    ]);

    for (const { path, method, roles } of guarded) {
      const url = concrete(path);
      const call = (token?: string) => {
        const http = token ? platform.as(token) : platform.anonymous();
        const test = http[method as 'get' | 'post' | 'put' | 'patch'](url);
        return method === 'get' ? test : test.send({});
      };
      const none = await call();
      expect([`${method} ${path}`, none.status, none.body.code]).toEqual([`${method} ${path}`, 401, 'UNAUTHENTICATED']);
      const holder = roles.find((r) => r !== 'admin' && users[r as keyof typeof users]) ?? 'noc';
      await expired(async () => {
        const late = await call(users[holder as keyof typeof users]!.token);
        expect([`${method} ${path}`, late.status, late.body.detail]).toEqual([`${method} ${path}`, 401, expect.stringContaining('expired')]);
      });
      // A system client may use the TMF621 routes only (they are documented by TM Forum's document, not this one).
      const system = await call(users.tmf_client!.token);
      expect([`${method} ${path}`, system.status]).toEqual([`${method} ${path}`, 403]);
      // A feed client (a network management or probe system) may post samples and dial test results only.
      if (roles.includes('feed_client')) feeds.push(`${method} ${path}`);
      else expect([`${method} ${path}`, (await call(users.feed_client!.token)).status]).toEqual([`${method} ${path}`, 403]);
      const outsider = ROLES.find((r) => r !== 'tmf_client' && r !== 'feed_client' && !roles.includes(r));
      if (!outsider) everyone.push(`${method} ${path}`);
      if (outsider) {
        const refused = await call(users[outsider as keyof typeof users]!.token);
        expect([`${method} ${path}`, outsider, refused.status, refused.body.code]).toEqual([`${method} ${path}`, outsider, 403, 'FORBIDDEN']);
        forbidden++;
      }
      checked++;
    }
    expect(checked).toBe(guarded.length);
    expect(feeds.sort()).toEqual(['post /api/v1/quality/dial-tests/results', 'post /api/v1/quality/samples']);
    expect(forbidden).toBe(guarded.length - everyone.length);
    // Only these routes have no role to refuse: one's own identity and inbox, the calendar, the live stream, and reads
    // that the services confine to a customer's own data (the isolation test tries each of those as another customer).
    expect(everyone.sort()).toEqual([
      'get /api/v1/auth/me',
      'get /api/v1/calendar/years',
      'get /api/v1/calendar/years/{year}',
      'get /api/v1/circuits',
      'get /api/v1/circuits/{id}',
      'get /api/v1/clocks/{service}',
      'get /api/v1/clocks/{service}/{id}',
      'get /api/v1/complaints',
      'get /api/v1/complaints/{id}',
      'get /api/v1/customers/{id}',
      'get /api/v1/customers/{id}/service-history',
      'get /api/v1/cutovers',
      'get /api/v1/cutovers/{id}',
      'get /api/v1/events/stream',
      'get /api/v1/faults',
      'get /api/v1/faults/{id}',
      'get /api/v1/faults/{id}/dial-tests',
      'get /api/v1/guarantees',
      'get /api/v1/guarantees/{id}',
      'get /api/v1/notifications',
      'get /api/v1/notifications/inbox',
      'get /api/v1/notifications/inbox/count',
      'get /api/v1/notifications/{id}',
      'get /api/v1/orders',
      'get /api/v1/orders/{id}',
      'get /api/v1/quality/circuits/{id}/trend',
      'get /api/v1/quality/customers/{id}/worst-circuits',
      'get /api/v1/quality/dial-tests',
      'get /api/v1/quality/dial-tests/{id}',
      'get /api/v1/quality/statistics',
      'get /api/v1/quality/warnings',
      'get /api/v1/reports/analysis/{customerId}',
      'get /api/v1/reports/faults',
      'get /api/v1/reports/faults/{id}',
      'get /api/v1/visits',
      'get /api/v1/visits/{id}',
      'post /api/v1/notifications/inbox/read-all',
      'post /api/v1/notifications/inbox/{id}/read',
    ]);
  });

  it('lets administrators manage users: a customer user names an existing customer, names are unique, a disabled user is out', async () => {
    const missing = await platform.http().post('/api/v1/users').send({ username: 'c-1', displayName: 'c', password: 'long-enough-pw', roles: ['customer_user'] }).expect(400);
    expect(missing.body.errors).toEqual([{ field: 'customerId', reason: 'required for customer_user' }]);
    const mixed = await platform
      .http()
      .post('/api/v1/users')
      .send({ username: 'c-2', displayName: 'c', password: 'long-enough-pw', roles: ['customer_user', 'noc'], customerId: customer.id })
      .expect(400);
    expect(mixed.body.errors[0].field).toBe('roles');
    const unknown = await platform
      .http()
      .post('/api/v1/users')
      .send({ username: 'c-3', displayName: 'c', password: 'long-enough-pw', roles: ['customer_user'], customerId: '0b6c2f1e-8d1a-4c49-a3f7-1d2e3f4a5b6c' })
      .expect(422);
    expect(unknown.body).toMatchObject({ code: 'CUSTOMER_UNKNOWN', errors: [{ field: 'customerId', reason: 'no such customer' }] });
    const taken = await platform.http().post('/api/v1/users').send({ username: users.noc!.username.toUpperCase(), displayName: 'x', password: 'long-enough-pw', roles: ['noc'] }).expect(409);
    expect(taken.body).toMatchObject({ code: 'USERNAME_TAKEN', errors: [{ field: 'username', reason: 'already taken' }] });
    const short = await platform.http().post('/api/v1/users').send({ username: 'x-1', displayName: 'x', password: 'short', roles: ['noc'] }).expect(400);
    expect(short.body.errors[0].field).toBe('password');

    const page = (await platform.http().get('/api/v1/users').query({ role: 'noc', limit: 1, count: 'exact' }).expect(200)).body;
    expect(page).toMatchObject({ total: 1, limit: 1, offset: 0, items: [{ username: users.noc!.username, roles: ['noc'], active: true }] });
    expect(page.items[0].passwordHash).toBeUndefined();
    const customers = (await platform.http().get('/api/v1/users').query({ customerId: customer.id }).expect(200)).body;
    expect(customers.items.map((u: { username: string }) => u.username)).toEqual([users.customer_user!.username]);

    const me = (await platform.http().get('/api/v1/users').query({ role: 'admin' }).expect(200)).body.items[0];
    const last = await platform.http().patch(`/api/v1/users/${me.id}`).send({ active: false }).expect(409);
    expect(last.body.detail).toContain('last active administrator');
    await platform.http().patch(`/api/v1/users/${me.id}`).send({ roles: ['noc'] }).expect(409);

    const pm = users.project_manager!;
    await platform.http().patch(`/api/v1/users/${pm.id}`).send({ active: false }).expect(200);
    await platform.anonymous().post('/api/v1/auth/login').send({ username: pm.username, password: pm.password }).expect(401);
    await platform.anonymous().post('/api/v1/auth/refresh').send({ refreshToken: pm.refreshToken }).expect(401);
  });

  it('keeps an audit log of every change and refused attempt: who, what, when, from where, and no secrets', async () => {
    const made = await platform.http().post('/api/v1/users').send({ username: 'audited', displayName: '审计', password: 'long-enough-pw', roles: ['handling_unit'] }).expect(201);
    const log = (await platform.http().get('/api/v1/audit').query({ pathPrefix: '/api/v1/users', method: 'POST', failed: false, limit: 1 }).expect(200)).body;
    expect(log.items[0]).toMatchObject({
      username: 'admin',
      roles: ['admin'],
      method: 'POST',
      path: '/api/v1/users',
      route: '/api/v1/users',
      status: 201,
      requestId: made.headers['x-request-id'],
      ip: expect.any(String),
      body: { username: 'audited', password: '***' },
    });
    const failedLogins = (await platform.http().get('/api/v1/audit').query({ pathPrefix: '/api/v1/auth/login', failed: true }).expect(200)).body;
    expect(failedLogins.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: null, username: 'admin', status: 401, body: { username: 'admin', password: '***' } })]),
    );
    // The route sweep above tried, among others, to create a customer as a NOC user: refused, and on record.
    const refused = (await platform.http().get('/api/v1/audit').query({ userId: users.noc!.id, failed: true, pathPrefix: '/api/v1/customers' }).expect(200)).body;
    expect(refused.items).toEqual(expect.arrayContaining([expect.objectContaining({ method: 'POST', path: '/api/v1/customers', status: 403, username: users.noc!.username })]));
    await users.noc!.http().get('/api/v1/audit').expect(403);
    const bad = await platform.http().get('/api/v1/audit').query({ from: 'yesterday' }).expect(400);
    expect(bad.body.errors[0].field).toBe('from');
  });
});

describe('single sign-on (OpenID Connect tokens checked against the provider JWKS)', () => {
  let platform: TestPlatform;
  let jwks: Server;
  let key: SigningKey;
  const ISSUER = 'https://sso.example.gov';

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] })));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`;
    platform = await startPlatform({
      services: ['provisioning'],
      gatewayEnv: { OIDC_JWKS_URL: url, OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: 'gem', OIDC_ROLES_CLAIM: 'gem_roles', METRICS_TOKEN: 'prometheus-scrape-token-0123' },
    });
  });

  afterAll(async () => {
    await platform.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  const sign = (claims: Record<string, unknown>, opts: { audience?: string; issuer?: string; expiresInS?: number; with?: SigningKey } = {}) => {
    const now = Math.floor(platform.gatewayClock.now().getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(opts.issuer ?? ISSUER)
      .setAudience(opts.audience ?? 'gem')
      .setSubject('sso-4711')
      .setIssuedAt(now)
      .setExpirationTime(now + (opts.expiresInS ?? 600))
      .sign(opts.with ?? key);
  };

  it('takes the roles and the customer from the configured claims, and refuses foreign, expired or role-less tokens', async () => {
    const noc = await sign({ preferred_username: '李四', gem_roles: ['noc'] });
    expect((await platform.as(noc).get('/api/v1/auth/me').expect(200)).body).toEqual({ sub: 'sso-4711', username: '李四', roles: ['noc'] });
    await platform.as(noc).get('/api/v1/calendar/years').expect(200);
    await platform.as(noc).get('/api/v1/users').expect(403);

    const customer = await createCustomer(platform.http);
    const portal = await sign({ preferred_username: 'bank-ops', gem_roles: 'customer_user', customer_id: customer.id });
    expect((await platform.as(portal).get('/api/v1/auth/me').expect(200)).body).toMatchObject({ roles: ['customer_user'], customerId: customer.id });

    await platform.as(await sign({ gem_roles: ['noc'] }, { audience: 'another-app' })).get('/api/v1/auth/me').expect(401);
    await platform.as(await sign({ gem_roles: ['noc'] }, { issuer: 'https://elsewhere.example' })).get('/api/v1/auth/me').expect(401);
    await platform.as(await sign({ gem_roles: ['noc'] }, { expiresInS: -60 })).get('/api/v1/auth/me').expect(401);
    const stranger = (await generateKeyPair('RS256')).privateKey;
    await platform.as(await sign({ gem_roles: ['noc'] }, { with: stranger })).get('/api/v1/auth/me').expect(401);
    const roleless = await platform.as(await sign({ gem_roles: ['guest'] })).get('/api/v1/auth/me').expect(403);
    expect(roleless.body.detail).toContain('no role of this platform');
    // The platform's own sign-in still works beside single sign-on.
    await platform.http().get('/api/v1/auth/me').expect(200);
  });

  it('lets Prometheus scrape /metrics with METRICS_TOKEN, and nobody without it or an administrator', async () => {
    const scrape = await platform.as('prometheus-scrape-token-0123').get('/metrics').expect(200);
    expect(scrape.text).toContain('http_requests_total');
    await platform.as('prometheus-scrape-token-wrong').get('/metrics').expect(401);
    await platform.anonymous().get('/metrics').expect(401);
    await platform.as(await sign({ gem_roles: ['noc'] })).get('/metrics').expect(403);
    await platform.http().get('/metrics').expect(200);
  });
});
