import { Kvm, KV } from '@nats-io/kv';
import { NatsConnection } from '@nats-io/transport-node';
import { createHash } from 'node:crypto';
import { Caller, connectNats, ProvisioningRpc, RpcClient } from '@app/shared';
import { startPlatform, TestPlatform } from '../support/platform';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Exactly-once at the edge: whatever is lost between two attempts of a POST with an Idempotency-Key (the gateway
 * killed mid-request, the answer never stored, a 504), the retry gets the original answer and nothing runs twice.
 */
describe('Idempotency-Key: exactly once through failures', () => {
  let platform: TestPlatform;
  let nc: NatsConnection;
  let kv: KV;
  let rpc: RpcClient;
  let admin: Caller;
  let n = 0;

  const body = () => ({ code: `IDEM-${++n}`, name: `幂等测试客户${n}`, industry: 'finance', tier: 'gold' });
  const kvKey = (key: string) => sha256(`${admin.sub} POST /api/v1/customers ${key}`);
  /** The request as a gateway sends it to the service, with its key and the body's fingerprint. */
  const direct = (key: string, b: object) =>
    rpc.send(ProvisioningRpc.createCustomer, b as never, { caller: admin, idempotency: { key: kvKey(key), fingerprint: sha256(JSON.stringify(b)) } });
  const customersWithCode = async (code: string) => (await platform.http().get('/api/v1/customers').query({ q: code, count: 'exact' }).expect(200)).body.total;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning'], gatewayEnv: { RPC_TIMEOUT_MS: '500' } });
    nc = await connectNats(platform.natsUrl, 'idempotency-test');
    rpc = new RpcClient(nc, 3000);
    const me = (await platform.http().get('/api/v1/auth/me').expect(200)).body;
    admin = { sub: me.sub, username: me.username, roles: me.roles };
    // Creates the bucket through the gateway, as in production.
    await platform.http().post('/api/v1/customers').set('Idempotency-Key', 'warm-up').send(body()).expect(201);
    kv = await new Kvm(nc).open('idempotency');
  });

  afterAll(async () => {
    await nc.close();
    await platform.close();
  });

  it('a gateway killed after the service committed: the retry after its lease gets the original answer, not a second customer', async () => {
    const b = body();
    // The dead gateway had claimed the key and sent the request; the service committed it; the answer was never stored.
    await kv.create(kvKey('killed-1'), JSON.stringify({ state: 'pending', fingerprint: sha256(JSON.stringify(b)), leaseUntil: platform.gatewayClock.now().getTime() + 2500 }));
    const created = await direct('killed-1', b);

    const during = await platform.http().post('/api/v1/customers').set('Idempotency-Key', 'killed-1').send(b).expect(409);
    expect(during.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(during.headers['retry-after']).toBe('3');

    platform.gatewayClock.advance(3000);
    const retry = await platform.http().post('/api/v1/customers').set('Idempotency-Key', 'killed-1').send(b).expect(201);
    expect(retry.body.id).toBe(created.id);
    expect(await customersWithCode(b.code)).toBe(1);
    // Now stored at the gateway too: replayed without reaching the service.
    const again = await platform.http().post('/api/v1/customers').set('Idempotency-Key', 'killed-1').send(b).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(created.id);
  });

  it('a gateway killed before the service got the request: the retry after the lease runs it once', async () => {
    const b = body();
    await kv.create(kvKey('killed-2'), JSON.stringify({ state: 'pending', fingerprint: sha256(JSON.stringify(b)), leaseUntil: platform.gatewayClock.now().getTime() + 2500 }));
    platform.gatewayClock.advance(3000);
    await platform.http().post('/api/v1/customers').set('Idempotency-Key', 'killed-2').send(b).expect(201);
    expect(await customersWithCode(b.code)).toBe(1);
  });

  it('a 504 keeps the key: the retry gets the answer of the attempt that did commit, and another body is still refused', async () => {
    const b = body();
    await platform.stopService('provisioning');
    const hung = nc.subscribe(ProvisioningRpc.createCustomer.subject, { queue: 'provisioning', callback: () => undefined });
    await nc.flush();
    try {
      await platform.http().post('/api/v1/customers').set('Idempotency-Key', 'timeout-1').send(b).expect(504);
    } finally {
      hung.unsubscribe();
      await platform.startService('provisioning');
    }
    // The attempt the gateway gave up on is committed by the service after all.
    const committed = await direct('timeout-1', b);
    const reused = await platform.http().post('/api/v1/customers').set('Idempotency-Key', 'timeout-1').send({ ...b, name: '另一个' }).expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const retry = await platform.http().post('/api/v1/customers').set('Idempotency-Key', 'timeout-1').send(b).expect(201);
    expect(retry.body.id).toBe(committed.id);
    expect(await customersWithCode(b.code)).toBe(1);
  });

  it('a definite failure (4xx) forgets the key, so the corrected request may use it', async () => {
    const b = body();
    await platform.http().post('/api/v1/customers').set('Idempotency-Key', 'bad-1').send({ ...b, tier: 'platinum' }).expect(400);
    await platform.http().post('/api/v1/customers').set('Idempotency-Key', 'bad-1').send(b).expect(201);
    const taken = await platform.http().post('/api/v1/customers').set('Idempotency-Key', 'bad-2').send(b).expect(409);
    expect(taken.body.code).toBe('CUSTOMER_CODE_TAKEN');
    await platform.http().post('/api/v1/customers').set('Idempotency-Key', 'bad-2').send({ ...b, code: `${b.code}-B` }).expect(201);
  });

  it('the same request twice at once in the service: one runs, both get its answer', async () => {
    const b = body();
    const [x, y] = await Promise.all([direct('race-1', b), direct('race-1', b)]);
    expect(x.id).toBe(y.id);
    expect(await customersWithCode(b.code)).toBe(1);
    await expect(direct('race-1', { ...b, name: '改了' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});
