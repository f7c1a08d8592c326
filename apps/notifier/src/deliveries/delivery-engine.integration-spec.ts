import { INestMicroservice } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  AppError,
  Caller,
  connectNats,
  DeliveryView,
  InboxCountView,
  InboxMessageView,
  loadConfig,
  ManualClock,
  NotifierEvents,
  NotifierRpc,
  OutboxMessageView,
  Page,
  RpcClient,
  settingsRpc,
  startService,
  UnitOfWork,
} from '@app/shared';
import { NatsConnection } from '@nats-io/transport-node';
import { closedPortUrl, mailHeader, mailText, SmsGatewayServer, SmtpTestServer } from '../../../../test/support/notification-servers';
import { expectEventually } from '../../../../test/support/eventually';
import { freshEnvironment } from '../../../../test/support/platform';
import { NotifierEnv } from '../notifier.env';
import { NotifierModule } from '../notifier.module';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { DeliveryIntent, DeliveryQueue } from './delivery-queue';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const ADMIN: Caller = { sub: randomUUID(), username: 'admin', roles: ['admin'] };
const NOC: Caller = { sub: randomUUID(), username: 'noc', roles: ['noc'] };

interface Notifier {
  app: INestMicroservice;
  dispatcher: DeliveryDispatcher;
  enqueue(intents: DeliveryIntent[]): Promise<string[]>;
}

/**
 * The delivery engine (issue #14) against real Postgres and NATS, a real SMTP server and a local HTTP server standing
 * for the SMS gateway. Several notifier replicas share one database, as in production; their loops are stopped and
 * the tests drive each poll with `runOnce` and the ManualClock.
 */
