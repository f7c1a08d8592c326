import { Client } from 'pg';
import { startPlatform, TestPlatform } from '../support/platform';

/** A statement that cannot finish (a lock held elsewhere, a runaway query) is cancelled: the client gets 503, not a hang. */
describe('statements are bounded in time', () => {
  let platform: TestPlatform;
  let admin: Client;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning'], serviceEnv: { STATEMENT_TIMEOUT_MS: '300' }, gatewayEnv: { RPC_TIMEOUT_MS: '5000' } });
    admin = new Client({ connectionString: platform.databaseUrl });
    await admin.connect();
  });

  afterAll(async () => {
    await admin.end();
    await platform.close();
  });

  it('answers 503 with Retry-After when a statement runs past STATEMENT_TIMEOUT_MS, and serves again once the lock is gone', async () => {
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE provisioning.customer IN ACCESS EXCLUSIVE MODE');
    try {
      const started = Date.now();
      const res = await platform.http().post('/api/v1/customers').send({ code: 'LOCKED-1', name: '锁表', industry: 'finance', tier: 'gold' }).expect(503);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(res.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(res.headers['retry-after']).toBe('2');
    } finally {
      await admin.query('ROLLBACK');
    }
    await platform.http().post('/api/v1/customers').send({ code: 'LOCKED-1', name: '锁表', industry: 'finance', tier: 'gold' }).expect(201);
  });
});
