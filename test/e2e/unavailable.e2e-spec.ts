import { connectNats, ReportingRpc } from '@app/shared';
import { startPlatform, TestPlatform } from '../support/platform';

/** The gateway's answers when a service is down or hung, with a short RPC timeout that only this file uses. */
describe('a service that is not there, or does not answer', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['reporting'], gatewayEnv: { RPC_TIMEOUT_MS: '400' } });
  });

  afterAll(async () => {
    await platform.close();
  });

  it('answers 503 at once when the owning service is not running, and 504 when it does not answer in time', async () => {
    await platform.stopService('reporting');
    try {
      const started = Date.now();
      const res = await platform.http().get('/api/v1/reports/summary').expect(503);
      expect(res.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'reporting' });
      // A client that retries 503 is told when: the platform recovers without a manual step.
      expect(res.headers['retry-after']).toBe('2');
      expect(Date.now() - started).toBeLessThan(400);
      const health = await platform.http().get('/health').expect(503);
      expect(health.body.services.reporting.status).toBe('down');

      // A reporting replica that takes the request and never answers.
      const nc = await connectNats(platform.natsUrl, 'hung-reporting');
      nc.subscribe(ReportingRpc.summary.subject, { queue: 'reporting', callback: () => undefined });
      await nc.flush();
      try {
        const t0 = Date.now();
        const slow = await platform.http().get('/api/v1/reports/summary').expect(504);
        expect(slow.body).toMatchObject({ code: 'SERVICE_TIMEOUT', service: 'reporting' });
        expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
        expect(Date.now() - t0).toBeLessThan(2000);
      } finally {
        await nc.close();
      }
    } finally {
      await platform.startService('reporting');
    }
  });
});