describe('notifier: delivering SMS, e-mail and inbox messages', () => {
  let env: Awaited<ReturnType<typeof freshEnvironment>>;
  let db: Client;
  let nc: NatsConnection;
  let rpc: RpcClient;
  const clock = new ManualClock('2026-11-02T02:00:00Z');
  const sms = new SmsGatewayServer();
  const smtp = new SmtpTestServer();
  const apps: INestMicroservice[] = [];
  /** Two replicas with the SMS gateway and the mail server. */
  let a1: Notifier;
  let a2: Notifier;
  /** One whose SMS gateway is down for good. */
  let down: Notifier;
  /** One with neither configured: the local outbox. */
  let local: Notifier;

  async function startNotifier(name: string, vars: Record<string, string>, opts: { loop?: boolean } = {}): Promise<Notifier> {
    const config = loadConfig(NotifierEnv, {
      NODE_ENV: 'test',
      DATABASE_URL: env.databaseUrl,
      NATS_URL: env.natsUrl,
      OUTBOX_POLL_MS: '200',
      LOG_LEVEL: 'error',
      INSTANCE_ID: name,
      SEND_TIMEOUT_MS: '3000',
      SMS_SIGNATURE: '【某电信政企】',
      MAIL_FROM: '政企客户服务 <noreply@example.test>',
      ...vars,
    });
    const app = await startService('notifier', NotifierModule.forRoot({ env: config, clock }), config);
    apps.push(app);
    const dispatcher = app.get(DeliveryDispatcher);
    if (!opts.loop) await dispatcher.stop();
    const queue = app.get(DeliveryQueue);
    const uow = app.get(UnitOfWork);
    return { app, dispatcher, enqueue: async (intents) => (await uow.run((m) => queue.enqueue(m, intents))).map((d) => d.id) };
  }

  beforeAll(async () => {
    env = await freshEnvironment();
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    nc = await connectNats(env.natsUrl, 'notifier-test');
    rpc = new RpcClient(nc, 5000);
    await sms.start();
    await smtp.start();
    const real = { SMS_GATEWAY_URL: sms.url, SMS_GATEWAY_USER: 'gem', SMS_GATEWAY_PASSWORD: 'sms-secret', SMTP_URL: smtp.url };
    a1 = await startNotifier('a1', real);
    a2 = await startNotifier('a2', real);
    down = await startNotifier('down', { ...real, SMS_GATEWAY_URL: await closedPortUrl('/sms/send') });
    local = await startNotifier('local', {});
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await nc?.close();
    await db?.end();
    await sms.stop();
    await smtp.stop();
    await env?.drop();
  });

  beforeEach(async () => {
    sms.reset();
    smtp.reset();
    await db.query('TRUNCATE notifier.deliveries, notifier.inbox_messages, notifier.local_outbox, notifier.outbox');
  });

  const customerId = randomUUID();
  const ticketId = randomUUID();
  let n = 0;
  function intent(over: Partial<DeliveryIntent> = {}): DeliveryIntent {
    const phone = `1380000${String(++n).padStart(4, '0')}`;
    return {
      eventId: randomUUID(),
      eventType: 'evt.fault.ticket.escalated.v1',
      rule: 'crisis-a-escalated',
      subjectType: 'ticket',
      subjectId: ticketId,
      subjectNumber: 'GZ-20261102-0001',
      customerId,
      audience: 'staff',
      channel: 'sms',
      recipientKey: `phone:${phone}`,
      recipientName: '王经理',
      address: phone,
      title: '【A级危机】GZ-20261102-0001 甲银行',
      body: '甲银行电路CIR-1：中断，预计恢复11月2日12:00',
      urgent: false,
      ...over,
    };
  }

  const get = (id: string, caller: Caller = ADMIN) => rpc.send(NotifierRpc.getDelivery, { id }, { caller });
  async function recorded(deliveryId: string): Promise<Array<{ status: string; attempts: number; providerId?: string }>> {
    const rows = (await db.query(`SELECT envelope FROM notifier.outbox WHERE type = $1 AND envelope->'data'->>'deliveryId' = $2`, [
      NotifierEvents.deliveryRecorded.type,
      deliveryId,
    ])) as { rows: Array<{ envelope: { data: { status: string; attempts: number; providerId?: string } } }> };
    return rows.rows.map((r) => r.envelope.data);
  }
  const rpcError = (p: Promise<unknown>) => p.then(() => undefined, (e: AppError) => e.code);

  it('makes each (event, recipient, channel) once and sends each once, even with two dispatchers polling at once', async () => {
    const intents = [
      ...Array.from({ length: 6 }, () => intent()),
      ...Array.from({ length: 3 }, (_, i) => intent({ channel: 'email', recipientKey: `email:m${i}@bank.example`, address: `m${i}@bank.example` })),
      ...Array.from({ length: 2 }, () => {
        const user = randomUUID();
        return intent({ channel: 'inbox', recipientKey: `user:${user}`, recipientUserId: user, address: user });
      }),
    ];
    const made = await a1.enqueue(intents);
    expect(made).toHaveLength(11);
    // The same event delivered again (to either replica) makes nothing.
    expect(await a2.enqueue(intents)).toEqual([]);
    expect(await a1.enqueue(intents.slice(0, 3))).toEqual([]);

    const [r1, r2] = await Promise.all([a1.dispatcher.runOnce(), a2.dispatcher.runOnce()]);
    expect(r1.sent + r2.sent).toBe(11);
    // Nothing left, whoever polls next.
    expect((await Promise.all([a1.dispatcher.runOnce(), a2.dispatcher.runOnce()])).map((r) => r.sent)).toEqual([0, 0]);

    expect(sms.received).toHaveLength(6);
    expect(new Set(sms.received.map((r) => r.body.ref))).toEqual(new Set(made.slice(0, 6)));
    expect(smtp.received).toHaveLength(3);
    expect((await db.query('SELECT count(*)::int AS n FROM notifier.inbox_messages')).rows[0].n).toBe(2);
    for (const id of made) {
      expect(await get(id)).toMatchObject({ status: 'sent', attempts: 1 });
      expect(await recorded(id)).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })]);
    }
  });

  it('retries an SMS gateway answering 500 at the back-off times (30 s, 60 s, 120 s) and stores the provider id', async () => {
    clock.set('2026-11-02T02:00:00Z');
    sms.answers.push(500, 500, 500);
    const [id] = await a1.enqueue([intent()]);
    const attemptAfter = async (ms: number, expected: number) => {
      clock.advance(ms - SECOND);
      await a1.dispatcher.runOnce();
      expect(sms.to(id)).toHaveLength(expected - 1);
      clock.advance(SECOND);
      await a1.dispatcher.runOnce();
      expect(sms.to(id)).toHaveLength(expected);
    };
    await a1.dispatcher.runOnce();
    expect(await get(id)).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: '2026-11-02T02:00:30.000Z', lastError: expect.stringContaining('500') });
    await attemptAfter(30 * SECOND, 2);
    expect(await get(id)).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: '2026-11-02T02:01:30.000Z' });
    await attemptAfter(60 * SECOND, 3);
    expect(await get(id)).toMatchObject({ status: 'pending', attempts: 3, nextAttemptAt: '2026-11-02T02:03:30.000Z' });
    await attemptAfter(120 * SECOND, 4);
    expect(await get(id)).toMatchObject({ status: 'sent', attempts: 4, provider: 'sms-gateway', providerId: 'sms-4', sentAt: '2026-11-02T02:03:30.000Z' });
    expect(await recorded(id)).toEqual([expect.objectContaining({ status: 'sent', attempts: 4, providerId: 'sms-4' })]);

    // Every attempt was the same message, with the delivery id as the client reference, signed and authenticated.
    const basic = `Basic ${Buffer.from('gem:sms-secret').toString('base64')}`;
    for (const r of sms.to(id)) {
      expect(r.headers).toMatchObject({ authorization: basic, 'idempotency-key': id });
      expect(r.body).toEqual({ to: expect.stringMatching(/^1380000/), content: '【某电信政企】【A级危机】GZ-20261102-0001 甲银行：甲银行电路CIR-1：中断，预计恢复11月2日12:00', ref: id });
    }
  });

  it('makes a dead letter at once when the gateway refuses the message (HTTP 4xx)', async () => {
    sms.answers.push(400);
    const [id] = await a1.enqueue([intent()]);
    expect(await a1.dispatcher.runOnce()).toMatchObject({ dead: 1 });
    expect(await get(id)).toMatchObject({ status: 'dead', attempts: 1, lastError: expect.stringContaining('400') });
    expect(await recorded(id)).toEqual([expect.objectContaining({ status: 'dead', attempts: 1 })]);
  });

  it('ends as a dead letter after 5 attempts when the SMS gateway is down for good', async () => {
    clock.set('2026-11-03T02:00:00Z');
    const [id] = await down.enqueue([intent()]);
    const waits = [30, 60, 120, 240];
    for (const [i, wait] of waits.entries()) {
      await down.dispatcher.runOnce();
      const d = await get(id);
      expect(d).toMatchObject({ status: 'pending', attempts: i + 1, lastError: expect.stringContaining('ECONNREFUSED') });
      expect(new Date(d.nextAttemptAt!).getTime() - clock.now().getTime()).toBe(wait * SECOND);
      clock.advance(wait * SECOND);
    }
    expect(await down.dispatcher.runOnce()).toMatchObject({ dead: 1 });
    const dead = await get(id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 5 });
    expect(dead.nextAttemptAt).toBeUndefined();
    expect(await recorded(id)).toEqual([expect.objectContaining({ status: 'dead', attempts: 5 })]);
    // Nothing more is tried.
    clock.advance(3600 * SECOND);
    expect(await down.dispatcher.runOnce()).toEqual({ sent: 0, retrying: 0, dead: 0, held: 0 });
  });

  it('holds a non-urgent SMS in quiet hours (22:00–07:00 Beijing) until they end; an urgent one goes at once', async () => {
    clock.set('2026-11-02T14:00:00Z'); // 22:00 in Beijing
    const [quiet, urgent] = await a1.enqueue([intent(), intent({ urgent: true })]);
    expect(await a1.dispatcher.runOnce()).toMatchObject({ sent: 1, held: 1 });
    expect(sms.to(urgent)).toHaveLength(1);
    expect(await get(quiet)).toMatchObject({ status: 'pending', attempts: 0, heldReason: 'quiet-hours', nextAttemptAt: '2026-11-02T23:00:00.000Z' });

    clock.set('2026-11-02T22:59:59Z');
    await a1.dispatcher.runOnce();
    expect(sms.to(quiet)).toHaveLength(0);
    clock.set('2026-11-02T23:00:00Z'); // 07:00 in Beijing
    await a1.dispatcher.runOnce();
    expect(sms.to(quiet)).toHaveLength(1);
    const sent = await get(quiet);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
    expect(sent.heldReason).toBeUndefined();
  });

  it('sends at most 5 non-urgent SMS to one number within an hour: the 6th waits until the first is an hour old', async () => {
    clock.set('2026-11-04T02:00:00Z');
    const phone = '13912345678';
    const to = (over: Partial<DeliveryIntent> = {}) => intent({ recipientKey: `phone:${phone}`, address: phone, ...over });
    for (let i = 0; i < 5; i++) {
      await a1.enqueue([to()]);
      await a1.dispatcher.runOnce();
      clock.advance(MINUTE);
    }
    expect(sms.received).toHaveLength(5);
    clock.set('2026-11-04T02:10:00Z');
    const [sixth] = await a1.enqueue([to()]);
    expect(await a1.dispatcher.runOnce()).toMatchObject({ held: 1 });
    expect(await get(sixth)).toMatchObject({ status: 'pending', heldReason: 'rate-limit', nextAttemptAt: '2026-11-04T03:00:00.000Z' });
    // An urgent message is not held by the limit.
    const [urgent] = await a1.enqueue([to({ urgent: true })]);
    await a1.dispatcher.runOnce();
    expect(sms.to(urgent)).toHaveLength(1);

    clock.set('2026-11-04T02:59:59Z');
    await Promise.all([a1.dispatcher.runOnce(), a2.dispatcher.runOnce()]);
    expect(sms.to(sixth)).toHaveLength(0);
    clock.set('2026-11-04T03:01:00Z');
    await Promise.all([a1.dispatcher.runOnce(), a2.dispatcher.runOnce()]);
    expect(sms.to(sixth)).toHaveLength(1);
  });

  it('the rate limit holds across replicas: two dispatchers leasing SMS to one number at once send 5', async () => {
    clock.set('2026-11-05T02:00:00Z');
    const phone = '13700000000';
    await a1.enqueue(Array.from({ length: 8 }, () => intent({ recipientKey: `phone:${phone}`, address: phone })));
    const results = await Promise.all([a1.dispatcher.runOnce(), a2.dispatcher.runOnce()]);
    expect(sms.received).toHaveLength(5);
    expect(results.reduce((s, r) => s + r.held, 0)).toBe(3);
  });

  it('e-mails through the SMTP server: Chinese subject and body in UTF-8, a Message-ID made from the delivery id', async () => {
    const [id] = await a1.enqueue([intent({ channel: 'email', recipientKey: 'email:wang@bank.example', address: 'wang@bank.example', recipientName: '王经理' })]);
    await a1.dispatcher.runOnce();
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail).toMatchObject({ from: 'noreply@example.test', to: ['wang@bank.example'] });
    expect(mailHeader(mail.raw, 'Subject')).toBe('【A级危机】GZ-20261102-0001 甲银行');
    expect(mailHeader(mail.raw, 'Message-ID')).toBe(`<delivery-${id}@example.test>`);
    expect(mailHeader(mail.raw, 'Content-Type')).toMatch(/charset=utf-8/i);
    expect(mailText(mail.raw).trim()).toBe('甲银行电路CIR-1：中断，预计恢复11月2日12:00');
    expect(await get(id)).toMatchObject({ status: 'sent', provider: 'smtp', providerId: expect.any(String) });
  });

  it('an SMTP 4xx is retried, an SMTP 5xx is a dead letter at once', async () => {
    smtp.refuse.set('later@bank.example', 451);
    smtp.refuse.set('nobody@bank.example', 550);
    const [later, nobody] = await a1.enqueue([
      intent({ channel: 'email', recipientKey: 'email:later@bank.example', address: 'later@bank.example' }),
      intent({ channel: 'email', recipientKey: 'email:nobody@bank.example', address: 'nobody@bank.example' }),
    ]);
    await a1.dispatcher.runOnce();
    expect(await get(later)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await get(nobody)).toMatchObject({ status: 'dead', attempts: 1, lastError: expect.stringContaining('550') });
  });

  it("puts an inbox message in the user's inbox with its event; the user lists, counts and reads only their own", async () => {
    const user: Caller = { sub: randomUUID(), username: 'wang', roles: ['customer_manager'] };
    const other: Caller = { sub: randomUUID(), username: 'li', roles: ['customer_manager'] };
    const [first, second] = await a1.enqueue([
      intent({ channel: 'inbox', recipientKey: `user:${user.sub}`, recipientUserId: user.sub, address: user.sub, link: `/api/v1/faults/tickets/${ticketId}` }),
      intent({ channel: 'inbox', recipientKey: `user:${user.sub}`, recipientUserId: user.sub, address: user.sub, urgent: true }),
    ]);
    await a1.dispatcher.runOnce();
    expect(await get(first)).toMatchObject({ status: 'sent', provider: 'inbox' });
    const events = (await db.query(`SELECT envelope FROM notifier.outbox WHERE type = $1`, [NotifierEvents.inboxAdded.type])).rows as Array<{ envelope: { data: Record<string, unknown> } }>;
    expect(events.map((e) => e.envelope.data)).toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: user.sub, customerId, title: '【A级危机】GZ-20261102-0001 甲银行', link: `/api/v1/faults/tickets/${ticketId}`, subjectType: 'ticket' })]),
    );
    expect(events).toHaveLength(2);

    const page = await rpc.send(NotifierRpc.listInbox, { count: 'exact' }, { caller: user });
    expect(page).toMatchObject({ total: 2, items: [{ subjectNumber: 'GZ-20261102-0001' }, { subjectNumber: 'GZ-20261102-0001' }] });
    expect(await rpc.send(NotifierRpc.countInbox, {}, { caller: user })).toEqual({ unread: 2 });
    expect(await rpc.send(NotifierRpc.listInbox, {}, { caller: other })).toMatchObject({ items: [] });

    const message = (page as Page<InboxMessageView>).items.find((i) => i.link)!;
    expect(await rpcError(rpc.send(NotifierRpc.readInbox, { id: message.id }, { caller: other }))).toBe('INBOX_MESSAGE_NOT_FOUND');
    const read = await rpc.send(NotifierRpc.readInbox, { id: message.id }, { caller: user });
    expect(read.readAt).toBe(clock.now().toISOString());
    expect(await rpc.send(NotifierRpc.countInbox, {}, { caller: user })).toEqual({ unread: 1 });
    expect((await rpc.send(NotifierRpc.listInbox, { unread: true }, { caller: user })).items).toHaveLength(1);
    expect((await rpc.send(NotifierRpc.listInbox, { unread: false }, { caller: user })).items).toHaveLength(1);
    expect(await rpc.send(NotifierRpc.readAllInbox, {}, { caller: user })).toEqual<InboxCountView>({ unread: 0 });
    expect(second).toBeDefined();
  });

  it('keeps SMS and e-mail in the local outbox when no SMS gateway or mail server is configured', async () => {
    const [text, mail] = await local.enqueue([intent(), intent({ channel: 'email', recipientKey: 'email:dev@bank.example', address: 'dev@bank.example' })]);
    expect(await local.dispatcher.runOnce()).toMatchObject({ sent: 2 });
    expect(sms.received).toHaveLength(0);
    expect(smtp.received).toHaveLength(0);
    const outbox = await rpc.send(NotifierRpc.listOutbox, {}, { caller: ADMIN });
    expect(outbox.items).toEqual(
      expect.arrayContaining<OutboxMessageView>([
        expect.objectContaining({ deliveryId: text, channel: 'sms', body: '【某电信政企】【A级危机】GZ-20261102-0001 甲银行：甲银行电路CIR-1：中断，预计恢复11月2日12:00' }),
        expect.objectContaining({ deliveryId: mail, channel: 'email', to: 'dev@bank.example', subject: '【A级危机】GZ-20261102-0001 甲银行' }),
      ]),
    );
    expect((await rpc.send(NotifierRpc.listOutbox, { channel: 'email' }, { caller: ADMIN })).items).toHaveLength(1);
    expect(await get(text)).toMatchObject({ status: 'sent', provider: 'local-outbox' });
    expect(await rpcError(rpc.send(NotifierRpc.listOutbox, {}, { caller: NOC }))).toBe('FORBIDDEN');
  });

  it('sends again, once, a delivery whose sender died mid-attempt, when its 60 s lease expires', async () => {
    clock.set('2026-11-06T02:00:00Z');
    const [id] = await a1.enqueue([intent()]);
    // A replica leased it and was killed before it recorded anything.
    await db.query(`UPDATE notifier.deliveries SET status = 'sending', lease_until = $2 WHERE id = $1`, [id, new Date(clock.now().getTime() + 60 * SECOND)]);
    clock.advance(59 * SECOND);
    await Promise.all([a1.dispatcher.runOnce(), a2.dispatcher.runOnce()]);
    expect(await get(id)).toMatchObject({ status: 'sending', attempts: 0 });
    clock.advance(SECOND);
    await Promise.all([a1.dispatcher.runOnce(), a2.dispatcher.runOnce()]);
    expect(await get(id)).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('lease'), nextAttemptAt: '2026-11-06T02:01:30.000Z' });
    clock.advance(30 * SECOND);
    await Promise.all([a1.dispatcher.runOnce(), a2.dispatcher.runOnce()]);
    await Promise.all([a1.dispatcher.runOnce(), a2.dispatcher.runOnce()]);
    expect(sms.to(id)).toHaveLength(1);
    expect(await get(id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await recorded(id)).toHaveLength(1);
  });

  it('a delivery that cannot be sent is dead at once, recorded, and an admin may send it again', async () => {
    const [id] = await a1.enqueue([intent({ problem: '王经理 has no phone number', address: '' })]);
    expect(await get(id)).toMatchObject({ status: 'dead', attempts: 0, lastError: '王经理 has no phone number' });
    expect(await recorded(id)).toEqual([expect.objectContaining({ status: 'dead', attempts: 0 })]);

    expect(await rpcError(rpc.send(NotifierRpc.retryDelivery, { id }, { caller: NOC }))).toBe('FORBIDDEN');
    const [sent] = await a1.enqueue([intent()]);
    await a1.dispatcher.runOnce();
    expect(await rpcError(rpc.send(NotifierRpc.retryDelivery, { id: sent }, { caller: ADMIN }))).toBe('DELIVERY_NOT_DEAD');
    expect(await rpcError(rpc.send(NotifierRpc.retryDelivery, { id: randomUUID() }, { caller: ADMIN }))).toBe('DELIVERY_NOT_FOUND');

    await db.query(`UPDATE notifier.deliveries SET address = '13600000000' WHERE id = $1`, [id]);
    expect(await rpc.send(NotifierRpc.retryDelivery, { id }, { caller: ADMIN })).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: clock.now().toISOString() });
    await a1.dispatcher.runOnce();
    expect(await get(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it("lists deliveries newest first with filters; a customer's user sees only its own customer's, addressed to the customer", async () => {
    const otherCustomer = randomUUID();
    const [staffNote] = await a1.enqueue([intent({ audience: 'staff' })]);
    clock.advance(SECOND);
    const [told] = await a1.enqueue([intent({ audience: 'customer', recipientName: '甲银行联系人' })]);
    clock.advance(SECOND);
    const [elsewhere] = await a1.enqueue([intent({ audience: 'customer', customerId: otherCustomer })]);

    const all = await rpc.send(NotifierRpc.listDeliveries, { count: 'exact' }, { caller: NOC });
    expect(all).toMatchObject({ total: 3 });
    expect(all.items.map((d: DeliveryView) => d.id)).toEqual([elsewhere, told, staffNote]);
    expect((await rpc.send(NotifierRpc.listDeliveries, { customerId, recipient: '联系人' }, { caller: NOC })).items.map((d) => d.id)).toEqual([told]);
    expect((await rpc.send(NotifierRpc.listDeliveries, { status: 'sent' }, { caller: NOC })).items).toEqual([]);

    const customerUser: Caller = { sub: randomUUID(), username: 'bank', roles: ['customer_user'], customerId };
    expect((await rpc.send(NotifierRpc.listDeliveries, {}, { caller: customerUser })).items.map((d) => d.id)).toEqual([told]);
    // Asking for another customer's changes nothing.
    expect((await rpc.send(NotifierRpc.listDeliveries, { customerId: otherCustomer }, { caller: customerUser })).items.map((d) => d.id)).toEqual([told]);
    expect(await get(told, customerUser)).toMatchObject({ id: told });
    expect(await rpcError(get(staffNote, customerUser))).toBe('DELIVERY_NOT_FOUND');
    expect(await rpcError(get(elsewhere, customerUser))).toBe('DELIVERY_NOT_FOUND');
    expect(await rpcError(rpc.send(NotifierRpc.listOutbox, {}, { caller: customerUser }))).toBe('FORBIDDEN');
  });

  it('sends on its own: the loop started with the service polls every NOTIFIER_POLL_MS', async () => {
    const looping = await startNotifier('looping', { NOTIFIER_POLL_MS: '100' }, { loop: true });
    try {
      const [id] = await looping.enqueue([intent({ channel: 'email', recipientKey: 'email:loop@bank.example', address: 'loop@bank.example' })]);
      await expectEventually(async () => expect(await get(id)).toMatchObject({ status: 'sent', provider: 'local-outbox' }), 5000, 50);
    } finally {
      await looping.app.close();
      apps.splice(apps.indexOf(looping.app), 1);
    }
  });

  it('reads its limits from the settings: fewer attempts apply at the next poll', async () => {
    await rpc.send(settingsRpc('notifier').put, { values: { maxAttempts: 2 } }, { caller: ADMIN });
    try {
      const [id] = await down.enqueue([intent()]);
      await down.dispatcher.runOnce();
      clock.advance(30 * SECOND);
      await down.dispatcher.runOnce();
      expect(await get(id)).toMatchObject({ status: 'dead', attempts: 2 });
    } finally {
      await rpc.send(settingsRpc('notifier').put, { values: { maxAttempts: 5 } }, { caller: ADMIN });
    }
  });
});
