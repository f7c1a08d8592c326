import { Client } from 'pg';
import { createCircuit, createCustomer, CustomerFixture, openFault } from '../support/factories';
import { expectEventually } from '../support/eventually';
import { startPlatform, TestPlatform } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const MIN = 60_000;

/** Important-period guarantees (§3, cases 36–40) through the gateway, with the real fault service escalating. */
describe('important-period guarantees', () => {
  let platform: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['fault', 'provisioning', 'visits'], serviceEnv: { DEADLINE_POLL_MS: '100' } });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await platform.close();
  });

  const http = () => platform.http();
  const at = (minutes: number, from: Date) => platform.clock.set(new Date(from.getTime() + minutes * MIN));
  const get = async (id: string): Promise<Json> => (await http().get(`/api/v1/guarantees/${id}`).expect(200)).body;
  const staff = [{ name: '李工', role: '现场保障', phone: '13800000001' }];

  /** Plans a guarantee once the visits service has learned of the customer and its circuits. */
  async function plan(body: Json): Promise<Json> {
    let created: Json = {};
    await expectEventually(async () => {
      const res = await http().post('/api/v1/guarantees').send(body);
      expect(res.status).toBe(201);
      created = res.body;
    });
    return created;
  }

  const faultSideGuarantee = async (id: string) => (await db.query('SELECT ended FROM fault.guarantee WHERE id = $1', [id])).rows[0] as { ended: boolean } | undefined;

  it('makes a fault on its circuits escalate at once during the period, not before it starts nor after it ends', async () => {
    const customer = await createCustomer(http, { tier: 'gold', industry: 'government' });
    const [before, during, after] = [await createCircuit(http, customer), await createCircuit(http, customer), await createCircuit(http, customer)];
    const t0 = new Date('2026-11-09T02:00:00Z');
    platform.clock.set(t0);
    const guarantee = await plan({
      customerId: customer.id,
      title: '两会期间通信保障',
      startsAt: new Date(t0.getTime() + 60 * MIN).toISOString(),
      endsAt: new Date(t0.getTime() + 180 * MIN).toISOString(),
      circuitCodes: [before.code, during.code, after.code],
      staff,
    });
    expect(guarantee).toMatchObject({ status: 'planned', customerName: customer.name, circuitCodes: [before.code, during.code, after.code] });

    at(59, t0);
    const early = await openFault(http, customer, before);
    expect(early).toMatchObject({ underGuarantee: false, escalations: [] });
    await platform.deadlinesPolled();
    expect((await get(guarantee.id)).status).toBe('planned');

    // The start is a clock due at startsAt: the guarantee activates then, and fault hears of it.
    at(60, t0);
    await platform.deadlinesPolled();
    await expectEventually(async () => expect(await get(guarantee.id)).toMatchObject({ status: 'active', activatedAt: guarantee.startsAt, activatedUnready: true }));
    await expectEventually(async () => expect(await faultSideGuarantee(guarantee.id)).toEqual({ ended: false }));
    at(90, t0);
    const inside = await openFault(http, customer, during);
    expect(inside).toMatchObject({ underGuarantee: true, escalationLevel: 'department' });
    expect((inside.escalations as Json[])[0]).toMatchObject({ trigger: 'auto:guarantee', reason: 'Fault on a circuit under guarantee: 两会期间通信保障' });

    at(179, t0);
    await platform.deadlinesPolled();
    expect((await get(guarantee.id)).status).toBe('active');
    at(180, t0);
    await platform.deadlinesPolled();
    await expectEventually(async () => expect(await get(guarantee.id)).toMatchObject({ status: 'ended', endedAt: guarantee.endsAt }));
    await expectEventually(async () => expect(await faultSideGuarantee(guarantee.id)).toEqual({ ended: true }));
    at(181, t0);
    const late = await openFault(http, customer, after);
    expect(late).toMatchObject({ underGuarantee: false, escalations: [] });

    // Each change is a durable event, start and end exactly once.
    const events = await db.query("SELECT type, envelope->'data'->>'action' AS action FROM visits.outbox WHERE envelope->>'subjectId' = $1 AND type LIKE 'evt.visits.guarantee.%' ORDER BY seq", [guarantee.id]);
    expect(events.rows.map((r) => r.action ?? r.type)).toEqual(['create', 'evt.visits.guarantee.activated.v1', 'activate', 'evt.visits.guarantee.ended.v1', 'end']);
  });

  it('is active at once when its period has begun, and a cancelled active guarantee ends for fault at once', async () => {
    const customer = await createCustomer(http, { tier: 'diamond' });
    const circuit = await createCircuit(http, customer);
    const t0 = new Date('2026-11-10T02:00:00Z');
    platform.clock.set(t0);
    const guarantee = await plan({ customerId: customer.id, title: '年终决算保障', startsAt: new Date(t0.getTime() - 5 * MIN).toISOString(), endsAt: new Date(t0.getTime() + 600 * MIN).toISOString(), circuitCodes: [circuit.code], staff });
    expect(guarantee).toMatchObject({ status: 'active', activatedAt: t0.toISOString() });
    await expectEventually(async () => expect(await faultSideGuarantee(guarantee.id)).toEqual({ ended: false }));
    const cancelled = await http().post(`/api/v1/guarantees/${guarantee.id}/cancel`).send({ reason: '活动取消' }).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '活动取消', endedAt: t0.toISOString() });
    await expectEventually(async () => expect(await faultSideGuarantee(guarantee.id)).toEqual({ ended: true }));
    await http().post(`/api/v1/guarantees/${guarantee.id}/cancel`).send({ reason: '再次' }).expect(409);
    // Its end clock was stopped with it: nothing fires at the old end.
    at(601, t0);
    await platform.deadlinesPolled();
    expect((await get(guarantee.id)).status).toBe('cancelled');
  });

  it('records pre-checks and joint tests (cases 37–38), and keeps the staff fixed unless a reason is given (case 40)', async () => {
    const customer = await createCustomer(http, { tier: 'gold' });
    const circuit = await createCircuit(http, customer);
    const t0 = new Date('2026-11-11T02:00:00Z');
    platform.clock.set(t0);
    const guarantee = await plan({ customerId: customer.id, title: '视频会议保障', startsAt: new Date(t0.getTime() + 120 * MIN).toISOString(), endsAt: new Date(t0.getTime() + 240 * MIN).toISOString(), circuitCodes: [circuit.code], staff });
    const path = `/api/v1/guarantees/${guarantee.id}`;
    await http().post(`${path}/checks`).send({ kind: 'pre-check', title: '电路巡检', outcome: 'pass' }).expect(200);
    at(10, t0);
    let view = (await http().post(`${path}/checks`).send({ kind: 'joint-test', title: '会前联调', outcome: 'fail', findings: '分会场无图像' }).expect(200)).body;
    expect(view.readiness).toEqual({ preCheckPassed: true, jointTestPassed: false, failing: ['会前联调'] });
    at(30, t0);
    view = (await http().post(`${path}/checks`).send({ kind: 'joint-test', title: '会前联调', outcome: 'pass', performedAt: new Date(t0.getTime() + 25 * MIN).toISOString() }).expect(200)).body;
    expect(view.readiness).toEqual({ preCheckPassed: true, jointTestPassed: true, failing: [] });
    expect(view.checks.map((c: Json) => [c.kind, c.outcome, c.by])).toEqual([
      ['pre-check', 'pass', 'admin'],
      ['joint-test', 'fail', 'admin'],
      ['joint-test', 'pass', 'admin'],
    ]);
    const renamed = [{ name: '王工', role: '现场保障', phone: '13800000002' }];
    view = (await http().post(`${path}/staff`).send({ staff: renamed, reason: '李工调岗' }).expect(200)).body;
    expect(view.staffChanges[0]).toMatchObject({ from: staff, to: renamed, reason: '李工调岗', by: 'admin', duringPeriod: false });
    at(120, t0);
    await platform.deadlinesPolled();
    await expectEventually(async () => expect(await get(guarantee.id)).toMatchObject({ status: 'active', activatedUnready: false }));
    view = (await http().post(`${path}/staff`).send({ staff, reason: '王工病假' }).expect(200)).body;
    expect(view.staffChanges[1]).toMatchObject({ duringPeriod: true });
    await http().post(`${path}/staff`).send({ staff }).expect(400);
    const future = (await http().post(`${path}/checks`).send({ kind: 'pre-check', title: '巡检', outcome: 'pass', performedAt: new Date(t0.getTime() + 121 * MIN).toISOString() }).expect(422)).body;
    expect(future.errors).toEqual([expect.objectContaining({ field: 'performedAt' })]);
  });

  it('refuses a period that does not end after it starts, circuits of another customer, and missing staff, naming the field', async () => {
    const customer = await createCustomer(http);
    const circuit = await createCircuit(http, customer);
    const other = await createCustomer(http);
    const theirs = await createCircuit(http, other);
    const t0 = platform.clock.now();
    const body = { customerId: customer.id, title: '保障', startsAt: new Date(t0.getTime() + 60 * MIN).toISOString(), endsAt: new Date(t0.getTime() + 120 * MIN).toISOString(), circuitCodes: [circuit.code], staff };
    await plan(body);
    await expectEventually(async () => {
      const res = await http().post('/api/v1/guarantees').send({ ...body, circuitCodes: [circuit.code, theirs.code] });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'CIRCUIT_UNKNOWN', errors: [{ field: 'circuitCodes[1]' }] });
    });
    const backwards = await http().post('/api/v1/guarantees').send({ ...body, endsAt: body.startsAt }).expect(422);
    expect(backwards.body).toMatchObject({ code: 'PERIOD_INVALID', errors: [{ field: 'endsAt', reason: 'must be after startsAt' }] });
    const noStaff = await http().post('/api/v1/guarantees').send({ ...body, staff: [] }).expect(400);
    expect(noStaff.body.errors.map((e: Json) => e.field)).toContain('staff');
    const badDate = await http().post('/api/v1/guarantees').send({ ...body, startsAt: '2026-13-01' }).expect(400);
    expect(badDate.body.errors.map((e: Json) => e.field)).toContain('startsAt');
  });

  it("shows a customer's own users their guarantees only, and lets them change nothing", async () => {
    const mine: CustomerFixture = await createCustomer(http);
    const theirs: CustomerFixture = await createCustomer(http);
    const [a, b] = [await createCircuit(http, mine), await createCircuit(http, theirs)];
    const t0 = platform.clock.now();
    const period = { startsAt: new Date(t0.getTime() + 60 * MIN).toISOString(), endsAt: new Date(t0.getTime() + 120 * MIN).toISOString(), staff };
    const own = await plan({ customerId: mine.id, title: '我的保障', circuitCodes: [a.code], ...period });
    const other = await plan({ customerId: theirs.id, title: '他人保障', circuitCodes: [b.code], ...period });
    const user = await platform.user(['customer_user'], mine.id);
    const page = (await user.http().get('/api/v1/guarantees').query({ customerId: theirs.id }).expect(200)).body;
    expect(page.items.map((g: Json) => g.id)).toEqual([own.id]);
    await user.http().get(`/api/v1/guarantees/${other.id}`).expect(404);
    // The customer's view: the checks' results and the staff changes, not which of the operator's accounts did what.
    await http().post(`/api/v1/guarantees/${own.id}/checks`).send({ kind: 'pre-check', title: '电路巡检', outcome: 'pass' }).expect(200);
    await http().post(`/api/v1/guarantees/${own.id}/staff`).send({ staff: [{ ...staff[0], name: '赵工' }], reason: '人员调整' }).expect(200);
    const staffView = (await http().get(`/api/v1/guarantees/${own.id}`).expect(200)).body;
    expect(staffView).toMatchObject({ createdBy: 'admin', activatedUnready: false, checks: [{ by: 'admin' }], staffChanges: [{ by: 'admin' }] });
    const views = [(await user.http().get(`/api/v1/guarantees/${own.id}`).expect(200)).body, (await user.http().get('/api/v1/guarantees').expect(200)).body.items[0]];
    for (const view of views) {
      const { createdBy: _c, activatedUnready: _a, ...shown } = staffView;
      expect(view).toEqual({ ...shown, checks: [expect.not.objectContaining({ by: expect.anything() })], staffChanges: [expect.not.objectContaining({ by: expect.anything() })] });
      expect(view.checks[0]).toMatchObject({ title: '电路巡检', outcome: 'pass' });
      expect(view.staffChanges[0]).toMatchObject({ reason: '人员调整' });
      expect(JSON.stringify(view)).not.toContain('"by"');
    }
    await user.http().post(`/api/v1/guarantees/${own.id}/cancel`).send({ reason: 'x' }).expect(403);
  });

  it("appears in the customer's service history, newest first, with its faults", async () => {
    const customer = await createCustomer(http);
    const circuit = await createCircuit(http, customer);
    const t0 = new Date('2026-11-12T02:00:00Z');
    platform.clock.set(t0);
    const first = await plan({ customerId: customer.id, title: '第一次保障', startsAt: new Date(t0.getTime() + 60 * MIN).toISOString(), endsAt: new Date(t0.getTime() + 120 * MIN).toISOString(), circuitCodes: [circuit.code], staff });
    const second = await plan({ customerId: customer.id, title: '第二次保障', startsAt: new Date(t0.getTime() + 600 * MIN).toISOString(), endsAt: new Date(t0.getTime() + 720 * MIN).toISOString(), circuitCodes: [circuit.code], staff });
    const ticket = await openFault(http, customer, circuit);
    const path = `/api/v1/customers/${customer.id}/service-history`;
    await expectEventually(async () => {
      const all = (await http().get(path).expect(200)).body;
      expect(all.items.map((h: Json) => [h.kind, h.id])).toEqual([
        ['guarantee', second.id],
        ['guarantee', first.id],
        ['fault', ticket.id],
      ]);
    });
    const paged = (await http().get(path).query({ limit: 1 }).expect(200)).body;
    expect(paged).toMatchObject({ hasMore: true, items: [{ id: second.id, title: `${second.number} 第二次保障`, status: 'planned' }] });
    const next = (await http().get(path).query({ limit: 2, cursor: paged.nextCursor }).expect(200)).body;
    expect(next.items.map((h: Json) => h.id)).toEqual([first.id, ticket.id]);
    expect(next.hasMore).toBe(false);
    const faultsOnly = (await http().get(path).query({ kind: 'fault' }).expect(200)).body;
    expect(faultsOnly.items.map((h: Json) => h.id)).toEqual([ticket.id]);
    await http().get(path).query({ kind: 'nonsense' }).expect(400);
    await http().get(path).query({ cursor: 'bm90LWEtY3Vyc29y' }).expect(400);
  });
});
