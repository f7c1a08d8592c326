import { jetstreamManager } from '@nats-io/jetstream';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connectNats, EventEnvelope, EVENTS_STREAM, GatewayEnv, GatewayEvents, loadConfig, UserChangedData } from '@app/shared';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app';
import { NatsLink } from '../../apps/gateway/src/http/nats-link';
import { expectEventually } from '../support/eventually';
import { ADMIN_PASSWORD, ApiClient, client, freshEnvironment } from '../support/platform';
import { PrivateNats } from '../support/private-nats';

/**
 * Users' contacts and unit, and the event every change of a user sends (evt.gateway.user.changed.v1, read by the
 * notifier's directory): written in the transaction of the change, published by the gateway's outbox relay, so a
 * NATS outage delays it and loses nothing. A NATS of this test's own, killed under the gateway.
 */
describe('users: contacts, unit, and the event of each change', () => {
  const nats = new PrivateNats();
  let env: Awaited<ReturnType<typeof freshEnvironment>>;
  const gateways: NestFastifyApplication[] = [];
  let http: () => ApiClient;

  const startGateway = async () => {
    const gateway = await createGatewayApp(
      loadConfig(GatewayEnv, { NODE_ENV: 'test', NATS_URL: nats.url, DATABASE_URL: env.databaseUrl, LOG_LEVEL: 'error', ADMIN_PASSWORD, PASSWORD_HASH_COST: '10', OUTBOX_POLL_MS: '200' }),
    );
    await gateway.init();
    await gateway.getHttpAdapter().getInstance().ready();
    await gateway.get(NatsLink).ready();
    gateways.push(gateway);
    const token = (await client(gateway.getHttpServer()).post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200)).body.accessToken;
    return () => client(gateway.getHttpServer(), token);
  };

  /** Every user event in the stream, in stream order. */
  const userEvents = async (): Promise<EventEnvelope<UserChangedData>[]> => {
    const nc = await connectNats(nats.url, 'users-test');
    try {
      const jsm = await jetstreamManager(nc);
      const { state } = await jsm.streams.info(EVENTS_STREAM);
      const events: EventEnvelope<UserChangedData>[] = [];
      for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
        const m = await jsm.streams.getMessage(EVENTS_STREAM, { seq });
        if (m?.subject === GatewayEvents.userChanged.type) events.push(m.json<EventEnvelope<UserChangedData>>());
      }
      return events;
    } finally {
      await nc.close();
    }
  };
  const eventsOf = async (userId: string) => (await userEvents()).filter((e) => e.subjectId === userId);

  const newUser = (username: string, extra: object = {}) => ({ username, displayName: username, password: 'long-enough-pw', roles: ['handling_unit'], ...extra });

  beforeAll(async () => {
    env = await freshEnvironment();
    await nats.start();
    http = await startGateway();
  });

  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    await nats.stop();
    nats.cleanup();
    await env?.drop();
  });

  it('announces the administrator made at first start', async () => {
    const admin = (await http().get('/api/v1/users').query({ role: 'admin' }).expect(200)).body.items[0];
    await expectEventually(async () => {
      const events = await eventsOf(admin.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'evt.gateway.user.changed.v1', source: 'gateway', data: { userId: admin.id, username: 'admin', roles: ['admin'], active: true } });
    });
  });

  it('keeps a mobile number, an e-mail address and a unit, refuses malformed ones naming the field, and lists users by unit', async () => {
    for (const phone of ['12345', '23800138000', '1380013800a', '+8513800138000', 138001380001]) {
      const refused = await http().post('/api/v1/users').send(newUser('bad-phone', { phone })).expect(400);
      expect(refused.body.errors).toEqual([{ field: 'phone', reason: expect.stringContaining('mobile number') }]);
    }
    for (const email of ['zhang', 'zhang@', '@example.com', 'zhang wei@example.com']) {
      const refused = await http().post('/api/v1/users').send(newUser('bad-email', { email })).expect(400);
      expect(refused.body.errors).toEqual([{ field: 'email', reason: expect.stringContaining('e-mail') }]);
    }
    const customerUnit = await http()
      .post('/api/v1/users')
      .send(newUser('portal-unit', { roles: ['customer_user'], customerId: '0b6c2f1e-8d1a-4c49-a3f7-1d2e3f4a5b6c', unit: '广州本地网传输中心' }))
      .expect(400);
    expect(customerUnit.body.errors).toEqual([{ field: 'unit', reason: 'not for customer_user' }]);

    const made = (
      await http()
        .post('/api/v1/users')
        .send(newUser('gz-transport', { unit: '广州本地网传输中心', phone: '13800138000', email: 'gz.transport@example.com' }))
        .expect(201)
    ).body;
    expect(made).toMatchObject({ unit: '广州本地网传输中心', phone: '13800138000', email: 'gz.transport@example.com' });
    await http().post('/api/v1/users').send(newUser('bj-transport', { unit: '北京本地网传输中心', phone: '+8613900139000' })).expect(201);
    await http().post('/api/v1/users').send(newUser('no-unit')).expect(201);

    const gz = (await http().get('/api/v1/users').query({ unit: '广州本地网传输中心', count: 'exact' }).expect(200)).body;
    expect(gz).toMatchObject({ total: 1, items: [{ id: made.id, username: 'gz-transport' }] });
    expect((await http().get(`/api/v1/users/${made.id}`).expect(200)).body).toMatchObject({ unit: '广州本地网传输中心', phone: '13800138000' });
    // No user of the refused requests came to be, nor was any announced.
    expect((await http().get('/api/v1/users').query({ q: 'bad-', count: 'exact' }).expect(200)).body.total).toBe(0);

    await expectEventually(async () => {
      const events = await eventsOf(made.id);
      expect(events).toHaveLength(1);
      expect(events[0].data).toEqual({
        userId: made.id,
        username: 'gz-transport',
        displayName: 'gz-transport',
        roles: ['handling_unit'],
        unit: '广州本地网传输中心',
        phone: '13800138000',
        email: 'gz.transport@example.com',
        active: true,
        at: made.updatedAt,
      });
    });
    expect((await userEvents()).map((e) => e.data.username)).toEqual(['admin', 'gz-transport', 'bj-transport', 'no-unit']);
  });

  it('announces every update with the whole user as it now is: null clears a field, a refused update announces nothing', async () => {
    const user = (await http().post('/api/v1/users').send(newUser('changing', { unit: '佛山本地网', phone: '13700137000', email: 'a@example.com' })).expect(201)).body;
    const refused = await http().patch(`/api/v1/users/${user.id}`).send({ phone: '1370013' }).expect(400);
    expect(refused.body.errors[0].field).toBe('phone');
    expect((await http().patch(`/api/v1/users/${user.id}`).send({ email: 'b@' }).expect(400)).body.errors[0].field).toBe('email');
    expect((await http().patch(`/api/v1/users/${user.id}`).send({ roles: ['customer_user'], customerId: '0b6c2f1e-8d1a-4c49-a3f7-1d2e3f4a5b6c' }).expect(400)).body.errors[0].field).toBe(
      'unit',
    );

    const cleared = (await http().patch(`/api/v1/users/${user.id}`).send({ phone: null, email: 'b@example.com', unit: '佛山本地网传输中心' }).expect(200)).body;
    expect(cleared).toMatchObject({ phone: null, email: 'b@example.com', unit: '佛山本地网传输中心' });
    const disabled = (await http().patch(`/api/v1/users/${user.id}`).send({ active: false, unit: null }).expect(200)).body;
    expect(disabled).toMatchObject({ active: false, unit: null, phone: null, email: 'b@example.com' });

    await expectEventually(async () => {
      const events = await eventsOf(user.id);
      expect(events.map((e) => e.data)).toEqual([
        expect.objectContaining({ unit: '佛山本地网', phone: '13700137000', email: 'a@example.com', active: true }),
        expect.objectContaining({ unit: '佛山本地网传输中心', email: 'b@example.com', active: true }),
        expect.objectContaining({ email: 'b@example.com', active: false }),
      ]);
      expect(events[1].data).not.toHaveProperty('phone');
      expect(events[2].data).not.toHaveProperty('unit');
      expect(events[2].data.at).toBe(disabled.updatedAt);
    });
  });

  it('publishes a change made while NATS is down once NATS is back, exactly once', async () => {
    await nats.stop();
    const during = (await http().post('/api/v1/users').send(newUser('made-during-outage', { phone: '13600136000' })).expect(201)).body;
    const changed = (await http().patch(`/api/v1/users/${during.id}`).send({ email: 'outage@example.com' }).expect(200)).body;
    await nats.start();
    await expectEventually(async () => {
      const events = await eventsOf(during.id);
      expect(events.map((e) => e.data)).toEqual([
        expect.objectContaining({ username: 'made-during-outage', phone: '13600136000' }),
        expect.objectContaining({ phone: '13600136000', email: 'outage@example.com', at: changed.updatedAt }),
      ]);
    }, 20_000);
  });

  it('two gateway replicas share the outbox: each change is published once, in the order it was made', async () => {
    const second = await startGateway();
    const made: string[] = [];
    for (let i = 0; i < 6; i++) {
      const via = i % 2 === 0 ? http : second;
      made.push((await via().post('/api/v1/users').send(newUser(`replica-${i}`)).expect(201)).body.id);
    }
    await expectEventually(async () => {
      const events = (await userEvents()).filter((e) => made.includes(e.subjectId));
      expect(events.map((e) => e.subjectId)).toEqual(made);
    });
    // Neither replica's start announced the administrator again.
    expect((await userEvents()).filter((e) => e.data.username === 'admin')).toHaveLength(1);
  });
});
