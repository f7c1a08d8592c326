import { jetstream } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { connectNats, MIN } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { createCircuit, createCustomer, CustomerFixture, openFault } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Visits, follow-ups, crisis visits and visit coverage (DOMAIN.md §3) through the gateway, on the services' clock. */
describe('visits and service tracking', () => {
  let platform: TestPlatform;
  let db: Client;
  let people = 0;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'fault', 'visits'], serviceEnv: { DEADLINE_POLL_MS: '100' } });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await platform.close();
  });

  const http = () => platform.http();
  const person = (role: string) => `${role}-${++people}`;
  const visitEvents = async (visitId: string) =>
    (await db.query(`SELECT envelope->'data' AS data FROM visits.outbox WHERE type = 'evt.visits.visit.changed.v1' AND envelope->>'subjectId' = $1 ORDER BY seq`, [visitId])).rows.map((r) => r.data);
  const followUpEvents = async (followUpId: string) =>
    (await db.query(`SELECT envelope->'data' AS data FROM visits.outbox WHERE type = 'evt.visits.follow-up.changed.v1' AND envelope->>'subjectId' = $1 ORDER BY seq`, [followUpId])).rows.map(
      (r) => r.data,
    );

  /** A customer the visits service knows (it learns of it from provisioning's event). */
  async function knownCustomer(overrides: Record<string, unknown> = {}): Promise<CustomerFixture> {
    const customer = await createCustomer(http, overrides);
    await expectEventually(async () => expect((await db.query('SELECT 1 FROM visits.known_customer WHERE id = $1', [customer.id])).rowCount).toBe(1));
    return customer;
  }

  async function crisisVisitOf(customerId: string): Promise<Json> {
    let visit: Json = {};
    await expectEventually(async () => {
      const page = (await http().get('/api/v1/visits').query({ customerId, kind: 'crisis' }).expect(200)).body;
      expect(page.items).toHaveLength(1);
      visit = page.items[0];
    });
    return visit;
  }

  it('plans, books and records a visit; a follow-up breaches once when overdue and is closed with a note', async () => {
    platform.clock.set(new Date('2026-11-02T02:00:00Z'));
    const engineer = person('eng');
    const customer = await knownCustomer({ tier: 'gold', customerEngineer: engineer });
    const unknown = await http().post('/api/v1/visits').send({ customerId: '00000000-0000-4000-8000-000000000000', kind: 'routine', owner: engineer, plannedDate: '2026-11-10' }).expect(422);
    expect(unknown.body).toMatchObject({ code: 'CUSTOMER_UNKNOWN', errors: [{ field: 'customerId' }] });
    const badDate = await http().post('/api/v1/visits').send({ customerId: customer.id, kind: 'routine', owner: engineer, plannedDate: '2026-11-31' }).expect(400);
    expect(badDate.body.errors).toEqual([expect.objectContaining({ field: 'plannedDate' })]);

    const planned = (await http().post('/api/v1/visits').send({ customerId: customer.id, kind: 'routine', owner: engineer, plannedDate: '2026-11-10', purpose: '季度例行走访' }).expect(201)).body;
    expect(planned).toMatchObject({ status: 'planned', kind: 'routine', owner: engineer, plannedDate: '2026-11-10', overdue: false, followUps: [], createdBy: 'admin' });
    const booked = (
      await http().post(`/api/v1/visits/${planned.id}/booking`).send({ at: '2026-11-10T02:00:00.000Z', place: '客户总部三楼会议室', participants: ['李总', engineer] }).expect(200)
    ).body;
    expect(booked).toMatchObject({ status: 'booked', booking: { at: '2026-11-10T02:00:00.000Z', place: '客户总部三楼会议室', participants: ['李总', engineer], by: 'admin' } });

    const plan = (await http().get('/api/v1/visits/work-plan').query({ owner: engineer, from: '2026-11-01', to: '2026-11-30' }).expect(200)).body;
    expect(plan.items).toEqual([{ type: 'visit', date: '2026-11-10', visitId: planned.id, customerId: customer.id, title: 'routine visit, booked', overdue: false }]);

    // Tuesday 10 November, 11:00 in Beijing.
    platform.clock.set(new Date('2026-11-10T03:00:00Z'));
    const followUps = [
      { action: '协调A端光缆整改', owner: engineer },
      { action: '提交季度服务报告', owner: engineer, dueDate: '2026-11-12' },
    ];
    const visit = { met: ['李总', '张工'], topics: ['季度服务回顾'], problems: ['A端光缆老化'], satisfaction: 4, followUps };
    // maxBackdateMinutes (4320): three days back may be stated, a minute more may not.
    const tooOld = await http()
      .post(`/api/v1/visits/${planned.id}/record`)
      .send({ ...visit, occurredAt: new Date(platform.clock.now().getTime() - 4321 * MIN).toISOString() })
      .expect(422);
    expect(tooOld.body).toMatchObject({ code: 'STATED_TIME_OUT_OF_RANGE', errors: [{ field: 'occurredAt' }] });
    await http().post(`/api/v1/visits/${planned.id}/record`).send({ ...visit, satisfaction: 6 }).expect(400);
    const dueBefore = await http()
      .post(`/api/v1/visits/${planned.id}/record`)
      .send({ ...visit, followUps: [{ action: 'x', owner: engineer, dueDate: '2026-11-09' }] })
      .expect(400);
    expect(dueBefore.body.errors).toEqual([expect.objectContaining({ field: 'followUps.0.dueDate' })]);
    const recorded = (await http().post(`/api/v1/visits/${planned.id}/record`).send(visit).expect(200)).body;
    expect(recorded).toMatchObject({
      status: 'done',
      record: { occurredAt: '2026-11-10T03:00:00.000Z', by: 'admin', met: ['李总', '张工'], topics: ['季度服务回顾'], problems: ['A端光缆老化'], satisfaction: 4 },
    });
    // Without a date: within followUpWorkingDays (10) working days of the visit — Tuesday 24 November, 17:00 in Beijing.
    // With one: at the close of business of that date.
    expect(recorded.followUps).toEqual([
      expect.objectContaining({ action: '协调A端光缆整改', owner: engineer, status: 'open', dueAt: '2026-11-24T09:00:00.000Z', overdue: false }),
      expect.objectContaining({ action: '提交季度服务报告', dueDate: '2026-11-12', status: 'open', dueAt: '2026-11-12T09:00:00.000Z', overdue: false }),
    ]);
    const [withoutDate, withDate] = recorded.followUps as Json[];
    await http().post(`/api/v1/visits/${planned.id}/record`).send(visit).expect(409);
    await http().post(`/api/v1/visits/${planned.id}/cancel`).send({ reason: 'x' }).expect(409);
    expect((await visitEvents(planned.id)).map((e: Json) => [e.action, e.status])).toEqual([
      ['plan', 'planned'],
      ['book', 'booked'],
      ['record', 'done'],
    ]);
    expect((await visitEvents(planned.id))[2]).toMatchObject({ satisfaction: 4, owner: engineer, at: '2026-11-10T03:00:00.000Z' });

    const open = (await http().get('/api/v1/visits/work-plan').query({ owner: engineer, from: '2026-11-01', to: '2026-11-30' }).expect(200)).body;
    expect(open.items.map((i: Json) => [i.type, i.date, i.followUpId])).toEqual([
      ['follow-up', '2026-11-12', withDate.id],
      ['follow-up', '2026-11-24', withoutDate.id],
    ]);

    // taskWarnWorkingDays (1): the owner is warned one working day before — from 09:00 in Beijing the day before.
    platform.clock.set(new Date('2026-11-11T01:01:00Z'));
    await platform.deadlinesPolled();
    await expectEventually(async () => {
      const warned = await db.query(`SELECT envelope->'data' AS data FROM visits.outbox WHERE type = 'evt.visits.clock.warned.v1' AND envelope->'data'->>'subjectId' = $1`, [withDate.id]);
      expect(warned.rows.map((r) => r.data)).toEqual([expect.objectContaining({ kind: 'follow-up', warnAt: '2026-11-11T01:00:00.000Z', warnBeforeMs: 8 * 60 * MIN })]);
    });

    platform.clock.set(new Date('2026-11-12T08:59:00Z'));
    await platform.deadlinesPolled();
    expect((await http().get('/api/v1/follow-ups').query({ owner: engineer, overdue: 'true' }).expect(200)).body.items).toEqual([]);
    platform.clock.set(new Date('2026-11-12T09:01:00Z'));
    await platform.deadlinesPolled();
    await expectEventually(async () => {
      const overdue = (await http().get('/api/v1/follow-ups').query({ owner: engineer, overdue: 'true' }).expect(200)).body.items;
      expect(overdue).toEqual([expect.objectContaining({ id: withDate.id, overdue: true, breachedAt: '2026-11-12T09:00:00.000Z', status: 'open' })]);
    });
    platform.clock.set(new Date('2026-11-13T09:01:00Z'));
    await platform.deadlinesPolled();
    expect((await followUpEvents(withDate.id)).map((e: Json) => e.action)).toEqual(['open', 'breach']);

    const closed = (await http().post(`/api/v1/visits/${planned.id}/follow-ups/${withDate.id}/close`).send({ note: '报告已提交客户' }).expect(200)).body;
    expect(closed.followUps[1]).toMatchObject({ status: 'closed', note: '报告已提交客户', closedBy: 'admin', overdue: true, closedAt: '2026-11-13T09:01:00.000Z' });
    await http().post(`/api/v1/visits/${planned.id}/follow-ups/${withDate.id}/close`).send({ note: 'again' }).expect(409);
    await http().post(`/api/v1/visits/${planned.id}/follow-ups/${planned.id}/close`).send({ note: 'x' }).expect(404);
    expect((await followUpEvents(withDate.id)).map((e: Json) => e.action)).toEqual(['open', 'breach', 'close']);
    const stillOpen = (await http().get('/api/v1/follow-ups').query({ owner: engineer, open: 'true' }).expect(200)).body.items;
    expect(stillOpen.map((f: Json) => f.id)).toEqual([withoutDate.id]);
  });

  it("cancels a planned visit with its reason; a customer engineer's work plan is the caller's by default", async () => {
    const customer = await knownCustomer({ tier: 'silver' });
    const planned = (await http().post('/api/v1/visits').send({ customerId: customer.id, kind: 'festival', owner: person('mgr'), plannedDate: '2026-12-30' }).expect(201)).body;
    const cancelled = (await http().post(`/api/v1/visits/${planned.id}/cancel`).send({ reason: '客户改期' }).expect(200)).body;
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '客户改期' });
    await http().post(`/api/v1/visits/${planned.id}/booking`).send({ at: '2026-12-30T02:00:00.000Z', place: 'x', participants: ['y'] }).expect(409);
    const list = (await http().get('/api/v1/visits').query({ customerId: customer.id, status: 'cancelled', from: '2026-12-01', to: '2026-12-31' }).expect(200)).body;
    expect(list.items.map((v: Json) => v.id)).toEqual([planned.id]);
 
    // A customer engineer's own work plan: by default the caller's, from today (13 November) for 30 days.
    const engineer = await platform.user(['customer_engineer']);
    const mine = (await engineer.http().post('/api/v1/visits').send({ customerId: customer.id, kind: 'first', owner: engineer.username, plannedDate: '2026-11-20' }).expect(201)).body;
    await engineer.http().post('/api/v1/visits').send({ customerId: customer.id, kind: 'routine', owner: engineer.username, plannedDate: '2026-12-20' }).expect(201);
    expect((await engineer.http().get('/api/v1/visits/work-plan').expect(200)).body.items).toEqual([expect.objectContaining({ type: 'visit', visitId: mine.id, date: '2026-11-20' })]);
    expect(mine.createdBy).toBe(engineer.username);
    const other = await platform.user(['noc']);
    await other.http().get('/api/v1/visits/work-plan').expect(403);
  });

  it('plans a crisis visit, with its due date, when fault closes a crisis-grade-A ticket of the customer; recording it stops the clock', async () => {
    const engineer = person('eng');
    const customer = await knownCustomer({ tier: 'diamond', customerEngineer: engineer, customerManager: person('mgr') });
    const circuit = await createCircuit(http, customer);
    // Monday 16 November, 10:00 in Beijing.
    const t0 = new Date('2026-11-16T02:00:00Z');
    platform.clock.set(t0);
    const ticket = await openFault(http, customer, circuit);
    await http()
      .post(`/api/v1/faults/${ticket.id}/escalations`)
      .send({ level: 'company', reason: '重要业务阻断', skipReason: 'A级危机，直接报公司领导', crisisA: true })
      .expect(200);
    platform.clock.set(new Date(t0.getTime() + 60 * MIN));
    await http().post(`/api/v1/faults/${ticket.id}/restore`).send({}).expect(200);
    await http()
      .post(`/api/v1/faults/${ticket.id}/close`)
      .send({ causeCategory: 'operator_configuration', causeSegment: 'backbone', causeDescription: '配置错误', customerConfirmedBy: '张工' })
      .expect(200);

    const crisis = await crisisVisitOf(customer.id);
    // Both of the service's handlers of the closing applied: the crisis visit and its copy of the ticket's outcome.
    expect((await db.query('SELECT status, crisis_a FROM visits.known_ticket WHERE id = $1', [ticket.id])).rows).toEqual([{ status: 'closed', crisis_a: true }]);
    // crisisVisitWorkingDays (3): within three working days of the closing — Thursday 19 November, 17:00 in Beijing.
    expect(crisis).toMatchObject({
      kind: 'crisis',
      status: 'planned',
      owner: engineer,
      origin: { type: 'ticket', id: ticket.id, number: ticket.number },
      dueAt: '2026-11-19T09:00:00.000Z',
      plannedDate: '2026-11-19',
      overdue: false,
      createdBy: 'system',
    });
    const clock = (await http().get('/api/v1/clocks/visits').query({ subjectId: crisis.id }).expect(200)).body.items;
    expect(clock).toEqual([expect.objectContaining({ kind: 'crisis-visit', status: 'running', dueAt: '2026-11-19T09:00:00.000Z' })]);

    platform.clock.set(new Date('2026-11-18T03:00:00Z'));
    const done = (await http().post(`/api/v1/visits/${crisis.id}/record`).send({ met: ['客户信息部李总'], topics: ['故障致歉'], satisfaction: 3, followUps: [{ action: '提交故障分析报告', owner: engineer }] }).expect(200))
      .body;
    expect(done).toMatchObject({ status: 'done', overdue: false });
    // A crisis visit's follow-ups work like any other: ten working days from the visit.
    expect(done.followUps).toEqual([expect.objectContaining({ status: 'open', dueAt: '2026-12-02T09:00:00.000Z' })]);
    expect((await http().get('/api/v1/clocks/visits').query({ subjectId: crisis.id }).expect(200)).body.items).toEqual([
      expect.objectContaining({ kind: 'crisis-visit', status: 'stopped', met: true }),
    ]);
    expect((await http().get('/api/v1/visits').query({ customerId: customer.id }).expect(200)).body.items).toHaveLength(1);

    // The same closing told again under another event id (a producer retry): still one crisis visit.
    const closing = (await db.query(`SELECT envelope FROM fault.outbox WHERE type = 'evt.fault.ticket.changed.v1' AND envelope->'data'->>'action' = 'close' AND envelope->>'subjectId' = $1`, [ticket.id]))
      .rows[0].envelope;
    const again = { ...closing, id: randomUUID() };
    const nc = await connectNats(platform.natsUrl, 'fault-retry');
    try {
      await jetstream(nc).publish(again.type, JSON.stringify(again), { msgID: again.id });
    } finally {
      await nc.close();
    }
    await expectEventually(async () => expect((await db.query('SELECT 1 FROM visits.inbox WHERE event_id = $1', [again.id])).rowCount).toBe(1));
    expect((await http().get('/api/v1/visits').query({ customerId: customer.id }).expect(200)).body.items).toHaveLength(1);
  });

  it('plans a crisis visit after a complaint is answered, marks it overdue once its limit passes, and the limit follows crisisVisitWorkingDays', async () => {
    const manager = person('mgr');
    const customer = await knownCustomer({ tier: 'gold', customerManager: manager });
    // Friday 20 November, 15:00 in Beijing.
    platform.clock.set(new Date('2026-11-20T07:00:00Z'));
    let complaint: Json = {};
    await expectEventually(async () => {
      complaint = (await http().post('/api/v1/complaints').send({ customerId: customer.id, important: true, involvesOtherDepartments: false, description: '故障报告与实际不符' }).expect(201)).body;
    });
    for (const step of ['sort', 'analyse', 'resolve']) await http().post(`/api/v1/complaints/${complaint.id}/${step}`).send({ note: step }).expect(200);
    await http().post(`/api/v1/complaints/${complaint.id}/answer`).send({ reply: '已重新出具报告并致歉' }).expect(200);

    const crisis = await crisisVisitOf(customer.id);
    // Three working days after Friday: Wednesday 25 November, 17:00 in Beijing; no engineer, so the manager.
    expect(crisis).toMatchObject({ kind: 'crisis', owner: manager, origin: { type: 'complaint', id: complaint.id, number: complaint.number }, dueAt: '2026-11-25T09:00:00.000Z' });

    platform.clock.set(new Date('2026-11-25T09:01:00Z'));
    await platform.deadlinesPolled();
    await expectEventually(async () => {
      expect((await http().get(`/api/v1/visits/${crisis.id}`).expect(200)).body).toMatchObject({ overdue: true, breachedAt: '2026-11-25T09:00:00.000Z', status: 'planned' });
    });
    expect((await visitEvents(crisis.id)).map((e: Json) => e.action)).toEqual(['plan', 'breach']);

    // Five working days instead: the next crisis visit is due two working days later.
    await http().put('/api/v1/settings/visits').send({ crisisVisitWorkingDays: 5, reason: 'pilot' }).expect(200);
    try {
      const other = await knownCustomer({ tier: 'gold' });
      platform.clock.set(new Date('2026-11-26T02:00:00Z'));
      let second: Json = {};
      await expectEventually(async () => {
        second = (await http().post('/api/v1/complaints').send({ customerId: other.id, important: false, involvesOtherDepartments: false, description: '回复慢' }).expect(201)).body;
      });
      for (const step of ['sort', 'analyse', 'resolve']) await http().post(`/api/v1/complaints/${second.id}/${step}`).send({ note: step }).expect(200);
      await http().post(`/api/v1/complaints/${second.id}/answer`).send({ reply: '已答复' }).expect(200);
      // Thursday 26 November + 5 working days: Thursday 3 December, 17:00 in Beijing.
      expect(await crisisVisitOf(other.id)).toMatchObject({ owner: 'unassigned', dueAt: '2026-12-03T09:00:00.000Z' });
    } finally {
      await http().put('/api/v1/settings/visits').send({ crisisVisitWorkingDays: 3 }).expect(200);
    }
  });

  it('plans and records drills and exchange activities', async () => {
    const customer = await knownCustomer({ tier: 'gold' });
    await http().post('/api/v1/activities').send({ kind: 'drill', customerId: '00000000-0000-4000-8000-000000000000', title: 'x', plannedDate: '2026-12-10', participants: ['a'] }).expect(422);
    const drill = (
      await http().post('/api/v1/activities').send({ kind: 'drill', customerId: customer.id, title: '核心电路中断应急预案联合演练', plannedDate: '2026-12-10', participants: ['客户网管', '传输值班'] }).expect(201)
    ).body;
    expect(drill).toMatchObject({ status: 'planned', kind: 'drill', participants: ['客户网管', '传输值班'] });
    const exchange = (await http().post('/api/v1/activities').send({ kind: 'exchange', customerId: customer.id, title: '故障申告流程交流', plannedDate: '2026-12-11', participants: ['客户IT部'] }).expect(201)).body;
    const recorded = (await http().post(`/api/v1/activities/${drill.id}/record`).send({ participants: ['客户网管', '传输值班', '客户经理'], findings: '倒换时间符合预案，联系人名单需更新' }).expect(200)).body;
    expect(recorded).toMatchObject({ status: 'done', findings: '倒换时间符合预案，联系人名单需更新', recordedBy: 'admin', occurredAt: platform.clock.now().toISOString() });
    await http().post(`/api/v1/activities/${drill.id}/record`).send({ participants: ['x'], findings: 'again' }).expect(409);
    expect((await http().get('/api/v1/activities').query({ customerId: customer.id, kind: 'exchange' }).expect(200)).body.items.map((a: Json) => a.id)).toEqual([exchange.id]);
    expect((await http().get(`/api/v1/activities/${drill.id}`).expect(200)).body.status).toBe('done');
    const events = await db.query(`SELECT envelope->'data'->>'action' AS action FROM visits.outbox WHERE type = 'evt.visits.activity.changed.v1' AND envelope->>'subjectId' = $1 ORDER BY seq`, [drill.id]);
    expect(events.rows.map((r) => r.action)).toEqual(['plan', 'record']);
    const user = await platform.user(['customer_user'], customer.id);
    await user.http().get('/api/v1/activities').expect(403);
    await user.http().post('/api/v1/visits').send({ customerId: customer.id, kind: 'routine', owner: 'x', plannedDate: '2026-12-10' }).expect(403);
  });

  it('lists a gold customer not visited for a quarter as overdue on the right day, and the day moves with visitEveryMonthsGold', async () => {
    const region = `region-${Date.now()}`;
    const manager = person('mgr');
    // Friday 27 November 2026 in Beijing: known, and visited, that day.
    platform.clock.set(new Date('2026-11-27T02:00:00Z'));
    const customer = await knownCustomer({ tier: 'gold', region, customerManager: manager });
    const never = await knownCustomer({ tier: 'diamond', region });
    const visit = (await http().post('/api/v1/visits').send({ customerId: customer.id, kind: 'first', owner: manager, plannedDate: '2026-11-27' }).expect(201)).body;
    await http().post(`/api/v1/visits/${visit.id}/record`).send({ met: ['客户李总'], satisfaction: 5 }).expect(200);
    const overdue = async (query: Record<string, string> = {}) => (await http().get('/api/v1/visits/overdue').query({ region, ...query }).expect(200)).body.items as Json[];

    const coverage = (await http().get('/api/v1/visits/coverage').query({ from: '2026-11-01', to: '2026-11-30' }).expect(200)).body;
    const gold = coverage.tiers.find((t: Json) => t.tier === 'gold');
    expect(coverage.tiers.map((t: Json) => [t.tier, t.visitEveryMonths])).toEqual([
      ['diamond', 1],
      ['gold', 3],
      ['silver', 6],
      ['standard', 12],
    ]);
    expect(gold.visited).toBeGreaterThanOrEqual(1);
    expect(gold.percentage).toBe(Math.round((gold.visited / gold.customers) * 10000) / 100);
    expect(gold.expectedVisits).toBe(Math.round((gold.customers / 3) * 100) / 100);
    await http().get('/api/v1/visits/coverage').query({ from: '2026-12-01', to: '2026-11-30' }).expect(422).expect((r) => expect(r.body.code).toBe('PERIOD_INVALID'));

    // Diamond, never visited: due a month after it became known, overdue from the day after.
    platform.clock.set(new Date('2026-12-27T02:00:00Z'));
    expect(await overdue()).toEqual([]);
    platform.clock.set(new Date('2026-12-28T02:00:00Z'));
    expect(await overdue()).toEqual([expect.objectContaining({ customerId: never.id, tier: 'diamond', dueSince: '2026-12-27' })]);
    expect((await overdue())[0].lastVisitAt).toBeUndefined();

    // visitEveryMonthsGold 2: the gold customer is overdue from 28 January instead.
    platform.clock.set(new Date('2027-01-28T02:00:00Z'));
    expect(await overdue({ tier: 'gold' })).toEqual([]);
    await http().put('/api/v1/settings/visits').send({ visitEveryMonthsGold: 2 }).expect(200);
    try {
      expect(await overdue({ tier: 'gold' })).toEqual([expect.objectContaining({ customerId: customer.id, dueSince: '2027-01-27' })]);
    } finally {
      await http().put('/api/v1/settings/visits').send({ visitEveryMonthsGold: 3 }).expect(200);
    }

    // Quarterly: due on 27 February 2027, overdue from 28 February.
    platform.clock.set(new Date('2027-02-27T02:00:00Z'));
    expect(await overdue({ tier: 'gold' })).toEqual([]);
    platform.clock.set(new Date('2027-02-28T02:00:00Z'));
    const late = await overdue({ tier: 'gold' });
    expect(late).toEqual([
      {
        customerId: customer.id,
        code: customer.code,
        name: customer.name,
        tier: 'gold',
        industry: 'finance',
        region,
        customerManager: manager,
        lastVisitAt: '2026-11-27T02:00:00.000Z',
        dueSince: '2027-02-27',
      },
    ]);
    expect((await overdue({ owner: manager })).map((c) => c.customerId)).toEqual([customer.id]);
    expect((await http().get('/api/v1/visits/overdue').query({ region, count: 'exact', limit: '1' }).expect(200)).body).toMatchObject({ total: 2, hasMore: true });
  });
});
