import { jetstream } from '@nats-io/jetstream';
import { NatsConnection, Subscription } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Caller, CALLER_HEADER, connectNats, decodeCaller, EventEnvelope, InboxMessageAddedData, NotifierEvents } from '@app/shared';
import { subscribe } from '../support/event-stream';
import { expectEventually } from '../support/eventually';
import { createCustomer, CustomerFixture } from '../support/factories';
import { ADMIN_PASSWORD, startPlatform, TestPlatform, TestUser } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Asked {
  subject: string;
  data: Json;
  caller?: Caller;
}

/**
 * The gateway's notification routes: who may call each, what it refuses before asking, and which notifier request it
 * sends on whose behalf; and whose live event stream a message put in an inbox reaches. The notifier is not started
 * here: what reaches NATS is recorded and echoed back, so each route's answer is the request the notifier would have been
 * sent, and the inbox events are published as the notifier publishes them.
 */
describe('notification routes at the gateway', () => {
  let platform: TestPlatform;
  let nc: NatsConnection;
  let recorder: Subscription;
  let customer: CustomerFixture;
  const asked: Asked[] = [];
  const users: Record<'noc' | 'unit' | 'pm' | 'portal', TestUser> = {} as never;
  const ID = '6f1c1f52-7d0e-4a8e-9d55-0c6f3f0b8a11';

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning'] });
    customer = await createCustomer(platform.http);
    users.noc = await platform.user(['noc']);
    users.unit = await platform.user(['handling_unit']);
    users.pm = await platform.user(['project_manager']);
    users.portal = await platform.user(['customer_user'], customer.id);
    nc = await connectNats(platform.natsUrl, 'notifier-recorder');
    recorder = nc.subscribe('rpc.notifier.>', {
      callback: (_err, msg) => {
        const packet = msg.json<{ id: string; data: Json }>();
        const request: Asked = { subject: msg.subject, data: packet.data, caller: decodeCaller(msg.headers?.get(CALLER_HEADER)) };
        asked.push(request);
        msg.respond(JSON.stringify({ id: packet.id, response: request, isDisposed: true }));
      },
    });
    await nc.flush();
  });

  afterAll(async () => {
    recorder?.unsubscribe();
    await nc?.close();
    await platform?.close();
  });

  it('sends each route to its notifier request, on behalf of the caller', async () => {
    const admin = { username: 'admin', roles: ['admin'] };
    const portal = { sub: users.portal.id, roles: ['customer_user'], customerId: customer.id };
    /** The route answered 200 with what it asked: this subject, this request, on behalf of this caller. */
    const expectAsked = async (res: PromiseLike<{ status: number; body: Json }>, subject: string, data: Json, caller: Json) => {
      const { status, body } = await res;
      expect([subject, status]).toEqual([subject, 200]);
      expect(body).toEqual({ subject, data, caller: expect.objectContaining(caller) });
    };

    // Deliveries: a customer's user asks as itself (the notifier confines it to its customer); dead letters are the dead ones.
    const query = { status: 'sent', channel: 'sms', subjectType: 'ticket', limit: 10 };
    await expectAsked(users.portal.http().get('/api/v1/notifications').query(query), 'rpc.notifier.deliveries.list', query, portal);
    await expectAsked(users.unit.http().get('/api/v1/notifications').query({ customerId: customer.id }), 'rpc.notifier.deliveries.list', { customerId: customer.id }, { sub: users.unit.id });
    await expectAsked(users.portal.http().get(`/api/v1/notifications/${ID}`), 'rpc.notifier.deliveries.get', { id: ID }, portal);
    const dead = { channel: 'email', rule: 'crisis-a-escalated' };
    await expectAsked(platform.http().get('/api/v1/notifications/dead-letters').query(dead), 'rpc.notifier.deliveries.list', { ...dead, status: 'dead' }, admin);
    await expectAsked(platform.http().post(`/api/v1/notifications/${ID}/retry`), 'rpc.notifier.deliveries.retry', { id: ID }, admin);
    await expectAsked(platform.http().get('/api/v1/notifications/outbox').query({ channel: 'sms' }), 'rpc.notifier.outbox.list', { channel: 'sms' }, admin);

    // The inbox is the caller's own: nothing in the request names whose.
    await expectAsked(users.noc.http().get('/api/v1/notifications/inbox').query({ unread: 'true' }), 'rpc.notifier.inbox.list', { unread: true }, { sub: users.noc.id });
    await expectAsked(users.portal.http().get('/api/v1/notifications/inbox/count'), 'rpc.notifier.inbox.count', {}, portal);
    await expectAsked(users.portal.http().post(`/api/v1/notifications/inbox/${ID}/read`), 'rpc.notifier.inbox.read', { id: ID }, portal);
    await expectAsked(users.portal.http().post('/api/v1/notifications/inbox/read-all'), 'rpc.notifier.inbox.read-all', {}, portal);

    // Rules: staff read them, administrators change them.
    await expectAsked(users.unit.http().get('/api/v1/notifications/rules'), 'rpc.notifier.rules.list', {}, { sub: users.unit.id });
    await expectAsked(users.noc.http().get('/api/v1/notifications/rules/crisis-a-escalated'), 'rpc.notifier.rules.get', { key: 'crisis-a-escalated' }, { sub: users.noc.id });
    const change = { recipients: [{ kind: 'escalation_list', channels: ['sms'] }, { kind: 'role', role: 'noc', channels: ['inbox', 'email'] }], urgent: true, expectedVersion: 0 };
    await expectAsked(platform.http().put('/api/v1/notifications/rules/crisis-a-escalated').send(change), 'rpc.notifier.rules.put', { ...change, key: 'crisis-a-escalated' }, admin);
  });

  it("refuses a role that may not, before asking the notifier: customers' users read no rules, only administrators see dead letters and the outbox and change anything", async () => {
    const before = asked.length;
    const refusals: Array<[TestUser, 'get' | 'post' | 'put', string]> = [
      [users.portal, 'get', '/api/v1/notifications/rules'],
      [users.portal, 'get', '/api/v1/notifications/rules/crisis-a-escalated'],
      [users.portal, 'get', '/api/v1/notifications/dead-letters'],
      [users.noc, 'get', '/api/v1/notifications/dead-letters'],
      [users.noc, 'get', '/api/v1/notifications/outbox'],
      [users.pm, 'get', '/api/v1/notifications/outbox'],
      [users.noc, 'post', `/api/v1/notifications/${ID}/retry`],
      [users.unit, 'put', '/api/v1/notifications/rules/crisis-a-escalated'],
      [users.noc, 'put', '/api/v1/notifications/rules/crisis-a-escalated'],
    ];
    for (const [user, method, path] of refusals) {
      const res = await user.http()[method](path).send({});
      expect([method, path, user.username, res.status, res.body.code]).toEqual([method, path, user.username, 403, 'FORBIDDEN']);
    }
    await platform.anonymous().get('/api/v1/notifications/inbox').expect(401);
    expect(asked.length).toBe(before);
  });

  it('refuses a malformed request with a 400 naming the field, before asking the notifier', async () => {
    const before = asked.length;
    const refusals: Array<[PromiseLike<{ status: number; body: Json }>, string]> = [
      [platform.http().get('/api/v1/notifications').query({ status: 'lost' }), 'status'],
      [platform.http().get('/api/v1/notifications').query({ channel: 'fax' }), 'channel'],
      [platform.http().get('/api/v1/notifications').query({ customerId: 'not-a-uuid' }), 'customerId'],
      [platform.http().get('/api/v1/notifications').query({ limit: 1000 }), 'limit'],
      // Dead letters are dead: no other status to ask for.
      [platform.http().get('/api/v1/notifications/dead-letters').query({ status: 'sent' }), 'status'],
      [platform.http().get('/api/v1/notifications/outbox').query({ channel: 'inbox' }), 'channel'],
      [platform.http().get('/api/v1/notifications/not-a-uuid'), 'id'],
      [platform.http().post('/api/v1/notifications/not-a-uuid/retry'), 'id'],
      [users.noc.http().get('/api/v1/notifications/inbox').query({ unread: 'maybe' }), 'unread'],
      [users.noc.http().post('/api/v1/notifications/inbox/not-a-uuid/read'), 'id'],
      [users.noc.http().get('/api/v1/notifications/rules/Not_A_Key'), 'key'],
      [platform.http().put('/api/v1/notifications/rules/Not_A_Key').send({ urgent: true }), 'key'],
      [platform.http().put('/api/v1/notifications/rules/crisis-a-escalated').send({ recipients: [{ kind: 'everyone', channels: ['sms'] }] }), 'recipients.0.kind'],
      [platform.http().put('/api/v1/notifications/rules/crisis-a-escalated').send({ recipients: [{ kind: 'role', role: 'noc', channels: ['pager'] }] }), 'recipients.0.channels'],
      [platform.http().put('/api/v1/notifications/rules/crisis-a-escalated').send({ recipients: [] }), 'recipients'],
      [platform.http().put('/api/v1/notifications/rules/crisis-a-escalated').send({ recipients: [[]] }), 'recipients'],
      [platform.http().put('/api/v1/notifications/rules/crisis-a-escalated').send({ titleTemplate: '' }), 'titleTemplate'],
      [platform.http().put('/api/v1/notifications/rules/crisis-a-escalated').send({ urgent: 'yes' }), 'urgent'],
      [platform.http().put('/api/v1/notifications/rules/crisis-a-escalated').send({ expectedVersion: -1 }), 'expectedVersion'],
      [platform.http().put('/api/v1/notifications/rules/crisis-a-escalated').send({ key: 'another-rule' }), 'key'],
    ];
    for (const [request, field] of refusals) {
      const res = await request;
      expect([field, res.status]).toEqual([field, 400]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(asked.length).toBe(before);
  });

  it("pushes a message put in a user's inbox on that user's event stream, and on no one else's", async () => {
    await platform.gateway.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(platform.gateway.getHttpServer().address() as AddressInfo).port}`;
    const colleague = await platform.user(['customer_user'], customer.id);
    const adminToken = (await platform.anonymous().post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200)).body.accessToken;
    const [portal, sameCustomer, admin, noc] = await Promise.all([users.portal.token, colleague.token, adminToken, users.noc.token].map((token) => subscribe(base, token)));
    // What the notifier publishes when it puts a message in an inbox.
    const put = async (userId: string, title: string) => {
      const data: InboxMessageAddedData = { messageId: randomUUID(), userId, customerId: customer.id, title, body: '请在门户中答复割接通知', subjectType: 'cutover', urgent: false, createdAt: platform.clock.now().toISOString() };
      const envelope: EventEnvelope<InboxMessageAddedData> = { id: randomUUID(), type: NotifierEvents.inboxAdded.type, source: 'notifier', occurredAt: data.createdAt, subjectId: data.messageId, data };
      await jetstream(nc).publish(envelope.type, JSON.stringify(envelope), { msgID: envelope.id });
    };
    try {
      await put(users.portal.id, '割接通知');
      // Later than the first: once these have arrived, the first would have too.
      await put(colleague.id, '同事的通知');
      await put(users.noc.id, '网管的通知');
      await expectEventually(() => {
        expect(portal.events.map((e) => [e.event, e.data.data.title])).toEqual([['inbox.added', '割接通知']]);
        expect(sameCustomer.events.map((e) => e.data.data.title)).toEqual(['同事的通知']);
        expect(noc.events.map((e) => e.data.data.title)).toEqual(['网管的通知']);
      });
      expect(portal.events[0].data).toMatchObject({ type: 'evt.notifier.inbox.added.v1', data: { userId: users.portal.id, customerId: customer.id, subjectType: 'cutover' } });
      expect(admin.events).toEqual([]);
    } finally {
      for (const stream of [portal, sameCustomer, admin, noc]) stream.close();
    }
  });
});
