import { Client } from 'pg';
import { MIN } from '@app/shared';
import { createCircuit, createCustomer, CustomerFixture, openFault } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * What the NOC board (issue #17) needs of the API: the ticket list filtered by tier and by handling unit, each clock's
 * warning lead from the fault settings as `warnAt`, and the clock routes answering a customer's own user with the
 * customer-facing clocks of its own tickets only.
 */
describe('the API of the NOC board', () => {
  let platform: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'fault'], serviceEnv: { DEADLINE_POLL_MS: '100' } });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await platform.close();
  });

  const http = () => platform.http();
  const at = (from: Date, minutes: number) => new Date(from.getTime() + minutes * MIN);
  const dispatch = async (ticket: Json, a: string, z: string) =>
    (
      await http()
        .post(`/api/v1/faults/${ticket.id}/dispatch`)
        .send({ legs: [{ unit: a, segment: 'a_access' }, { unit: z, segment: 'z_access' }] })
        .expect(200)
    ).body as Json;
  const clocksOf = async (subjectId: string, kind?: string): Promise<Json[]> =>
    (await http().get('/api/v1/clocks/fault').query({ subjectId, ...(kind ? { kind } : {}) }).expect(200)).body.items;
  const ids = (page: { body: { items: Json[] } }) => page.body.items.map((t) => t.id).sort();

  async function ticketOf(customer: CustomerFixture): Promise<Json> {
    return openFault(http, customer, await createCircuit(http, customer));
  }

  it("lets a handling unit's user accept, report on and return the result of its own unit's legs only", async () => {
    platform.clock.set('2026-11-04T02:00:00Z');
    // Of a tier the list tests below do not count.
    const customer = await createCustomer(http, { tier: 'standard' });
    const ticket = await ticketOf(customer);
    const legs = (await dispatch(ticket, '广州市区传输', '北京市区传输')).legs as Json[];
    const gz = legs.find((l) => l.unit === '广州市区传输')!;
    const bj = legs.find((l) => l.unit === '北京市区传输')!;
    const gzUser = await platform.user(['handling_unit'], undefined, { unit: '广州市区传输' });
    const nowhere = await platform.user(['handling_unit']);
    const leg = (user: { http: typeof http }, id: string, action: string, body: object = {}) => user.http().post(`/api/v1/faults/${ticket.id}/legs/${id}/${action}`).send(body);

    const refused = (await leg(gzUser, bj.id, 'accept').expect(403)).body;
    expect(refused.code).toBe('FORBIDDEN');
    expect(JSON.stringify(refused)).toContain('dispatched to 北京市区传输, not to 广州市区传输');
    await leg(nowhere, gz.id, 'accept').expect(403);
    await leg(gzUser, gz.id, 'accept').expect(200);
    // The NOC acts on any leg (for a unit that called in by phone).
    await http().post(`/api/v1/faults/${ticket.id}/legs/${bj.id}/accept`).send({}).expect(200);
    await leg(gzUser, bj.id, 'progress', { source: 'unit', progress: '测试中' }).expect(403);
    await leg(gzUser, gz.id, 'progress', { source: 'unit', progress: '测试中' }).expect(200);
    await leg(gzUser, bj.id, 'result', { result: 'fault_found', findings: '光缆中断' }).expect(403);
    await leg(gzUser, gz.id, 'result', { result: 'fault_found', findings: '光缆中断' }).expect(200);
    const timeline = (await http().get(`/api/v1/faults/${ticket.id}/timeline`).expect(200)).body as Json[];
    const byUnit = timeline.filter((e) => ['accept', 'progress', 'result'].includes(e.type)).map((e) => `${e.type} ${e.detail.unit} ${e.by}`);
    expect(byUnit).toEqual([`accept 广州市区传输 ${gzUser.username}`, 'accept 北京市区传输 admin', `progress 广州市区传输 ${gzUser.username}`, `result 广州市区传输 ${gzUser.username}`]);
  });

  describe('the ticket list by tier and handling unit', () => {
    const U1 = '广州本地网传输中心';
    const U2 = '北京本地网传输中心';
    const U3 = '骨干网传输';
    let goldA: CustomerFixture;
    let goldB: CustomerFixture;
    let silver: CustomerFixture;
    const t: Record<string, Json> = {};

    beforeAll(async () => {
      platform.clock.set('2026-11-05T02:00:00Z');
      goldA = await createCustomer(http, { tier: 'gold' });
      goldB = await createCustomer(http, { tier: 'gold' });
      silver = await createCustomer(http, { tier: 'silver' });
      t.a1 = await ticketOf(goldA);
      t.a2 = await ticketOf(goldA);
      t.b1 = await ticketOf(goldB);
      t.c1 = await ticketOf(silver);
      await dispatch(t.a1, U1, U2);
      await dispatch(t.a2, U3, U2);
      await dispatch(t.b1, U1, U3);
      await dispatch(t.c1, U3, U1);
    });

    it('filters by the tier the ticket recorded and by a leg to the unit, with the other filters', async () => {
      expect(ids(await http().get('/api/v1/faults').query({ tier: 'gold' }).expect(200))).toEqual([t.a1.id, t.a2.id, t.b1.id].sort());
      expect(ids(await http().get('/api/v1/faults').query({ tier: 'silver' }).expect(200))).toEqual([t.c1.id]);
      expect(ids(await http().get('/api/v1/faults').query({ tier: 'diamond' }).expect(200))).toEqual([]);
      expect(ids(await http().get('/api/v1/faults').query({ unit: U1 }).expect(200))).toEqual([t.a1.id, t.b1.id, t.c1.id].sort());
      expect(ids(await http().get('/api/v1/faults').query({ unit: U1, tier: 'gold' }).expect(200))).toEqual([t.a1.id, t.b1.id].sort());
      expect(ids(await http().get('/api/v1/faults').query({ unit: U1, tier: 'gold', customerId: goldA.id }).expect(200))).toEqual([t.a1.id]);
      expect(ids(await http().get('/api/v1/faults').query({ unit: U2, status: 'dispatched' }).expect(200))).toEqual([t.a1.id, t.a2.id].sort());
      expect(ids(await http().get('/api/v1/faults').query({ unit: '广州本地网' }).expect(200))).toEqual([]);
      const handlingUnit = await platform.user(['handling_unit']);
      expect(ids(await handlingUnit.http().get('/api/v1/faults').query({ unit: U3 }).expect(200))).toEqual([t.a2.id, t.b1.id, t.c1.id].sort());
    });

    it('pages the filtered list by cursor, each ticket once', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await http()
          .get('/api/v1/faults')
          .query({ unit: U1, tier: 'gold', limit: 1, ...(cursor ? { cursor } : {}) })
          .expect(200);
        seen.push(...page.body.items.map((x: Json) => x.id));
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor && pages < 5);
      expect(seen.sort()).toEqual([t.a1.id, t.b1.id].sort());
      expect(pages).toBe(2);
    });

    it('refuses a tier or unit it does not know how to read with a 400 naming the field', async () => {
      const cases: Array<[Record<string, string>, string]> = [
        [{ tier: 'platinum' }, 'tier'],
        [{ tier: '钻石' }, 'tier'],
        [{ unit: '' }, 'unit'],
        [{ unit: 'x'.repeat(101) }, 'unit'],
      ];
      for (const [query, field] of cases) {
        const res = await http().get('/api/v1/faults').query(query).expect(400);
        expect(res.body.errors.map((e: Json) => e.field)).toContain(field);
      }
      const twice = await http().get(`/api/v1/faults?unit=${encodeURIComponent(U1)}&unit=${encodeURIComponent(U2)}`).expect(400);
      expect(twice.body.errors.map((e: Json) => e.field)).toContain('unit');
    });

    it("keeps a customer's user to its own customer's tickets whatever it filters by", async () => {
      const user = await platform.user(['customer_user'], goldA.id);
      expect(ids(await user.http().get('/api/v1/faults').query({ tier: 'gold' }).expect(200))).toEqual([t.a1.id, t.a2.id].sort());
      expect(ids(await user.http().get('/api/v1/faults').query({ tier: 'gold', customerId: goldB.id }).expect(200))).toEqual([t.a1.id, t.a2.id].sort());
      expect(ids(await user.http().get('/api/v1/faults').query({ unit: U1 }).expect(200))).toEqual([t.a1.id]);
      const page = await user.http().get('/api/v1/faults').query({ unit: U1 }).expect(200);
      expect(page.body.items[0]).not.toHaveProperty('legs');
    });
  });

  describe('warning leads of the dispatch, accept and progress clocks', () => {
    it('puts warnAt at each lead before the deadline, and fires clock.warned there', async () => {
      const t0 = new Date('2026-11-10T02:00:00Z');
      platform.clock.set(t0);
      const customer = await createCustomer(http, { tier: 'silver' });
      const ticket = await ticketOf(customer);
      const [dispatchClock] = await clocksOf(ticket.id, 'dispatch');
      expect(dispatchClock).toMatchObject({ status: 'running', dueAt: at(t0, 5).toISOString(), warnAt: at(t0, 4).toISOString() });
      expect((await clocksOf(ticket.id, 'first-feedback'))[0].warnAt).toBe(at(t0, 25).toISOString());
      expect((await clocksOf(ticket.id, 'resolution'))[0].warnAt).toBe(at(t0, ticket.resolutionLimitMinutes - 30).toISOString());
      // No lead for joint handling: no warnAt.
      expect((await clocksOf(ticket.id, 'joint-handling'))[0].warnAt).toBeNull();

      const warned = async (clockId: string) =>
        (await db.query(`SELECT envelope FROM fault.outbox WHERE type = 'evt.fault.clock.warned.v1' AND envelope->'data'->>'clockId' = $1`, [clockId])).rows.map(
          (r) => r.envelope.data,
        );
      platform.clock.set(new Date(at(t0, 4).getTime() - 1000));
      await platform.deadlinesPolled();
      expect(await warned(dispatchClock.id)).toEqual([]);
      platform.clock.set(at(t0, 4));
      await platform.deadlinesPolled();
      // An internal clock: its event tells the gateway not to pass it to the customer's live stream.
      expect(await warned(dispatchClock.id)).toEqual([expect.objectContaining({ kind: 'dispatch', warnBeforeMs: MIN, warnAt: at(t0, 4).toISOString(), customerFacing: false })]);
      // Once fired, the clock stays inside its lead: warnAt does not move.
      const explained = (await http().get(`/api/v1/clocks/fault/${dispatchClock.id}`).expect(200)).body;
      expect(explained.clock).toMatchObject({ warnAt: at(t0, 4).toISOString(), warnBeforeMs: [MIN], warningsFired: 1 });

      // Accept: lead from the settings in force when the leg was dispatched.
      await http().put('/api/v1/settings/fault').send({ acceptWarnMinutes: 2, reason: 'earlier amber for acceptance' }).expect(200);
      try {
        platform.clock.set(at(t0, 4.5));
        const dispatched = await dispatch(ticket, '广州本地网', '北京本地网');
        const leg = dispatched.legs.find((l: Json) => l.segment === 'a_access').id;
        const [accept] = await clocksOf(leg, 'accept');
        expect(accept).toMatchObject({ dueAt: at(t0, 9.5).toISOString(), warnAt: at(t0, 7.5).toISOString() });
        platform.clock.set(at(t0, 7.5));
        await platform.deadlinesPolled();
        expect(await warned(accept.id)).toEqual([expect.objectContaining({ kind: 'accept', subjectType: 'leg', warnBeforeMs: 2 * MIN })]);

        // Progress: every 30 min, 5 min lead.
        platform.clock.set(at(t0, 8));
        await http().post(`/api/v1/faults/${ticket.id}/legs/${leg}/accept`).send({}).expect(200);
        const [progress] = (await clocksOf(leg, 'progress')).filter((c) => c.status === 'running');
        expect(progress).toMatchObject({ dueAt: at(t0, 38).toISOString(), warnAt: at(t0, 33).toISOString() });
        platform.clock.set(at(t0, 33));
        await platform.deadlinesPolled();
        expect(await warned(progress.id)).toEqual([expect.objectContaining({ kind: 'progress', warnBeforeMs: 5 * MIN })]);
      } finally {
        await http().put('/api/v1/settings/fault').send({ acceptWarnMinutes: 1 }).expect(200);
      }
    });

    it('a lead of 0 gives no warning; a lead longer than its limit is refused naming it', async () => {
      await http().put('/api/v1/settings/fault').send({ dispatchWarnMinutes: 0 }).expect(200);
      try {
        const t0 = new Date('2026-11-11T02:00:00Z');
        platform.clock.set(t0);
        const ticket = await ticketOf(await createCustomer(http, { tier: 'silver' }));
        const [dispatchClock] = await clocksOf(ticket.id, 'dispatch');
        expect(dispatchClock.warnAt).toBeNull();
        expect((await http().get(`/api/v1/clocks/fault/${dispatchClock.id}`).expect(200)).body.clock.warnBeforeMs).toEqual([]);
      } finally {
        await http().put('/api/v1/settings/fault').send({ dispatchWarnMinutes: 1 }).expect(200);
      }
      const before = (await http().get('/api/v1/settings/fault').expect(200)).body.version;
      const cases: Array<[object, string]> = [
        [{ dispatchWarnMinutes: 6 }, 'dispatchWarnMinutes'],
        [{ acceptWarnMinutes: -1 }, 'acceptWarnMinutes'],
        [{ acceptWarnMinutes: 1.5 }, 'acceptWarnMinutes'],
        [{ progressWarnMinutes: 31 }, 'progressWarnMinutes'],
        [{ progressWarnMinutes: 20, progressEveryMinutesVoice: 15 }, 'progressWarnMinutes'],
        [{ acceptMinutes: 3, acceptWarnMinutes: 4 }, 'acceptWarnMinutes'],
        [{ firstFeedbackWarnMinutes: 31 }, 'firstFeedbackWarnMinutes'],
      ];
      for (const [body, field] of cases) {
        const res = await http().put('/api/v1/settings/fault').send(body).expect(400);
        expect(res.body.errors.map((e: Json) => e.field)).toContain(field);
      }
      expect((await http().get('/api/v1/settings/fault').expect(200)).body.version).toBe(before);
    });
  });

  describe("a customer's own user and the clocks", () => {
    it('reads the customer-facing clocks of its own tickets only, without their audit trail', async () => {
      const t0 = new Date('2026-11-12T02:00:00Z');
      platform.clock.set(t0);
      const mine = await createCustomer(http, { tier: 'gold' });
      const other = await createCustomer(http, { tier: 'gold' });
      const ticket = await ticketOf(mine);
      const theirs = await ticketOf(other);
      const user = await platform.user(['customer_user'], mine.id);

      const listed = (await user.http().get('/api/v1/clocks/fault').query({ limit: 200 }).expect(200)).body.items as Json[];
      expect(listed.map((c) => `${c.subjectId}:${c.kind}`).sort()).toEqual([`${ticket.id}:first-feedback`, `${ticket.id}:resolution`].sort());
      expect(listed.find((c) => c.kind === 'first-feedback')).toMatchObject({ warnAt: at(t0, 25).toISOString(), dueAt: at(t0, 30).toISOString() });
      // Asking for another customer's ticket or an internal kind finds nothing.
      expect((await user.http().get('/api/v1/clocks/fault').query({ subjectId: theirs.id }).expect(200)).body.items).toEqual([]);
      expect((await user.http().get('/api/v1/clocks/fault').query({ kind: 'dispatch' }).expect(200)).body.items).toEqual([]);

      const own = listed.find((c) => c.kind === 'first-feedback')!;
      const explained = (await user.http().get(`/api/v1/clocks/fault/${own.id}`).expect(200)).body;
      expect(explained.clock).toMatchObject({ id: own.id, kind: 'first-feedback', warnAt: at(t0, 25).toISOString() });
      expect(explained).not.toHaveProperty('trail');
      expect((await http().get(`/api/v1/clocks/fault/${own.id}`).expect(200)).body.trail.length).toBeGreaterThan(0);

      const [internal] = await clocksOf(ticket.id, 'dispatch');
      const [othersClock] = await clocksOf(theirs.id, 'first-feedback');
      for (const id of [internal.id, othersClock.id]) expect((await user.http().get(`/api/v1/clocks/fault/${id}`).expect(404)).body.code).toBe('CLOCK_NOT_FOUND');
      expect((await user.http().get('/api/v1/clocks/provisioning').expect(403)).body.code).toBe('FORBIDDEN');
    });

    it("shows the customer only its customer-facing clocks' breaches on the ticket", async () => {
      const t0 = new Date('2026-11-13T02:00:00Z');
      platform.clock.set(t0);
      const customer = await createCustomer(http, { tier: 'silver' });
      const ticket = await ticketOf(customer);
      const user = await platform.user(['customer_user'], customer.id);
      platform.clock.set(at(t0, 31));
      await platform.deadlinesPolled();
      const staff = (await http().get(`/api/v1/faults/${ticket.id}`).expect(200)).body;
      expect(staff.breaches.map((b: Json) => b.kind).sort()).toEqual(['dispatch', 'first-feedback']);
      const seen = (await user.http().get(`/api/v1/faults/${ticket.id}`).expect(200)).body;
      expect(seen.breaches.map((b: Json) => b.kind)).toEqual(['first-feedback']);
      // The breach events say the same, for the customer's live stream (the gateway passes on the customer-facing ones).
      const breached = await db.query(`SELECT envelope->'data' AS d FROM fault.outbox WHERE type = 'evt.fault.clock.breached.v1' AND envelope->'data'->>'subjectId' = $1`, [ticket.id]);
      expect(breached.rows.map((r) => `${r.d.kind}:${r.d.customerFacing}`).sort()).toEqual(['dispatch:false', 'first-feedback:true']);
    });
  });
});
