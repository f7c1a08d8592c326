import { startPlatform, TestPlatform } from '../support/platform';

describe('rate limits', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['reporting'], gatewayEnv: { RATE_LIMIT_PER_MINUTE: '5' } });
  });

  afterAll(async () => {
    await platform.close();
  });

  it('answers a burst over the limit with 429, Retry-After and a problem, per user, but never limits /health', async () => {
    // The administrator's first request of the minute makes another user; the limit then counts per user.
    const noc = await platform.user(['noc']);
    for (let i = 0; i < 4; i++) await platform.http().get('/api/v1/reports/summary').expect(200);
    const limited = await platform.http().get('/api/v1/reports/summary').expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS', detail: expect.stringContaining('More than 5 requests a minute') });
    // Another user from the same address is not held back by the administrator's burst.
    await noc.http().get('/api/v1/reports/summary').expect(200);
    for (let i = 0; i < 8; i++) await platform.http().get('/health');
    const health = await platform.http().get('/health');
    expect(health.status).not.toBe(429);
  });
});
