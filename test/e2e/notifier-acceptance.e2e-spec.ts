import { jetstreamManager } from '@nats-io/jetstream';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { connectNats, EVENTS_STREAM, MIN, SECOND } from '@app/shared';
import { subscribe } from '../support/event-stream';
import { expectEventually } from '../support/eventually';
import { createCircuit, createCustomer, CustomerFixture, openFault, orderRequest } from '../support/factories';
import { mailHeader, mailText, SmsGatewayServer, SmtpTestServer } from '../support/notification-servers';
import { ApiClient, startPlatform, TestPlatform } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Person {
  id: string;
  displayName: string;
  email?: string;
  phone?: string;
  token: string;
  http: () => ApiClient;
}

const LEADERS = [
  { level: 1, name: '周主管', role: '值班主管', phone: '13700000001' },
  { level: 2, name: '吴部长', role: '网络部主任', phone: '13700000002' },
  { level: 3, name: '郑总', role: '分管副总', phone: '13700000003' },
];
const SIGNATURE = '【政企客户服务】';

/**
 * Issue #14's acceptance, through the gateway with every event from its real producer: the notifier sends to a local
 * HTTP server standing for the operator's SMS gateway and to a real SMTP server, and learns its recipients from the
 * users created at the gateway (evt.gateway.user.changed.v1) and the customers, tickets and orders of the services.
 */
