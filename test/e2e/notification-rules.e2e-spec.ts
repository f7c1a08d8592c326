import { jetstream } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AppError, Caller, connectNats, NotifierRpc, RecipientSpec, RpcClient } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { createCircuit, createCustomer, openFault, orderRequest } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface DeliveryRow {
  rule: string;
  channel: string;
  recipient_key: string;
  recipient_name: string;
  address: string;
  title: string;
  body: string;
  urgent: boolean;
  audience: string;
  subject_type: string;
  subject_number: string | null;
  last_error: string | null;
  status: string;
}

/** The notifier's rules through the platform: who is told what, from the directory its events fill. */
describe('notification rules and the directory', () => {
  let platform: TestPlatform;
  let nc: NatsConnection;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'fault', 'visits', 'notifier'] });
    nc = await connectNats(platform.natsUrl, 'notification-rules-test');
  });

  afterAll(async () => {
    await nc.close();
    await platform.close();
  });

  const http = () => platform.http();

  async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
    const db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      return (await db.query(query, params)).rows as T[];
    } finally {
      await db.end();
    }
  }

  /** Reads until the check passes (effects arrive through events), and answers what it read. */
  async function eventually<T>(read: () => Promise<T>, check: (value: T) => void): Promise<T> {
    let value: T | undefined;
    await expectEventually(async () => {
      value = await read();
      check(value);
    });
    return value as T;
  }

  const publish = (envelope: Json, msgID: string) => jetstream(nc).publish(envelope.type, JSON.stringify(envelope), { msgID });

  /**
   * A platform user, created through the gateway: the gateway's own event (evt.gateway.user.changed.v1) puts it in
   * the notifier's directory, which answers once it is there.
   */
  async function directoryUser(over: { displayName: string; roles?: string[]; customerId?: string; unit?: string; phone?: string; email?: string }): Promise<string> {
    const username = `u-${randomUUID().slice(0, 8)}`;
    const created = await http()
      .post('/api/v1/users')
      .send({ username, password: `password-of-${username}`, roles: ['customer_manager'], ...over })
      .expect(201);
    const userId = created.body.id as string;
    await expectEventually(async () => expect(await sql('SELECT 1 FROM notifier.directory_users WHERE id = $1', [userId])).toHaveLength(1));
    return userId;
  }

  const deliveries = (eventType: string, subjectId: string) =>
    sql<DeliveryRow>(`SELECT * FROM notifier.deliveries WHERE event_type = $1 AND subject_id = $2 ORDER BY channel, recipient_key`, [eventType, subjectId]);

  it('a crisis grade A escalation: one warning SMS per leader on the escalation list and one e-mail to the customer manager, once however often the event comes', async () => {
    const wang = await directoryUser({ displayName: '王经理', email: 'wang@example.com', phone: '13900000001' });
    const leaders = [
      { level: 1, name: '周主管', role: '值班主管', phone: '13700000001' },
      { level: 2, name: '吴部长', role: '网络部主任', phone: '13700000002', email: 'wu@example.com' },
      { level: 3, name: '郑总', role: '分管副总', phone: '13700000003' },
    ];
    const customer = await createCustomer(http, {
      customerManager: '王经理',
      contacts: [{ name: '张工', role: '网络管理员', phone: '13800000000', email: 'zhang@bank.example.com' }],
      escalationList: leaders,
    });
    const [record] = await eventually(
      () => sql<Json>('SELECT * FROM notifier.directory_customers WHERE id = $1', [customer.id]),
      (rows) => expect(rows).toHaveLength(1),
    );
    expect(record.contacts).toEqual([{ name: '张工', role: '网络管理员', phone: '13800000000', email: 'zhang@bank.example.com' }]);
    expect(record.escalation_list).toHaveLength(3);

    const circuit = await createCircuit(http, customer);
    const ticket = await openFault(http, customer, circuit);
    await http().post(`/api/v1/faults/${ticket.id}/escalations`).send({ level: 'supervisor', reason: '重要业务阻断', crisisA: true }).expect(200);

    const escalated = 'evt.fault.ticket.escalated.v1';
    const expected = [
      ...leaders.map((l) => ({ rule: 'crisis-a-escalated', channel: 'sms', recipient_key: `phone:${l.phone}`, address: l.phone })),
      { rule: 'crisis-a-escalated', channel: 'email', recipient_key: `user:${wang}`, address: 'wang@example.com' },
      { rule: 'crisis-a-escalated', channel: 'inbox', recipient_key: `user:${wang}`, address: wang },
    ];
    const sortKey = (d: { channel: string; recipient_key: string }) => `${d.channel} ${d.recipient_key}`;
    const made = await eventually(
      () => deliveries(escalated, ticket.id),
      (rows) =>
        expect(rows.map((d) => ({ rule: d.rule, channel: d.channel, recipient_key: d.recipient_key, address: d.address })).sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual(
          expected.sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
        ),
    );
    const sms = made.find((d) => d.recipient_key === 'phone:13700000001')!;
    expect(sms).toMatchObject({ urgent: true, audience: 'staff', subject_type: 'ticket', subject_number: ticket.number, title: `【A级危机】${ticket.number} ${customer.name}`, last_error: null });
    expect(sms.body).toContain(`工单${ticket.number}已升级至主管（重要业务阻断）`);
    expect(sms.body).toContain(`电路${circuit.code}`);
    expect(sms.body).not.toContain('undefined');

    // The same envelope again on the stream (same event id, a new message): the inbox lets nothing through.
    const [{ envelope }] = await sql<{ envelope: Json }>(`SELECT envelope FROM fault.outbox WHERE type = $1 AND envelope->'data'->>'ticketId' = $2`, [escalated, ticket.id]);
    await publish(envelope, randomUUID());
    // And once more past a lost inbox row: the deliveries themselves are unique per (event, recipient, channel).
    await sql('DELETE FROM notifier.inbox WHERE event_id = $1', [envelope.id]);
    await publish(envelope, randomUUID());
    await expectEventually(async () => expect(await sql('SELECT 1 FROM notifier.inbox WHERE event_id = $1', [envelope.id])).toHaveLength(1));
    // The consumer applies events in stream order: once a later one is in, both copies were handled.
    await directoryUser({ displayName: '哨兵' });
    expect((await deliveries(escalated, ticket.id)).length).toBe(expected.length);
  });

  it('an ordinary escalation reaches whom it names; a customer manager who is no platform user is a dead letter that says so', async () => {
    const customer = await createCustomer(http, {
      customerManager: '钱经理',
      escalationList: [
        { level: 1, name: '孙主管', role: '值班主管', phone: '13600000001' },
        { level: 2, name: '李部长', role: '网络部主任', phone: '13600000002' },
      ],
    });
    const circuit = await createCircuit(http, customer);
    const ticket = await openFault(http, customer, circuit);
    await http().post(`/api/v1/faults/${ticket.id}/escalations`).send({ level: 'supervisor', reason: '影响视频会议' }).expect(200);
    const rows = await eventually(
      () => deliveries('evt.fault.ticket.escalated.v1', ticket.id),
      (made) => expect(made).toHaveLength(3),
    );
    // Supervisor: the first rung only; the customer manager is told, the engineer is not (notify does not name them).
    expect(rows.map((d) => [d.rule, d.channel, d.recipient_key, d.last_error])).toEqual([
      ['ticket-escalated', 'email', 'name:钱经理', '客户经理“钱经理”不是平台用户 (not a platform user)'],
      ['ticket-escalated', 'inbox', 'name:钱经理', '客户经理“钱经理”不是平台用户 (not a platform user)'],
      ['ticket-escalated', 'sms', 'phone:13600000001', null],
    ]);
    expect((await sql<{ status: string }>(`SELECT status FROM notifier.deliveries WHERE recipient_key = 'name:钱经理'`)).map((d) => d.status)).toEqual(['dead', 'dead']);
  });

  it('a provisioning warning reaches the order’s customer manager, business manager and network support manager', async () => {
    const managers = {
      customerManager: await directoryUser({ displayName: '冯经理', email: 'feng@example.com' }),
      businessManager: await directoryUser({ displayName: '陈经理', roles: ['noc'], email: 'chen@example.com' }),
      networkSupportManager: await directoryUser({ displayName: '褚工', roles: ['handling_unit'], email: 'chu@example.com' }),
    };
    const customer = await createCustomer(http);
    const order = (
      await http()
        .post('/api/v1/orders')
        .send(orderRequest(customer, { customerManager: '冯经理', businessManager: '陈经理', networkSupportManager: '褚工' }))
        .expect(201)
    ).body as Json;
    await http().post(`/api/v1/orders/${order.id}/warnings`).send({ reason: 'resource', description: '端口不足' }).expect(200);
    const rows = await eventually(
      async () => (await deliveries('evt.provisioning.order.changed.v1', order.id)).filter((d) => d.rule === 'order-warning'),
      (made) => expect(made).toHaveLength(6),
    );
    for (const userId of Object.values(managers)) {
      expect(rows.filter((d) => d.recipient_key === `user:${userId}`).map((d) => d.channel)).toEqual(['email', 'inbox']);
    }
    expect(rows.every((d) => d.last_error === null && d.subject_type === 'order' && d.subject_number === order.number)).toBe(true);
    expect(rows[0].title).toBe(`【开通预警】定单${order.number} ${customer.name}`);
  });

  it('the NOC is reminded before the first feedback is due, and the customer’s own users are told their fault was taken', async () => {
    const noc = await directoryUser({ displayName: '值班员甲', roles: ['noc'] });
    const customer = await createCustomer(http);
    const portalUser = await directoryUser({ displayName: '客户用户', roles: ['customer_user'], customerId: customer.id });
    const circuit = await createCircuit(http, customer);
    const ticket = await openFault(http, customer, circuit);

    const [opened] = await eventually(
      () => deliveries('evt.fault.ticket.opened.v1', ticket.id),
      (rows) => expect(rows).toHaveLength(1),
    );
    expect(opened).toMatchObject({ rule: 'ticket-opened-customer', channel: 'inbox', recipient_key: `user:${portalUser}`, audience: 'customer', title: `【故障受理】${ticket.number}` });

    // The first feedback is due 30 min after the report; its warning fires 5 min before.
    const due = new Date(new Date(ticket.reportedAt as string).getTime() + 30 * 60_000);
    platform.clock.set(new Date(due.getTime() - 4 * 60_000));
    await platform.deadlinesPolled();
    const reminders = await eventually(
      async () => (await deliveries('evt.fault.clock.warned.v1', ticket.id)).filter((d) => d.recipient_key === `user:${noc}`),
      (rows) => expect(rows).toHaveLength(1),
    );
    const hhmm = new Date(due.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
    expect(reminders[0]).toMatchObject({ rule: 'feedback-reminder', channel: 'inbox', audience: 'staff', subject_number: ticket.number, title: `【反馈提醒】${ticket.number}` });
    expect(reminders[0].body).toBe(`工单${ticket.number}需在${hhmm}前向客户反馈（${customer.name}，电路${circuit.code}，视频会议中断，光端机LOS告警）。`);
  });

  it('a cutover notice goes to each affected customer’s contacts by SMS and e-mail and to its users’ inboxes, with the link to answer', async () => {
    const bank = await createCustomer(http, {
      contacts: [
        { name: '张工', role: '网络管理员', phone: '13500000001', email: 'zhang@bank.example.com' },
        { name: '李工', role: '机房值班', phone: '13500000002' },
      ],
    });
    const school = await createCustomer(http, { contacts: [{ name: '何老师', role: '信息中心', phone: '13500000003', email: 'he@school.example.com' }] });
    const portalUser = await directoryUser({ displayName: '银行门户用户', roles: ['customer_user'], customerId: bank.id });
    const circuits = [await createCircuit(http, bank), await createCircuit(http, school)];
    let cutover: Json = {};
    await expectEventually(async () => {
      const res = await http()
        .post('/api/v1/cutovers')
        .send({ title: '城域网核心设备升级割接', description: '核心路由器板卡更换', circuitCodes: circuits.map((c) => c.code), owner: '王工', windowStart: '2026-11-13T17:00:00.000Z', windowEnd: '2026-11-13T21:00:00.000Z' });
      expect(res.status).toBe(201);
      cutover = res.body;
    });
    const rows = await eventually(
      () => sql<DeliveryRow & { customer_id: string; link: string; status: string }>(`SELECT * FROM notifier.deliveries WHERE subject_id = $1 ORDER BY customer_id, channel, recipient_key`, [cutover.id]),
      (made) => expect(made).toHaveLength(7),
    );
    // Only the contact without an address is a problem from the start; what becomes of the others is the sending's business.
    const seen = rows.map((d) => [d.customer_id === bank.id ? 'bank' : 'school', d.channel, d.recipient_key, d.last_error ? d.status : 'queued']);
    expect(seen).toEqual(
      expect.arrayContaining([
        ['bank', 'sms', 'phone:13500000001', 'queued'],
        ['bank', 'sms', 'phone:13500000002', 'queued'],
        ['bank', 'email', 'email:zhang@bank.example.com', 'queued'],
        ['bank', 'email', 'phone:13500000002', 'dead'],
        ['bank', 'inbox', `user:${portalUser}`, 'queued'],
        ['school', 'sms', 'phone:13500000003', 'queued'],
        ['school', 'email', 'email:he@school.example.com', 'queued'],
      ]),
    );
    expect(rows.find((d) => d.status === 'dead')!.last_error).toBe('李工没有登记电子邮件地址 (no e-mail address)');
    for (const d of rows) {
      expect(d).toMatchObject({ rule: 'cutover-notice', audience: 'customer', subject_type: 'cutover', link: `/api/v1/cutovers/${cutover.id}` });
      expect(d.body).toContain('2026-11-14 01:00至2026-11-14 05:00');
      expect(d.body).toContain(`/api/v1/cutovers/${cutover.id}`);
    }
    expect(rows.find((d) => d.customer_id === school.id)!.title).toBe(`【割接通知】${school.name}`);
  });

  describe('the rules over RPC', () => {
    const admin: Caller = { sub: randomUUID(), username: 'rule-admin', roles: ['admin'] };
    const noc: Caller = { sub: randomUUID(), username: 'noc-1', roles: ['noc'] };
    const rpc = () => new RpcClient(nc, 5000);
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: AppError) => ({ code: e.code, details: e.details as Json }),
      );

    it('staff read the defaults; an admin changes one, checked against its placeholders and version', async () => {
      const all = await rpc().send(NotifierRpc.listRules, {}, { caller: noc });
      expect(all.map((r) => r.key)).toEqual(expect.arrayContaining(['crisis-a-escalated', 'ticket-escalated', 'order-warning', 'cutover-notice', 'feedback-reminder']));
      expect(all.find((r) => r.key === 'crisis-a-escalated')).toMatchObject({ version: 0, urgent: true, enabled: true });

      expect(await failure(rpc().send(NotifierRpc.putRule, { key: 'order-warning', enabled: false }, { caller: noc }))).toMatchObject({ code: 'FORBIDDEN' });
      const bad = await failure(rpc().send(NotifierRpc.putRule, { key: 'order-warning', bodyTemplate: '定单{{number}} {{circuit}}' }, { caller: admin }));
      expect(bad).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'bodyTemplate' }] } });
      expect(bad!.details.fields[0].reason).toContain('{{circuit}}');

      const changed = await rpc().send(NotifierRpc.putRule, { key: 'order-warning', bodyTemplate: '定单{{number}}已预警', expectedVersion: 0 }, { caller: admin });
      expect(changed).toMatchObject({ version: 1, bodyTemplate: '定单{{number}}已预警', updatedBy: 'rule-admin', titleTemplate: '【开通预警】定单{{number}} {{customer}}' });
      expect(await failure(rpc().send(NotifierRpc.putRule, { key: 'order-warning', enabled: false, expectedVersion: 0 }, { caller: admin }))).toMatchObject({ code: 'STALE_VERSION' });
      expect(await rpc().send(NotifierRpc.getRule, { key: 'order-warning' }, { caller: noc })).toMatchObject({ version: 1, bodyTemplate: '定单{{number}}已预警' });
      // A field sent as null is no change, as one left out.
      const nulls = { key: 'order-warning', titleTemplate: null, bodyTemplate: null } as unknown as { key: string };
      expect(await rpc().send(NotifierRpc.putRule, nulls, { caller: admin })).toMatchObject({ version: 2, bodyTemplate: '定单{{number}}已预警', titleTemplate: '【开通预警】定单{{number}} {{customer}}' });
      expect(await failure(rpc().send(NotifierRpc.getRule, { key: 'no-such-rule' }, { caller: noc }))).toMatchObject({ code: 'NOT_FOUND' });
      const customerUser: Caller = { sub: randomUUID(), username: 'c', roles: ['customer_user'], customerId: randomUUID() };
      expect(await failure(rpc().send(NotifierRpc.listRules, {}, { caller: customerUser }))).toMatchObject({ code: 'FORBIDDEN' });
      await rpc().send(NotifierRpc.putRule, { key: 'order-warning', bodyTemplate: '定单{{number}}（{{customer}}）预计无法按期完成，处理单位已预警。要求完成日期{{requiredBy}}（{{dueAt}}）。' }, { caller: admin });
    });

    it('a disabled rule tells no one', async () => {
      await rpc().send(NotifierRpc.putRule, { key: 'ticket-opened-customer', enabled: false }, { caller: admin });
      const customer = await createCustomer(http);
      await directoryUser({ displayName: '另一客户用户', roles: ['customer_user'], customerId: customer.id });
      const ticket = await openFault(http, customer, await createCircuit(http, customer));
      // The same handler files the ticket in the directory: once it is there, the rules have run.
      await expectEventually(async () => expect(await sql('SELECT 1 FROM notifier.directory_tickets WHERE id = $1', [ticket.id])).toHaveLength(1));
      expect(await deliveries('evt.fault.ticket.opened.v1', ticket.id)).toEqual([]);
      await rpc().send(NotifierRpc.putRule, { key: 'ticket-opened-customer', enabled: true }, { caller: admin });
    });

    it('the reporter of a fault, by the contact given at intake: SMS to a mobile number, a landline a dead letter that says so', async () => {
      const recipients: RecipientSpec[] = [{ kind: 'customer_users', channels: ['inbox'] }, { kind: 'reporter', channels: ['sms'] }];
      await rpc().send(NotifierRpc.putRule, { key: 'ticket-opened-customer', recipients }, { caller: admin });
      try {
        const customer = await createCustomer(http);
        const mobile = await openFault(http, customer, await createCircuit(http, customer), { reporterName: '赵工', reporterContact: '138 0013 8000' });
        const landline = await openFault(http, customer, await createCircuit(http, customer), { reporterName: '钱工', reporterContact: '020-83331234' });
        const [toMobile] = await eventually(() => deliveries('evt.fault.ticket.opened.v1', mobile.id), (rows) => expect(rows).toHaveLength(1));
        expect(toMobile).toMatchObject({ rule: 'ticket-opened-customer', channel: 'sms', recipient_name: '赵工', address: '13800138000', body: expect.stringContaining(mobile.number) });
        const [toLandline] = await eventually(() => deliveries('evt.fault.ticket.opened.v1', landline.id), (rows) => expect(rows).toHaveLength(1));
        expect(toLandline).toMatchObject({ channel: 'sms', recipient_name: '钱工', address: '', status: 'dead', last_error: expect.stringContaining('not a mobile number') });
      } finally {
        await rpc().send(NotifierRpc.putRule, { key: 'ticket-opened-customer', recipients: [{ kind: 'customer_users', channels: ['inbox'] }] }, { caller: admin });
      }
    });
  });
});
