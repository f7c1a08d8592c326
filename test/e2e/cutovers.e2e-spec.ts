import { Client } from 'pg';
import { createCircuit, createCustomer, CircuitFixture, CustomerFixture, openFault } from '../support/factories';
import { expectEventually } from '../support/eventually';
import { startPlatform, TestPlatform, TestUser } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Cutover coordination (§3, seed 000 cases 33–35) through the gateway, with the real fault service linking faults.
 * The tests run in order on one platform: business time only moves forward.
 */
describe('cutover coordination', () => {
  let platform: TestPlatform;
  let db: Client;
  let a: CustomerFixture;
  let b: CustomerFixture;
  let other: CustomerFixture;
  let a1: CircuitFixture;
  let a2: CircuitFixture;
  let b1: CircuitFixture;
  let b2: CircuitFixture;
  let userA: TestUser;
  let userB: TestUser;
  let userOther: TestUser;
  let cutover: Json;
  let unagreed: Json;

  // Sat 2026-11-14 01:00–05:00 Beijing; 5 working days before that date: Mon 2026-11-09 09:00 Beijing.
  const W1 = { windowStart: '2026-11-13T17:00:00.000Z', windowEnd: '2026-11-13T21:00:00.000Z' };
  const W1_DUE = '2026-11-09T01:00:00.000Z';
  // Sat 2026-11-21 01:00–05:00 Beijing; due Mon 2026-11-16 09:00 Beijing.
  const W2 = { windowStart: '2026-11-20T17:00:00.000Z', windowEnd: '2026-11-20T21:00:00.000Z' };
  const W2_DUE = '2026-11-16T01:00:00.000Z';

  beforeAll(async () => {
    platform = await startPlatform({ services: ['fault', 'provisioning', 'visits'], serviceEnv: { DEADLINE_POLL_MS: '100' } });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    a = await createCustomer(http, { name: '甲银行' });
    b = await createCustomer(http, { name: '乙证券' });
    other = await createCustomer(http, { name: '丙保险' });
    [a1, a2] = [await createCircuit(http, a), await createCircuit(http, a)];
    [b1, b2] = [await createCircuit(http, b), await createCircuit(http, b)];
    await createCircuit(http, other);
    userA = await platform.user(['customer_user'], a.id);
    userB = await platform.user(['customer_user'], b.id);
    userOther = await platform.user(['customer_user'], other.id);
  });

  afterAll(async () => {
    await db.end();
    await platform.close();
  });

  const http = () => platform.http();
  const get = async (id: string): Promise<Json> => (await http().get(`/api/v1/cutovers/${id}`).expect(200)).body;
  const post = (path: string, body: Json, status = 200) => http().post(`/api/v1/cutovers${path}`).send(body).expect(status);
  const body = (circuitCodes: string[], window: Json = W1): Json => ({ title: '城域网核心设备升级割接', description: '核心路由器板卡更换', circuitCodes, owner: '王工', ...window });
  const fieldOf = (res: { body: Json }) => res.body.errors?.[0]?.field;

  /** Plans a cutover once the visits service has learned of the circuits from provisioning's events. */
  async function plan(circuitCodes: string[], window: Json = W1): Promise<Json> {
    let created: Json = {};
    await expectEventually(async () => {
      const res = await http().post('/api/v1/cutovers').send(body(circuitCodes, window));
      expect(res.status).toBe(201);
      created = res.body;
    });
    return created;
  }

  const noticeOf = (c: Json, customerId: string, round = c.round) => c.notices.find((n: Json) => n.customerId === customerId && n.round === round);
  const breaches = async (noticeId: string) =>
    (await db.query(`SELECT 1 FROM visits.outbox WHERE type = 'evt.visits.clock.breached.v1' AND envelope->'data'->>'subjectId' = $1`, [noticeId])).rowCount;
  const faultSide = async (id: string) => (await db.query('SELECT window_start, window_end FROM fault.cutover WHERE id = $1', [id])).rows[0] as Json | undefined;

  it('notifies each affected customer of its own circuits, due exactly 5 working days before the window at 09:00', async () => {
    cutover = await plan([a1.code, b1.code, a2.code]);
    expect(cutover).toMatchObject({ status: 'awaiting-answers', round: 1, shortNotice: false, ...W1, customerIds: expect.arrayContaining([a.id, b.id]) });
    expect(cutover.notices).toHaveLength(2);
    expect(noticeOf(cutover, a.id)).toMatchObject({ circuitCodes: [a1.code, a2.code], dueAt: W1_DUE, shortNotice: false });
    expect(noticeOf(cutover, b.id)).toMatchObject({ circuitCodes: [b1.code], dueAt: W1_DUE });
    expect(cutover.rounds).toEqual([expect.objectContaining({ round: 1, ...W1, shortNotice: false })]);
    const clocks = (await http().get('/api/v1/clocks/visits').query({ subjectId: noticeOf(cutover, a.id).id }).expect(200)).body.items;
    expect(clocks).toEqual([expect.objectContaining({ subjectType: 'cutover-notice', kind: 'notice', basis: 'working-days', dueAt: W1_DUE })]);
  });

  it('refuses an unknown circuit and a window that is past or ends before it starts, naming the field', async () => {
    const unknown = await http().post('/api/v1/cutovers').send(body([a1.code, 'NO-SUCH-CIRCUIT'])).expect(422);
    expect([unknown.body.code, fieldOf(unknown)]).toEqual(['CIRCUIT_UNKNOWN', 'circuitCodes[1]']);
    const backwards = await http().post('/api/v1/cutovers').send(body([a1.code], { windowStart: W1.windowEnd, windowEnd: W1.windowStart })).expect(422);
    expect([backwards.body.code, fieldOf(backwards)]).toEqual(['PERIOD_INVALID', 'windowEnd']);
    const past = await http().post('/api/v1/cutovers').send(body([a1.code], { windowStart: '2026-11-01T01:00:00.000Z', windowEnd: W1.windowEnd })).expect(422);
    expect([past.body.code, fieldOf(past)]).toEqual(['PERIOD_INVALID', 'windowStart']);
    await userA.http().post('/api/v1/cutovers').send(body([a1.code])).expect(403);
  });

  it('moves the due with cutoverNoticeWorkingDays, and flags a window too close for the full lead time', async () => {
    await http().put('/api/v1/settings/visits').send({ cutoverNoticeWorkingDays: 3, reason: '试行缩短割接通知提前量' }).expect(200);
    const shorter = await plan([a1.code]);
    // 3 working days before Sat 2026-11-14: Wed 2026-11-11 09:00 Beijing.
    expect(noticeOf(shorter, a.id).dueAt).toBe('2026-11-11T01:00:00.000Z');
    await http().put('/api/v1/settings/visits').send({ cutoverNoticeWorkingDays: 5, reason: '恢复' }).expect(200);
    await post(`/${shorter.id}/cancel`, { reason: '重复计划' });

    const now = platform.clock.now().toISOString();
    const close = await plan([a1.code], { windowStart: '2026-11-04T17:00:00.000Z', windowEnd: '2026-11-04T19:00:00.000Z' });
    expect(close).toMatchObject({ shortNotice: true, rounds: [expect.objectContaining({ shortNotice: true })] });
    expect(noticeOf(close, a.id)).toMatchObject({ shortNotice: true, dueAt: now });
    expect((await post(`/${close.id}/cancel`, { reason: '改期' })).body.status).toBe('cancelled');
  });

  it("lets each customer's user answer for its own customer only, and see only its own part", async () => {
    const seenByB = (await userB.http().get(`/api/v1/cutovers/${cutover.id}`).expect(200)).body;
    expect(seenByB).toMatchObject({ circuitCodes: [b1.code], customerIds: [b.id] });
    expect(seenByB.notices.map((n: Json) => n.customerId)).toEqual([b.id]);
    await userOther.http().get(`/api/v1/cutovers/${cutover.id}`).expect(404);

    await userA.http().post(`/api/v1/cutovers/${cutover.id}/answers`).send({ answer: 'agree' }).expect(200);
    const noReason = await userB.http().post(`/api/v1/cutovers/${cutover.id}/answers`).send({ answer: 'refuse' }).expect(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');
    const refused = (await userB.http().post(`/api/v1/cutovers/${cutover.id}/answers`).send({ answer: 'refuse', reason: '月末结算期间不能中断' }).expect(200)).body;
    expect(refused.answers).toEqual([expect.objectContaining({ customerId: b.id, answer: 'refuse', answeredBy: userB.username, onBehalf: false, round: 1 })]);
    expect(refused.circuitCodes).toEqual([b1.code]);
    expect(await get(cutover.id)).toMatchObject({ status: 'awaiting-answers', rescheduleNeeded: true });
    expect((await userA.http().get(`/api/v1/cutovers/${cutover.id}`).expect(200)).body).toMatchObject({ rescheduleNeeded: false, answers: [expect.objectContaining({ customerId: a.id })] });

    const stranger = await userOther.http().post(`/api/v1/cutovers/${cutover.id}/answers`).send({ answer: 'agree' }).expect(404);
    expect(stranger.body.code).toBe('NOT_FOUND');
    const notAffected = await post(`/${cutover.id}/answers`, { answer: 'agree', customerId: other.id }, 422);
    expect(notAffected.body.code).toBe('CUTOVER_CUSTOMER_NOT_AFFECTED');
    await post(`/${cutover.id}/executed`, { startedAt: W1.windowStart, endedAt: W1.windowEnd }, 409);
  });

  it('reschedules after a refusal: a new round, the answers asked again, new notices due from the new window', async () => {
    const moved = (await post(`/${cutover.id}/reschedule`, { ...W2, reason: '客户乙要求避开月末' })).body;
    expect(moved).toMatchObject({ status: 'awaiting-answers', round: 2, rescheduleNeeded: false, ...W2 });
    expect(moved.rounds).toEqual([expect.objectContaining({ round: 1, ...W1 }), expect.objectContaining({ round: 2, ...W2, reason: '客户乙要求避开月末' })]);
    expect(moved.notices).toHaveLength(4);
    expect(noticeOf(moved, a.id, 1).dueAt).toBe(W1_DUE);
    expect(noticeOf(moved, a.id, 2)).toMatchObject({ dueAt: W2_DUE, circuitCodes: [a1.code, a2.code] });
    expect(noticeOf(moved, b.id, 2).dueAt).toBe(W2_DUE);
    expect(moved.answers.map((x: Json) => x.round)).toEqual([1, 1]);
    // A customer sees the windows, not why they moved (the reason may tell of another customer's refusal).
    const seenByA = (await userA.http().get(`/api/v1/cutovers/${cutover.id}`).expect(200)).body;
    expect(seenByA.rounds.map((r: Json) => [r.round, r.windowStart, r.reason])).toEqual([
      [1, W1.windowStart, undefined],
      [2, W2.windowStart, undefined],
    ]);
    expect(seenByA.answers.map((x: Json) => x.customerId)).toEqual([a.id]);
    unagreed = await plan([b2.code], W2);
  });

  it('sends the window to fault only once every affected customer has agreed in the current round', async () => {
    await userA.http().post(`/api/v1/cutovers/${cutover.id}/answers`).send({ answer: 'agree' }).expect(200);
    expect((await get(cutover.id)).status).toBe('awaiting-answers');
    const agreed = (await post(`/${cutover.id}/answers`, { answer: 'agree', customerId: b.id })).body;
    expect(agreed.status).toBe('agreed');
    expect(agreed.answers.at(-1)).toMatchObject({ round: 2, customerId: b.id, answer: 'agree', answeredBy: 'admin', onBehalf: true });
    await userA.http().post(`/api/v1/cutovers/${cutover.id}/answers`).send({ answer: 'refuse', reason: '太晚了' }).expect(409);
    await expectEventually(async () => expect(await faultSide(cutover.id)).toEqual({ window_start: new Date(W2.windowStart), window_end: new Date(W2.windowEnd) }));
    expect(await faultSide(unagreed.id)).toBeUndefined();
  });

  it('breaches a notice not delivered by its due once, and finds its late delivery late', async () => {
    const onTime = (await post(`/${cutover.id}/notices/${a.id}/sent`, { channel: 'phone', to: '甲银行 张经理 13800000001' })).body;
    expect(noticeOf(onTime, a.id)).toMatchObject({ late: false, channel: 'phone', sentBy: 'admin' });
    await post(`/${cutover.id}/notices/${a.id}/sent`, { channel: 'sms', to: '张经理' }, 409);
    await post(`/${cutover.id}/notices/${other.id}/sent`, { channel: 'sms', to: '张经理' }, 422);

    platform.clock.set(new Date('2026-11-16T00:59:00Z'));
    await platform.deadlinesPolled();
    expect(noticeOf(await get(cutover.id), b.id).breachedAt).toBeUndefined();
    platform.clock.set(new Date('2026-11-16T01:30:00Z'));
    await platform.deadlinesPolled();
    await expectEventually(async () => expect(noticeOf(await get(cutover.id), b.id).breachedAt).toBeDefined());
    // The delivery time may be stated, at most maxBackdateMinutes (4320) back.
    const stated = (minutesBack: number) => new Date(Date.parse('2026-11-16T01:30:00Z') - minutesBack * 60_000).toISOString();
    const tooFar = await post(`/${cutover.id}/notices/${b.id}/sent`, { channel: 'email', to: 'ops@yizheng.example', sentAt: stated(4321) }, 422);
    expect([tooFar.body.code, fieldOf(tooFar)]).toEqual(['STATED_TIME_OUT_OF_RANGE', 'sentAt']);
    const late = (await post(`/${cutover.id}/notices/${b.id}/sent`, { channel: 'email', to: 'ops@yizheng.example', sentAt: stated(10) })).body;
    expect(noticeOf(late, b.id)).toMatchObject({ late: true, sentAt: '2026-11-16T01:20:00.000Z' });
    platform.clock.set(new Date('2026-11-17T02:00:00Z'));
    await platform.deadlinesPolled();
    expect(await breaches(noticeOf(late, b.id).id)).toBe(1);
    expect(await breaches(noticeOf(late, a.id).id)).toBe(0);
    // The first round's notices stopped with their window: they never breach.
    expect(await breaches(noticeOf(late, b.id, 1).id)).toBe(0);
  });

  it('links a fault inside the agreed window to the cutover, and not one inside a window still awaiting answers', async () => {
    platform.clock.set(new Date('2026-11-20T18:00:00Z'));
    const linked = await openFault(http, a, a1);
    expect(linked.cutoverId).toBe(cutover.id);
    const unlinked = await openFault(http, b, b2);
    expect(unlinked.cutoverId).toBeUndefined();
  });

  it('flags an execution outside the agreed window with minutes early and late (case 35)', async () => {
    platform.clock.set(new Date('2026-11-20T22:00:00Z'));
    const future = await post(`/${cutover.id}/executed`, { startedAt: '2026-11-20T17:00:00.000Z', endedAt: '2026-11-20T23:00:00.000Z' }, 422);
    expect([future.body.code, fieldOf(future)]).toEqual(['PERIOD_INVALID', 'endedAt']);
    const done = (await post(`/${cutover.id}/executed`, { startedAt: '2026-11-20T16:45:00.000Z', endedAt: '2026-11-20T21:10:00.000Z', note: '板卡更换超时' })).body;
    expect(done).toMatchObject({ status: 'executed', executedStart: '2026-11-20T16:45:00.000Z', executedEnd: '2026-11-20T21:10:00.000Z', deviation: { early: 15, late: 10 } });
    const said = await db.query(`SELECT envelope->'data' AS data FROM visits.outbox WHERE type = 'evt.visits.cutover.changed.v1' AND envelope->>'subjectId' = $1 ORDER BY seq DESC LIMIT 1`, [cutover.id]);
    expect(said.rows[0].data).toMatchObject({ action: 'execute-outside-window', status: 'executed', deviation: { early: 15, late: 10 } });
    await post(`/${cutover.id}/cancel`, { reason: 'x' }, 409);

    const page = (await http().get('/api/v1/cutovers').query({ customerId: a.id, status: 'executed' }).expect(200)).body;
    expect(page.items.map((c: Json) => c.id)).toEqual([cutover.id]);
    const byCircuit = (await http().get('/api/v1/cutovers').query({ circuitCode: b2.code }).expect(200)).body;
    expect(byCircuit.items.map((c: Json) => c.id)).toEqual([unagreed.id]);
    const inWindow = (await http().get('/api/v1/cutovers').query({ from: '2026-11-20T20:00:00.000Z', to: '2026-11-20T20:30:00.000Z' }).expect(200)).body;
    expect(inWindow.items.map((c: Json) => c.id).sort()).toEqual([cutover.id, unagreed.id].sort());

    // The customer's service history shows the cutovers affecting it, at their window.
    const history = (await userB.http().get(`/api/v1/customers/${b.id}/service-history`).query({ kind: 'cutover' }).expect(200)).body;
    expect(history.items.map((h: Json) => [h.id, h.at, h.status])).toEqual([
      [unagreed.id, W2.windowStart, 'awaiting-answers'],
      [cutover.id, W2.windowStart, 'executed'],
    ].sort((x, y) => (x[0] < y[0] ? 1 : -1)));
  });

  it('withdraws an agreed window from fault when rescheduled, sends the new one once all agree again, and withdraws it on cancel', async () => {
    const W3 = { windowStart: '2026-11-27T17:00:00.000Z', windowEnd: '2026-11-27T21:00:00.000Z' };
    const W4 = { windowStart: '2026-12-04T17:00:00.000Z', windowEnd: '2026-12-04T21:00:00.000Z' };
    const c = await plan([a2.code], W3);
    await userA.http().post(`/api/v1/cutovers/${c.id}/answers`).send({ answer: 'agree' }).expect(200);
    await expectEventually(async () => expect(await faultSide(c.id)).toEqual({ window_start: new Date(W3.windowStart), window_end: new Date(W3.windowEnd) }));
    await post(`/${c.id}/reschedule`, { ...W4, reason: '设备到货延迟' });
    await expectEventually(async () => expect(await faultSide(c.id)).toBeUndefined());
    await userA.http().post(`/api/v1/cutovers/${c.id}/answers`).send({ answer: 'propose', proposedStart: '2026-12-11T17:00:00.000Z', proposedEnd: '2026-12-11T16:00:00.000Z' }).expect(422);
    await userA.http().post(`/api/v1/cutovers/${c.id}/answers`).send({ answer: 'agree' }).expect(200);
    await expectEventually(async () => expect(await faultSide(c.id)).toEqual({ window_start: new Date(W4.windowStart), window_end: new Date(W4.windowEnd) }));
    expect((await post(`/${c.id}/cancel`, { reason: '方案取消' })).body.status).toBe('cancelled');
    await expectEventually(async () => expect(await faultSide(c.id)).toBeUndefined());
  });
});