describe('notifier acceptance: SMS gateway, mail server and inboxes, end to end', () => {
  let platform: TestPlatform;
  let db: Client;
  const sms = new SmsGatewayServer();
  const smtp = new SmtpTestServer();
  let bank: CustomerFixture;
  let school: CustomerFixture;
  const people = {} as Record<'manager' | 'business' | 'support' | 'noc' | 'unit' | 'bankUser' | 'bankColleague' | 'schoolUser', Person>;

  const http = () => platform.http();
  const sql = async <T = Json>(query: string, params: unknown[] = []): Promise<T[]> => (await db.query(query, params)).rows as T[];

  let seq = 0;
  /** A platform user created at the gateway, as an admin does, and signed in. */
  async function person(displayName: string, roles: string[], extra: { customerId?: string; unit?: string; phone?: string; email?: string } = {}): Promise<Person> {
    const username = `acc-${++seq}`;
    const password = `password-of-${username}`;
    const { id } = (await http().post('/api/v1/users').send({ username, displayName, password, roles, ...extra }).expect(201)).body;
    const { accessToken } = (await platform.anonymous().post('/api/v1/auth/login').send({ username, password }).expect(200)).body;
    return { id, displayName, email: extra.email, phone: extra.phone, token: accessToken, http: () => platform.as(accessToken) };
  }

  beforeAll(async () => {
    await sms.start();
    await smtp.start();
    platform = await startPlatform({
      services: ['provisioning', 'fault', 'notifier'],
      serviceEnv: { SMS_GATEWAY_URL: sms.url, SMTP_URL: smtp.url, NOTIFIER_POLL_MS: '100' },
    });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    bank = await createCustomer(http, { customerManager: '王经理', escalationList: LEADERS, contacts: [{ name: '张工', role: '网络管理员', phone: '13800000000' }] });
    school = await createCustomer(http, { customerManager: '王经理', industry: 'government' });
    people.manager = await person('王经理', ['customer_manager'], { email: 'wang@telecom.example', phone: '13900000001' });
    people.business = await person('李经理', ['project_manager'], { email: 'li@telecom.example' });
    people.support = await person('赵工', ['handling_unit'], { unit: '广州本地网', email: 'zhao@telecom.example' });
    people.noc = await person('值班员甲', ['noc'], { phone: '13900000002' });
    people.unit = await person('北京处理员', ['handling_unit'], { unit: '北京本地网', phone: '13900000003' });
    people.bankUser = await person('银行门户用户', ['customer_user'], { customerId: bank.id });
    people.bankColleague = await person('银行门户同事', ['customer_user'], { customerId: bank.id });
    people.schoolUser = await person('学校门户用户', ['customer_user'], { customerId: school.id });
    // The directory learns them from the gateway's own event, published by its outbox relay.
    const ids = Object.values(people).map((p) => p.id);
    await expectEventually(async () => expect((await sql('SELECT id FROM notifier.directory_users WHERE id = ANY($1)', [ids])).length).toBe(ids.length));
  });

  afterAll(async () => {
    await db?.end();
    await platform?.close();
    await sms.stop().catch(() => undefined);
    await smtp.stop();
  });

  const deliveries = async (query: Json, as: () => ApiClient = http): Promise<Json[]> => (await as().get('/api/v1/notifications').query({ limit: 200, ...query }).expect(200)).body.items;
  const delivery = async (id: string): Promise<Json> => (await http().get(`/api/v1/notifications/${id}`).expect(200)).body;
  /** The ticket's timeline entries of this delivery. */
  const notified = async (ticketId: string, deliveryId: string): Promise<Json[]> =>
    (await http().get(`/api/v1/faults/${ticketId}/timeline`).expect(200)).body.filter((e: Json) => e.type === 'notified' && e.detail.deliveryId === deliveryId);
  const mailsTitled = (subject: string) => smtp.received.filter((m) => mailHeader(m.raw, 'Subject') === subject);
  const inboxTitles = async (p: Person): Promise<string[]> => (await p.http().get('/api/v1/notifications/inbox').query({ limit: 200 }).expect(200)).body.items.map((m: Json) => m.title);

  async function ticketOf(customer = bank): Promise<Json> {
    return openFault(http, customer, await createCircuit(http, customer));
  }

  /** Feedback to the customer sent by SMS from the ticket, by the NOC; answers the SMS delivery it made. */
  async function feedbackSms(ticket: Json, content: string, phone: string): Promise<string> {
    await people.noc.http().post(`/api/v1/faults/${ticket.id}/feedback`).send({ content, customerContact: '张工', channel: 'phone', sendSms: true, phone }).expect(200);
    let id = '';
    await expectEventually(async () => {
      const [made] = await deliveries({ subjectId: ticket.id, rule: 'feedback-sms' });
      expect(made).toBeDefined();
      id = made.id;
    });
    return id;
  }

  /** Waits until the delivery is in this state, and answers it. */
  async function deliveryBecomes(id: string, state: Json): Promise<Json> {
    let d: Json = {};
    await expectEventually(async () => {
      d = await delivery(id);
      expect(d).toMatchObject(state);
    });
    return d;
  }

  /**
   * The notifier's consumer sees this event again, as after a crash between applying and acknowledging it: the
   * notifier stops, forgets it applied the event (its inbox row), its durable consumer starts over from the beginning
   * of the stream, and the notifier starts again.
   */
  async function deliverAgain(eventId: string): Promise<void> {
    await platform.stopService('notifier');
    await sql('DELETE FROM notifier.inbox WHERE event_id = $1', [eventId]);
    const nc = await connectNats(platform.natsUrl, 'acceptance-replay');
    try {
      await (await jetstreamManager(nc)).consumers.delete(EVENTS_STREAM, 'notifier');
    } finally {
      await nc.close();
    }
    await platform.startService('notifier');
    await expectEventually(async () => expect(await sql('SELECT 1 FROM notifier.inbox WHERE event_id = $1', [eventId])).toHaveLength(1));
  }

  it('a crisis grade A escalation sends one warning SMS per leader on the escalation list and one e-mail to the customer manager, still once each after the event comes again', async () => {
    const ticket = await ticketOf();
    await http().post(`/api/v1/faults/${ticket.id}/escalations`).send({ level: 'supervisor', reason: '重要业务阻断', crisisA: true }).expect(200);
    const subject = `【A级危机】${ticket.number} ${bank.name}`;
    const warningsPerLeader = () => LEADERS.map((l) => sms.received.filter((r) => r.body.to === l.phone).length);
    const received = async () => {
      expect(warningsPerLeader()).toEqual([1, 1, 1]);
      expect(mailsTitled(subject).map((m) => m.to)).toEqual([[people.manager.email]]);
      const made = await deliveries({ subjectId: ticket.id, rule: 'crisis-a-escalated' });
      expect(made.map((d) => [d.channel, d.status, d.attempts]).sort()).toEqual([...LEADERS.map(() => ['sms', 'sent', 1]), ['email', 'sent', 1], ['inbox', 'sent', 1]].sort());
      return made;
    };
    let made: Json[] = [];
    await expectEventually(async () => {
      made = await received();
    });

    const [mail] = mailsTitled(subject);
    expect(mailText(mail.raw)).toContain(`工单${ticket.number}已升级至主管（重要业务阻断）`);
    for (const leader of LEADERS) {
      const [text] = sms.received.filter((r) => r.body.to === leader.phone);
      const prefix = `${SIGNATURE}${subject}：A级危机：${bank.name}电路`;
      expect(text.body.content.slice(0, prefix.length)).toBe(prefix);
      expect(made.find((d) => d.id === text.body.ref)).toMatchObject({ channel: 'sms', address: leader.phone, recipientName: leader.name, providerId: expect.stringMatching(/^sms-/) });
    }
    expect(await inboxTitles(people.manager)).toContain(subject);

    const [{ id: eventId }] = await sql<{ id: string }>(`SELECT envelope->>'id' AS id FROM fault.outbox WHERE type = 'evt.fault.ticket.escalated.v1' AND envelope->>'subjectId' = $1`, [ticket.id]);
    await deliverAgain(eventId);
    // Each delivery is unique per (event, recipient, channel): no new one was made, none went again (attempts stay 1).
    expect((await received()).map((d) => d.id).sort()).toEqual(made.map((d) => d.id).sort());
    expect((await inboxTitles(people.manager)).filter((t) => t === subject)).toHaveLength(1);
  });

  it('retries an SMS the gateway answers with 500 three times at the back-off times, then it is sent', async () => {
    const ticket = await ticketOf();
    sms.answers.push(500, 500, 500);
    const id = await feedbackSms(ticket, '正在抢修，预计一小时内恢复', '13800000001');
    for (const [attempt, waitSeconds] of [[1, 30], [2, 60], [3, 120]]) {
      const d = await deliveryBecomes(id, { status: 'pending', attempts: attempt });
      expect(d.lastError).toContain('500');
      expect(new Date(d.nextAttemptAt).getTime() - platform.clock.now().getTime()).toBe(waitSeconds * SECOND);
      expect(sms.to(id)).toHaveLength(attempt);
      platform.clock.advance(waitSeconds * SECOND);
    }
    const sent = await deliveryBecomes(id, { status: 'sent', attempts: 4 });
    const fourth = sms.to(id)[3];
    expect(sms.to(id)).toHaveLength(4);
    expect(sent).toMatchObject({ provider: 'sms-gateway', providerId: `sms-${sms.received.indexOf(fourth) + 1}`, sentAt: platform.clock.now().toISOString() });
    await expectEventually(async () => expect((await notified(ticket.id, id)).map((e) => e.detail)).toEqual([expect.objectContaining({ deliveryId: id, status: 'sent', attempts: 4 })]));
  });

  it('an SMS gateway down for good: the SMS ends as a dead letter on the list and the ticket’s timeline; sent again by an admin once the gateway is back', async () => {
    const port = Number(new URL(sms.url).port);
    const ticket = await ticketOf();
    await sms.stop();
    let id = '';
    try {
      id = await feedbackSms(ticket, '故障已定位，正在处理', '13800000002');
      for (const [attempt, waitSeconds] of [[1, 30], [2, 60], [3, 120], [4, 240]]) {
        const d = await deliveryBecomes(id, { status: 'pending', attempts: attempt });
        expect(d.lastError).toContain('ECONNREFUSED');
        platform.clock.advance(waitSeconds * SECOND);
      }
      await deliveryBecomes(id, { status: 'dead', attempts: 5 });
    } finally {
      await sms.start(port);
    }
    const dead = (await http().get('/api/v1/notifications/dead-letters').query({ subjectId: ticket.id }).expect(200)).body.items;
    expect(dead).toEqual([expect.objectContaining({ id, status: 'dead', attempts: 5, rule: 'feedback-sms' })]);
    await people.noc.http().get('/api/v1/notifications/dead-letters').expect(403);
    await expectEventually(async () => expect((await notified(ticket.id, id)).map((e) => e.detail)).toEqual([expect.objectContaining({ deliveryId: id, channel: 'sms', status: 'dead', attempts: 5 })]));

    // An admin sends it again.
    await people.noc.http().post(`/api/v1/notifications/${id}/retry`).expect(403);
    expect((await http().post(`/api/v1/notifications/${id}/retry`).expect(200)).body).toMatchObject({ id, status: 'pending', attempts: 0 });
    await deliveryBecomes(id, { status: 'sent', attempts: 1 });
    expect(sms.to(id).map((r) => r.body.to)).toEqual(['13800000002']);
    await expectEventually(async () => expect((await notified(ticket.id, id)).map((e) => e.detail)).toEqual([expect.objectContaining({ deliveryId: id, status: 'sent', attempts: 1 })]));
    expect((await http().get('/api/v1/notifications/dead-letters').query({ subjectId: ticket.id }).expect(200)).body.items).toEqual([]);
  });

  it('a provisioning warning reaches the customer manager, the business manager and the network support manager by e-mail and in their inboxes', async () => {
    const order = (await http().post('/api/v1/orders').send(orderRequest(bank, { customerManager: '王经理', businessManager: '李经理', networkSupportManager: '赵工' })).expect(201)).body;
    const step = (action: string, body: Json) => http().post(`/api/v1/orders/${order.id}/${action}`).send(body).expect(200);
    await step('review', { decision: 'approve', projectManager: '陈项目' });
    await step('survey', { findings: '两端均有资源' });
    await step('plan', { summary: '分段施工', segments: [{ name: 'A端接入', from: '2026-11-24', to: '2026-11-26' }] });
    await step('warnings', { reason: 'resource', description: '端口不足' });

    const managers = [people.manager, people.business, people.support];
    const subject = `【开通预警】定单${order.number} ${bank.name}`;
    await expectEventually(async () => {
      expect(mailsTitled(subject).flatMap((m) => m.to).sort()).toEqual(managers.map((p) => p.email).sort());
      for (const p of managers) expect((await inboxTitles(p)).filter((t) => t === subject)).toHaveLength(1);
    });
    expect(mailText(mailsTitled(subject)[0].raw)).toContain(`定单${order.number}（${bank.name}）预计无法按期完成`);
    for (const p of [people.noc, people.unit]) expect(await inboxTitles(p)).not.toContain(subject);
    await expectEventually(async () => {
      const timeline = (await http().get(`/api/v1/orders/${order.id}/timeline`).expect(200)).body.filter((e: Json) => e.type === 'notified');
      expect(timeline.map((e: Json) => [e.detail.channel, e.detail.recipientName, e.detail.status]).sort()).toEqual(
        managers.flatMap((p) => [['email', p.displayName, 'sent'], ['inbox', p.displayName, 'sent']]).sort(),
      );
    });
  });

  it('feedback sent by SMS from the ticket reaches the contact once, re-arms the feedback clock and shows on the ticket’s timeline as sent', async () => {
    const ticket = await ticketOf();
    const content = '已定位为A端接入段故障，预计30分钟内恢复';
    const id = await feedbackSms(ticket, content, '13800000003');
    await deliveryBecomes(id, { status: 'sent', attempts: 1, audience: 'customer', customerId: bank.id });
    expect(sms.to(id).map((r) => r.body)).toEqual([{ to: '13800000003', content: `${SIGNATURE}工单${ticket.number}处理进展：【工单${ticket.number}】${content}`, ref: id }]);

    const clocks = (await http().get('/api/v1/clocks/fault').query({ subjectId: ticket.id, kind: 'feedback', limit: 50 }).expect(200)).body.items;
    expect(clocks.filter((c: Json) => c.status === 'running').map((c: Json) => c.dueAt)).toEqual([new Date(platform.clock.now().getTime() + 120 * MIN).toISOString()]);
    await expectEventually(async () =>
      expect(await notified(ticket.id, id)).toEqual([expect.objectContaining({ by: 'notifier', detail: expect.objectContaining({ deliveryId: id, channel: 'sms', recipientName: '张工', status: 'sent', attempts: 1 }) })]),
    );
  });

  it("a customer's user sees only its own customer's notifications, and only its own messages on its event stream", async () => {
    await platform.gateway.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(platform.gateway.getHttpServer().address() as AddressInfo).port}`;
    const portals = [people.bankUser, people.bankColleague, people.schoolUser];
    const streams = await Promise.all(portals.map((p) => subscribe(base, p.token)));
    const [ours, theirs] = [await ticketOf(), await ticketOf(school)];
    try {
      const added = (i: number) => streams[i].events.filter((e) => e.event === 'inbox.added').map((e) => [e.data.data.userId, e.data.data.title]);
      await expectEventually(() => {
        expect(added(0)).toEqual([[people.bankUser.id, `【故障受理】${ours.number}`]]);
        expect(added(1)).toEqual([[people.bankColleague.id, `【故障受理】${ours.number}`]]);
        expect(added(2)).toEqual([[people.schoolUser.id, `【故障受理】${theirs.number}`]]);
      });
    } finally {
      for (const s of streams) s.close();
    }

    const schoolDeliveries = await deliveries({ customerId: school.id });
    const bankStaff = (await deliveries({ customerId: bank.id })).filter((d) => d.audience === 'staff');
    expect(schoolDeliveries.length).toBeGreaterThan(0);
    expect(bankStaff.length).toBeGreaterThan(0);

    const seen = await deliveries({}, people.bankUser.http);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((d) => d.customerId !== bank.id || d.audience !== 'customer')).toEqual([]);
    expect(seen.map((d) => d.channel)).toEqual(expect.arrayContaining(['sms', 'inbox']));
    // The customer projection: whom, what and whether it went; not how the platform made and sent it.
    const internal = ['eventId', 'eventType', 'rule', 'attempts', 'nextAttemptAt', 'heldReason', 'lastError', 'provider', 'providerId'];
    for (const d of seen) expect(Object.keys(d).filter((k) => internal.includes(k))).toEqual([]);
    const staffView = (await deliveries({ customerId: bank.id })).find((d) => d.id === seen[0].id);
    expect(staffView).toMatchObject({ eventType: expect.any(String), rule: expect.any(String), attempts: expect.any(Number) });
    // Asking for the other customer's changes nothing.
    expect((await deliveries({ customerId: school.id }, people.bankUser.http)).map((d) => d.id).sort()).toEqual(seen.map((d) => d.id).sort());
    for (const other of [schoolDeliveries[0], bankStaff[0]]) await people.bankUser.http().get(`/api/v1/notifications/${other.id}`).expect(404);
    const one = (await people.bankUser.http().get(`/api/v1/notifications/${seen[0].id}`).expect(200)).body;
    expect(Object.keys(one).filter((k) => internal.includes(k))).toEqual([]);

    const inbox = (await people.bankUser.http().get('/api/v1/notifications/inbox').query({ limit: 200 }).expect(200)).body.items;
    expect(inbox.map((m: Json) => m.title)).toContain(`【故障受理】${ours.number}`);
    expect(inbox.every((m: Json) => m.subjectType === 'ticket' && m.title.startsWith('【故障受理】'))).toBe(true);
    expect(await inboxTitles(people.schoolUser)).toEqual([`【故障受理】${theirs.number}`]);
  });
});
