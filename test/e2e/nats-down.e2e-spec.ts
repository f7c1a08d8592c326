import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GatewayEnv, loadConfig } from '@app/shared';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app';
import { NatsLink } from '../../apps/gateway/src/http/nats-link';
import { expectEventually } from '../support/eventually';
import { ADMIN_PASSWORD, client, freshEnvironment } from '../support/platform';
import { PrivateNats } from '../support/private-nats';

/** The gateway with a NATS of this test's own, killed under it: a fast 503 and a truthful /health, then recovery. */
describe('the gateway while NATS is down', () => {
  const nats = new PrivateNats();
  let env: Awaited<ReturnType<typeof freshEnvironment>>;
  let gateway: NestFastifyApplication;
  let token: string;

  beforeAll(async () => {
    env = await freshEnvironment();
    await nats.start();
    gateway = await createGatewayApp(
      loadConfig(GatewayEnv, { NODE_ENV: 'test', NATS_URL: nats.url, DATABASE_URL: env.databaseUrl, LOG_LEVEL: 'error', ADMIN_PASSWORD, PASSWORD_HASH_COST: '10', RPC_TIMEOUT_MS: '5000' }),
    );
    await gateway.init();
    await gateway.getHttpAdapter().getInstance().ready();
    await gateway.get(NatsLink).ready();
    token = (await client(gateway.getHttpServer()).post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200)).body.accessToken;
  });

  afterAll(async () => {
    await gateway?.close();
    await nats.stop();
    nats.cleanup();
    await env?.drop();
  });

  it('answers 503 with Retry-After at once, says NATS is down in /health, and recovers by itself', async () => {
    const http = () => client(gateway.getHttpServer(), token);
    expect((await http().get('/health')).body.nats.status).toBe('up');

    await nats.stop();
    await expectEventually(async () => expect((await http().get('/health').expect(503)).body.nats.status).toBe('down'), 5000);
    const started = Date.now();
    const res = await http().get('/api/v1/customers').expect(503);
    // Not after the 5 s RPC timeout: the gateway knows the connection is gone.
    expect(Date.now() - started).toBeLessThan(1000);
    expect(res.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(res.headers['retry-after']).toBe('2');
    // A change under an Idempotency-Key cannot claim its key (the key-value bucket lives in NATS): 503, also with Retry-After.
    const keyed = await http().post('/api/v1/customers').set('Idempotency-Key', 'nats-down-1').send({ code: 'ND-1', name: 'x', industry: 'finance', tier: 'gold' }).expect(503);
    expect(keyed.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(keyed.headers['retry-after']).toBe('2');
    // Signing in needs only the gateway's own database.
    await client(gateway.getHttpServer()).post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);

    await nats.start();
    await expectEventually(async () => expect((await http().get('/health')).body.nats.status).toBe('up'), 10_000);
    // No service runs here: the request reaches NATS and finds no responder, a 503 naming the service.
    expect((await http().get('/api/v1/customers').expect(503)).body).toMatchObject({ service: 'provisioning' });
  });
});
