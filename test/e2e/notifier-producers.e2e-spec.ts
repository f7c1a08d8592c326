import { jetstream } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { connectNats, DeliveryRecordedData, FaultEvents, MIN, NotifierEvents } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { createCircuit, createCustomer, CustomerFixture, openFault, orderRequest } from '../support/factories';
import { startPlatform, TestPlatform, TestUser } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * What fault and provisioning give the notifier (issue #14) and what they show of its deliveries: the feedback-given
 * event with the re-armed clock, the dispatched legs' units on the dispatch event, and each delivery on the ticket's
 * and order's timeline and view (a customer's user: only those to the customer), without changing either.
 *
 * The notifier itself is not started: the DeliveryRecorded events here are published by hand, standing in for the
 * notifier's dispatcher (written at the same time by another change). The end-to-end test with the real producer
 * comes with it.
 */
describe("the notifier's producers and the timelines of its deliveries", () => {
  let platform: TestPlatform;
  let db: Client;
  let customer: CustomerFixture;
  let noc: TestUser;
  let customerUser: TestUser;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'fault'] });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    customer = await createCustomer(http, { tier: 'gold' });
    noc = await platform.user(['noc']);
    customerUser = await platform.user(['customer_user'], customer.id);
  });

  afterAll(async () => {
    await db.end();
    await platform.close();
  });

  const http = () => platform.http();
  const at = (from: Date, ms: number) => new Date(from.getTime() + ms);
  const feedback = (id: string, body: Json, as: TestUser = noc) => as.http().post(`/api/v1/faults/${id}/feedback`).send({ content: '已定位为A端接入段故障，预计30分钟内恢复', customerContact: '张工', channel: 'phone', ...body });
  const outbox = async (schema: 'fault' | 'provisioning', type: string, subjectId: string): Promise<Json[]> =>
    (await db.query(`SELECT envelope->'data' AS data FROM ${schema}.outbox WHERE type = $1 AND envelope->>'subjectId' = $2 ORDER BY seq`, [type, subjectId])).rows.map((r) => r.data);
  const feedbackClocks = async (ticketId: string): Promise<Json[]> =>
    (await http().get('/api/v1/clocks/fault').query({ subjectId: ticketId, kind: 'feedback', limit: 50 }).expect(200)).body.items.filter((c: Json) => c.status === 'running');

  async function ticket(): Promise<Json> {
    return openFault(http, customer, await createCircuit(http, customer));
  }

  /** Publishes a DeliveryRecorded event as the notifier's dispatcher would (the stream drops a repeated `msgID`). */
  async function delivered(data: DeliveryRecordedData, envelopeId = randomUUID(), msgID = envelopeId): Promise<void> {
    const nc = await connectNats(platform.natsUrl, 'notifier-stand-in');
    try {
      const envelope = { id: envelopeId, type: NotifierEvents.deliveryRecorded.type, source: 'notifier', occurredAt: data.at, subjectId: data.deliveryId, data };
      await jetstream(nc).publish(envelope.type, JSON.stringify(envelope), { msgID });
    } finally {
      await nc.close();
    }
  }

  function delivery(subjectType: 'ticket' | 'order', subject: Json, overrides: Partial<DeliveryRecordedData>): DeliveryRecordedData {
    return {
      deliveryId: randomUUID(),
      eventId: randomUUID(),
      rule: 'feedback-sms',
      subjectType,
      subjectId: subject.id,
      subjectNumber: subject.number,
      customerId: customer.id,
      audience: 'customer',
      channel: 'sms',
      recipientName: '张工',
      status: 'sent',
      attempts: 1,
      providerId: 'sms-1',
      title: `【故障进展】${subject.number}`,
      at: platform.clock.now().toISOString(),
      ...overrides,
    };
  }

  it('records every feedback for the notifier, with the caller, the SMS asked for and the re-armed clock 2 h on', async () => {
    const t0 = new Date('2026-11-16T02:00:00Z');
    platform.clock.set(t0);
    const t = await ticket();
    platform.clock.set(at(t0, 10 * MIN));
    await feedback(t.id, { sendSms: true, phone: '13800000000' }).expect(200);
    const [first] = await feedbackClocks(t.id);
    expect(first.dueAt).toBe(at(t0, 130 * MIN).toISOString());
    expect(await outbox('fault', FaultEvents.feedbackGiven.type, t.id)).toEqual([
      {
        ticketId: t.id,
        number: t.number,
        customerId: customer.id,
        circuitCode: t.circuitCode,
        content: '已定位为A端接入段故障，预计30分钟内恢复',
        customerContact: '张工',
        channel: 'phone',
        sendSms: true,
        phone: '13800000000',
        by: noc.username,
        at: at(t0, 10 * MIN).toISOString(),
        nextFeedbackDueAt: at(t0, 130 * MIN).toISOString(),
      },
    ]);
    // A feedback without SMS is told too (sendSms false): the notifier's reminder follows the clock it re-arms.
    platform.clock.set(at(t0, 50 * MIN));
    await feedback(t.id, { content: '仍在处理', channel: 'portal' }).expect(200);
    expect((await feedbackClocks(t.id)).map((c) => c.dueAt)).toEqual([at(t0, 170 * MIN).toISOString()]);
    const [, second] = await outbox('fault', FaultEvents.feedbackGiven.type, t.id);
    expect(second).toMatchObject({ content: '仍在处理', channel: 'portal', sendSms: false, by: noc.username, nextFeedbackDueAt: at(t0, 170 * MIN).toISOString() });
    expect(second).not.toHaveProperty('phone');
    const recorded = (await http().get(`/api/v1/faults/${t.id}/timeline`).expect(200)).body.filter((e: Json) => e.type === 'feedback');
    expect(recorded.map((e: Json) => e.detail)).toEqual([expect.objectContaining({ sendSms: true, phone: '13800000000' }), expect.not.objectContaining({ sendSms: true })]);
  });

  it('refuses an SMS without the phone (400 naming phone), and a customer user sends no feedback', async () => {
    const t = await ticket();
    const noPhone = await feedback(t.id, { sendSms: true }).expect(400);
    expect(noPhone.body.errors).toEqual([expect.objectContaining({ field: 'phone' })]);
    await feedback(t.id, { sendSms: true, phone: '138-0000' }).expect(400);
    await feedback(t.id, { sendSms: true, phone: '13800000000' }, customerUser).expect(403);
    expect(await outbox('fault', FaultEvents.feedbackGiven.type, t.id)).toEqual([]);
  });

  it('names the unit and segment of each dispatched leg on the dispatch event', async () => {
    const t = await ticket();
    const legs = [
      { unit: '广州本地网', segment: 'a_access' },
      { unit: '北京本地网', segment: 'z_access' },
    ];
    const dispatched = (await noc.http().post(`/api/v1/faults/${t.id}/dispatch`).send({ legs }).expect(200)).body;
    const [event] = (await outbox('fault', FaultEvents.ticketChanged.type, t.id)).filter((d) => d.action === 'dispatch');
    // The ticket view lists legs of one dispatch in no particular order; the event keeps the request's order.
    const byId = (a: Json, b: Json) => String(a.legId).localeCompare(String(b.legId));
    expect([...event.dispatchedLegIds].sort()).toEqual(dispatched.legs.map((l: Json) => l.id).sort());
    expect(event.dispatchedLegs.map((l: Json) => l.legId)).toEqual(event.dispatchedLegIds);
    expect([...event.dispatchedLegs].sort(byId)).toEqual(dispatched.legs.map((l: Json) => ({ legId: l.id, unit: l.unit, segment: l.segment })).sort(byId));
    expect(event.dispatchedLegs.map((l: Json) => [l.unit, l.segment])).toEqual(legs.map((l) => [l.unit, l.segment]));
  });

  it("shows each delivery on the ticket's timeline once, without a new version or a ticket event; the customer sees only its own", async () => {
    const t = await ticket();
    const before = await http().get(`/api/v1/faults/${t.id}`).expect(200);
    const changes = (await outbox('fault', FaultEvents.ticketChanged.type, t.id)).length;
    const toCustomer = delivery('ticket', t, {});
    const toStaff = delivery('ticket', t, { rule: 'major-fault-manager', audience: 'staff', channel: 'email', recipientName: '王经理', status: 'dead', attempts: 5, title: '【重大故障】' });
    const envelope = randomUUID();
    await delivered(toCustomer, envelope);
    await delivered(toStaff);
    // The same event again under another message id (the stream does not drop it; the inbox does), and another event
    // of the same delivery (unique per delivery).
    await delivered(toCustomer, envelope, randomUUID());
    await delivered(toCustomer);

    const notified = async () => (await http().get(`/api/v1/faults/${t.id}/timeline`).expect(200)).body.filter((e: Json) => e.type === 'notified');
    await expectEventually(async () => expect(await notified()).toHaveLength(2));
    expect(await notified()).toEqual(
      expect.arrayContaining([
        { at: toCustomer.at, type: 'notified', by: 'notifier', detail: expect.objectContaining({ deliveryId: toCustomer.deliveryId, channel: 'sms', recipientName: '张工', title: toCustomer.title, status: 'sent', attempts: 1, audience: 'customer' }) },
        { at: toStaff.at, type: 'notified', by: 'notifier', detail: expect.objectContaining({ deliveryId: toStaff.deliveryId, channel: 'email', recipientName: '王经理', status: 'dead', attempts: 5, audience: 'staff' }) },
      ]),
    );

    const after = await http().get(`/api/v1/faults/${t.id}`).expect(200);
    expect([after.body.version, after.headers['etag']]).toEqual([before.body.version, before.headers['etag']]);
    expect(after.body.notifications.map((n: Json) => n.deliveryId).sort()).toEqual([toCustomer.deliveryId, toStaff.deliveryId].sort());
    expect((await outbox('fault', FaultEvents.ticketChanged.type, t.id)).length).toBe(changes);
    const seen = (await customerUser.http().get(`/api/v1/faults/${t.id}`).expect(200)).body;
    expect(seen.notifications).toEqual([expect.objectContaining({ deliveryId: toCustomer.deliveryId, audience: 'customer', recipientName: '张工', status: 'sent' })]);
    expect(JSON.stringify(seen)).not.toContain('王经理');

    // A dead letter an admin sent again, and sent later: the timeline shows its latest outcome.
    platform.clock.set(at(platform.clock.now(), 5 * MIN));
    await delivered({ ...toStaff, status: 'sent', attempts: 6, at: platform.clock.now().toISOString() });
    await expectEventually(async () => expect((await notified()).find((e: Json) => e.detail.deliveryId === toStaff.deliveryId).detail).toMatchObject({ status: 'sent', attempts: 6 }));
    expect(await notified()).toHaveLength(2);
  });

  it("shows each delivery on the order's timeline, without a new version; the customer sees only its own", async () => {
    const order = (await http().post('/api/v1/orders').send(orderRequest(customer)).expect(201)).body;
    const changes = (await outbox('provisioning', 'evt.provisioning.order.changed.v1', order.id)).length;
    const toCustomer = delivery('order', order, { rule: 'order-handover', title: `【业务开通】${order.number}` });
    const toStaff = delivery('order', order, { rule: 'order-warning', audience: 'staff', channel: 'inbox', recipientName: '李经理', title: '【开通预警】' });
    await delivered(toCustomer);
    await delivered(toStaff);
    await delivered(toCustomer);
    const unknownTicket = randomUUID();
    await delivered(delivery('ticket', { id: randomUUID(), number: 'F-NONE' }, {}), unknownTicket);

    const notified = async () => (await http().get(`/api/v1/orders/${order.id}/timeline`).expect(200)).body.filter((e: Json) => e.type === 'notified');
    await expectEventually(async () => expect(await notified()).toHaveLength(2));
    expect(await notified()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ at: toCustomer.at, by: 'notifier', detail: expect.objectContaining({ deliveryId: toCustomer.deliveryId, channel: 'sms', recipientName: '张工', status: 'sent', attempts: 1 }) }),
        expect.objectContaining({ at: toStaff.at, by: 'notifier', detail: expect.objectContaining({ deliveryId: toStaff.deliveryId, channel: 'inbox', recipientName: '李经理' }) }),
      ]),
    );
    const staff = await http().get(`/api/v1/orders/${order.id}`).expect(200);
    expect(staff.body.version).toBe(order.version);
    expect(staff.body.notifications).toHaveLength(2);
    expect((await outbox('provisioning', 'evt.provisioning.order.changed.v1', order.id)).length).toBe(changes);
    const seen = (await customerUser.http().get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(seen.notifications).toEqual([expect.objectContaining({ deliveryId: toCustomer.deliveryId, audience: 'customer' })]);
    // A delivery about a ticket the fault service does not have is passed over, not a dead letter.
    await expectEventually(async () => expect((await db.query('SELECT 1 FROM fault.inbox WHERE event_id = $1', [unknownTicket])).rowCount).toBe(1));
    expect((await db.query('SELECT count(*)::int AS n FROM fault.dead_letter')).rows[0].n).toBe(0);
  });
});
