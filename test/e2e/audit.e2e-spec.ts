import { Client } from 'pg';
import { startPlatform, TestPlatform } from '../support/platform';

/** The audit log promises every answered change: a change that cannot be logged does not run. */
describe('the audit log is written before a change runs', () => {
  let platform: TestPlatform;
  let admin: Client;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning'] });
    admin = new Client({ connectionString: platform.databaseUrl });
    await admin.connect();
  });

  afterAll(async () => {
    await admin.end();
    await platform.close();
  });

  it('logs the change before it runs and fills in its status', async () => {
    await platform.http().post('/api/v1/customers').send({ code: 'AUD-1', name: '审计客户', industry: 'finance', tier: 'gold' }).expect(201);
    const log = await platform.http().get('/api/v1/audit').query({ pathPrefix: '/api/v1/customers' }).expect(200);
    expect(log.body.items).toEqual([expect.objectContaining({ method: 'POST', status: 201, username: 'admin', body: expect.objectContaining({ code: 'AUD-1' }) })]);
  });

  it('refuses the change with 503 when the log cannot be written, and the change is not made', async () => {
    await admin.query('REVOKE INSERT ON gateway.audit_log FROM svc_gateway');
    try {
      const res = await platform.http().post('/api/v1/customers').send({ code: 'AUD-2', name: '未记录', industry: 'finance', tier: 'gold' }).expect(503);
      expect(res.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      await admin.query('GRANT INSERT ON gateway.audit_log TO svc_gateway');
    }
    expect((await platform.http().get('/api/v1/customers').query({ q: 'AUD-2', count: 'exact' }).expect(200)).body.total).toBe(0);
    // Reads are not changes: they never depended on the log.
    await platform.http().post('/api/v1/customers').send({ code: 'AUD-2', name: '已记录', industry: 'finance', tier: 'gold' }).expect(201);
  });
});
