import { MIN } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { CircuitFixture, createCircuit, createCustomer, CustomerFixture, openFault, orderRequest } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';
import { expectRebuildIdentical } from '../support/rebuild';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The network operation analysis report (网络运行分析报告, DOMAIN.md §4, seed 000 cases 5, 15 and 44), faults driven
 * through the gateway on an injected clock, every figure compared with one computed here by hand. November 2026:
 * 30 days, 43,200 minutes.
 */
describe('analysis report', () => {
  let platform: TestPlatform;
  let customer: CustomerFixture;
  const circuits: Record<string, CircuitFixture> = {};
  const tickets: Record<string, Json> = {};
  const orders: Record<string, Json> = {};
  const MONTH_MINUTES = 30 * 1440;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['fault', 'provisioning', 'visits', 'reporting'] });
  });

  afterAll(async () => {
    await platform.close();
  });

  const http = () => platform.http();
  const at = (minutes: number, t0: Date) => platform.clock.set(new Date(t0.getTime() + minutes * MIN));
  const post = (id: string, path: string, body: object) => http().post(`/api/v1/faults/${id}${path}`).send(body).expect(200);
  const close = (id: string, causeCategory: string, causeSegment: string, causeDescription: string, customerFacingCause?: string) =>
    post(id, '/close', { causeCategory, causeSegment, causeDescription, customerConfirmedBy: '张工', ...(customerFacingCause ? { customerFacingCause } : {}) });

  /** Opens at t0 (fault = report = t0), dispatches both access ends at +3 and accepts them at +4. */
  async function opened(circuit: CircuitFixture, t0: Date): Promise<Json> {
    platform.clock.set(t0);
    const ticket = await openFault(http, customer, circuit);
    at(3, t0);
    const dispatched = (await post(ticket.id, '/dispatch', { legs: [{ unit: '广州本地网', segment: 'a_access' }, { unit: '北京本地网', segment: 'z_access' }] })).body;
    at(4, t0);
    for (const leg of dispatched.legs) await post(ticket.id, `/legs/${leg.id}/accept`, {});
    return dispatched;
  }

  /** Both ends clear at +10, suspended for the customer from +20 to +440 (7 h), restored at +470 and closed then. */
  async function suspended(circuit: CircuitFixture, t0: Date, customerSide: boolean): Promise<Json> {
    const t = await opened(circuit, t0);
    at(10, t0);
    for (const leg of t.legs) await post(t.id, `/legs/${leg.id}/result`, { result: 'no_fault', findings: '电信段无故障', testReport: '环回测试正常' });
    await post(t.id, '/suspension-requests', { legId: t.legs[0].id, reason: '客户机房无人，无法配合测试' });
    at(20, t0);
    await post(t.id, '/suspend', { customerConfirmedBy: '张工' });
    at(440, t0);
    await post(t.id, '/resume', { reason: '客户已到场' });
    at(470, t0);
    await post(t.id, '/restore', {});
    return customerSide
      ? (await close(t.id, 'customer_equipment', 'customer_premises', '客户路由器故障', '传输设备瞬断')).body
      : (await close(t.id, 'operator_fiber', 'z_access', '引入光缆中断')).body;
  }

  const reportOf = async (as = http(), query: Record<string, string> = { from: '2026-11-01', to: '2026-11-30' }) =>
    (await as.get(`/api/v1/reports/analysis/${customer.id}`).query(query).expect(200)).body as Json;

  /** Provisioning up to the whole-route test (as test/e2e/statistics.e2e-spec.ts drives it). */
  async function toTesting(o: Json): Promise<void> {
    const step = (path: string, body: object) => http().post(`/api/v1/orders/${o.id}/${path}`).send(body).expect(200);
    await step('review', { decision: 'approve', projectManager: '陈项目' });
    await step('survey', { findings: '两端均有资源' });
    await step('plan', { summary: '分段施工', segments: [{ name: 'A端接入', from: '2026-11-03', to: '2026-11-19' }] });
    await step('construction-done', {});
    await step('segments', { segment: 'A端接入' });
  }

  it('drives a month of faults, two orders and a visit', async () => {
    platform.clock.set(new Date('2026-11-02T02:00:00Z'));
    customer = await createCustomer(http, { tier: 'gold', industry: 'government' });
    // Two orders: one due 30 November, one due 20 November that misses its date without a warning.
    orders.onTime = (await http().post('/api/v1/orders').send(orderRequest(customer, { requiredBy: '2026-11-30' })).expect(201)).body;
    orders.late = (await http().post('/api/v1/orders').send(orderRequest(customer, { requiredBy: '2026-11-20' })).expect(201)).body;
    for (const o of [orders.onTime, orders.late]) await toTesting(o);

    circuits.plain = await createCircuit(http, customer, { code: `A1-${customer.code}` });
    circuits.exempt = await createCircuit(http, customer, { code: `A2-${customer.code}`, protection: 'none', business: '视频会议' });
    circuits.counted = await createCircuit(http, customer, { code: `A3-${customer.code}` });
    circuits.repeated = await createCircuit(http, customer, { code: `A4-${customer.code}`, importance: 'normal', grade: 'A' });
    circuits.lowGrade = await createCircuit(http, customer, { code: `A5-${customer.code}`, grade: 'B', importance: 'high', business: '呼叫中心' });

    // A 90-minute outage, operator-side.
    const t1 = new Date('2026-11-10T02:00:00Z');
    const one = await opened(circuits.plain, t1);
    at(90, t1);
    await post(one.id, '/restore', {});
    at(95, t1);
    tickets.plain = (await close(one.id, 'operator_equipment', 'a_access', '本地网设备板卡故障')).body;

    tickets.exempt = await suspended(circuits.exempt, new Date('2026-11-12T02:00:00Z'), true);
    tickets.counted = await suspended(circuits.counted, new Date('2026-11-13T02:00:00Z'), false);

    // Three 10-minute faults on one circuit: repeated faults.
    for (const day of [15, 20, 25]) {
      const t0 = new Date(`2026-11-${day}T02:00:00Z`);
      const t = await opened(circuits.repeated, t0);
      at(10, t0);
      await post(t.id, '/restore', {});
      at(12, t0);
      tickets[`repeated${day}`] = (await close(t.id, 'operator_configuration', 'a_access', '数据配置错误')).body;
    }

    // 26 November: both orders' whole route completed (the late one past its date, never warned); a routine visit.
    platform.clock.set(new Date('2026-11-26T02:00:00Z'));
    await platform.deadlinesPolled();
    await expectEventually(async () =>
      expect((await http().get(`/api/v1/orders/${orders.late.id}`).expect(200)).body.violations).toEqual([expect.objectContaining({ kind: 'missed-without-warning' })]),
    );
    for (const o of [orders.onTime, orders.late]) {
      await http().post(`/api/v1/orders/${o.id}/whole-route`).send({ testType: 'end_to_end', testReport: '全程测试通过', reportingBureau: o.leadingBureau.bureau }).expect(200);
    }
    let visit: Json = {};
    await expectEventually(async () => {
      visit = (await http().post('/api/v1/visits').send({ customerId: customer.id, kind: 'routine', owner: '王经理', plannedDate: '2026-11-26', purpose: '季度走访' }).expect(201)).body;
    });
    await http().post(`/api/v1/visits/${visit.id}/booking`).send({ at: new Date('2026-11-26T02:00:00Z').toISOString(), place: '客户总部', participants: ['李总'] }).expect(200);
    await http().post(`/api/v1/visits/${visit.id}/record`).send({ met: ['李总'], topics: ['网络运行情况'], problems: [], satisfaction: 5 }).expect(200);
    platform.clock.set(new Date('2026-12-02T02:00:00Z'));
    await expectEventually(async () => {
      const r = await reportOf();
      expect(r.faults.list.filter((f: Json) => f.status === 'closed')).toHaveLength(6);
      expect(r.clocks.find((c: Json) => c.kind === 'resolution').total).toBe(6);
      expect(r.provisioning.delivered).toBe(2);
      expect(r.afterSales.visitsDone).toBe(1);
    });
  });

  it('availability per circuit: outage to restore, the suspension exempt only for a customer-side closing cause', async () => {
    const r = await reportOf();
    expect(r.period).toEqual({ from: '2026-11-01', to: '2026-11-30', minutes: MONTH_MINUTES });
    expect(r.customer).toMatchObject({ id: customer.id, name: customer.name, tier: 'gold', industry: 'government' });
    const of = (c: CircuitFixture) => r.availability.find((a: Json) => a.circuitId === c.id);
    const pct = (counted: number) => Math.round((1 - counted / MONTH_MINUTES) * 10_000) / 100;
    expect(of(circuits.plain)).toMatchObject({ faults: 1, outageMinutes: 90, exemptMinutes: 0, countedMinutes: 90, availability: 99.79 });
    expect(pct(90)).toBe(99.79);
    // Customer-side cause: 470 minutes out, the 420 suspended exempt, 50 counted.
    expect(of(circuits.exempt)).toMatchObject({ faults: 1, outageMinutes: 470, exemptMinutes: 420, countedMinutes: 50, availability: pct(50) });
    expect(pct(50)).toBe(99.88);
    // Operator-side cause: the same suspension counts.
    expect(of(circuits.counted)).toMatchObject({ faults: 1, outageMinutes: 470, exemptMinutes: 0, countedMinutes: 470, availability: 98.91 });
    expect(of(circuits.repeated)).toMatchObject({ faults: 3, countedMinutes: 30, availability: 99.93 });
    expect(of(circuits.lowGrade)).toMatchObject({ faults: 0, countedMinutes: 0, availability: 100 });
    expect(r.availability.map((a: Json) => a.code)).toEqual(['plain', 'exempt', 'counted', 'repeated', 'lowGrade'].map((k) => circuits[k].code));
  });

  it('faults by cause and segment, mean and worst time to restore', async () => {
    const { faults } = await reportOf();
    expect(faults.total).toBe(6);
    expect(faults.byCause).toEqual([
      { key: 'operator_configuration', count: 3 },
      { key: 'customer_equipment', count: 1 },
      { key: 'operator_equipment', count: 1 },
      { key: 'operator_fiber', count: 1 },
    ]);
    expect(faults.bySegment).toEqual([
      { key: 'a_access', count: 4 },
      { key: 'customer_premises', count: 1 },
      { key: 'z_access', count: 1 },
    ]);
    // (90 + 470 + 470 + 3 × 10) / 6
    expect(faults).toMatchObject({ restored: 6, meanRestoreMinutes: 176.67, worstRestoreMinutes: 470, listTruncated: false });
    expect(faults.list.find((f: Json) => f.ticketId === tickets.exempt.id)).toMatchObject({ causeCategory: 'customer_equipment', cause: '客户路由器故障', customerFacingCause: '传输设备瞬断', restoreMinutes: 470 });
  });

  it('compliance of every fault clock kind', async () => {
    const { clocks } = await reportOf();
    const of = (kind: string) => clocks.find((c: Json) => c.kind === kind);
    // Dispatched at +3 of 5 min, both legs accepted within a minute: all met.
    expect(of('dispatch')).toMatchObject({ met: 6, total: 6, rate: 100 });
    expect(of('accept')).toMatchObject({ met: 12, total: 12, rate: 100 });
    // Progress (30 min): the 90-minute fault's two legs never reported (86 min at restore); all others ended in time.
    expect(of('progress')).toMatchObject({ met: 10, total: 12, rate: 83.33 });
    // No feedback given: first feedback (30 min) met only by the three faults closed at +12.
    expect(of('first-feedback')).toMatchObject({ met: 3, total: 6, rate: 50 });
    // Resolution (6 h for this gold customer's AA MSTP circuit): only the operator-side suspension's 470 counted minutes miss it.
    expect(of('resolution')).toMatchObject({ met: 5, total: 6, rate: 83.33 });
    // Joint handling after 1 h unresolved (suspensions counted here): only the three 10-minute faults stayed within it.
    expect(of('joint-handling')).toMatchObject({ met: 3, total: 6, rate: 50 });
    expect(clocks.map((c: Json) => c.kind).slice(0, 10)).toEqual(['dispatch', 'accept', 'progress', 'answer', 'first-feedback', 'feedback', 'resolution', 'joint-handling', 'on-site', 'broadcast']);
  });

  it('provisioning delivered and on time (1 of 2 = 50.00), the missed date a violation; the visit done', async () => {
    const r = await reportOf();
    expect(r.provisioning).toEqual({ delivered: 2, onTime: 1, onTimeRate: 50, warnings: 0, violations: 1, missedWithoutWarning: 1, falseCompletion: 0 });
    expect(r.afterSales).toEqual({ visitsDone: 1, lastVisitAt: expect.stringMatching(/^2026-11-26T/), inspectionsDone: 0, dangersFound: 0, dangersFixed: 0 });
  });

  it('recommendations by rule: no backup (case 5), repeated faults, low grade (case 44); visited, so no visit overdue', async () => {
    const r = await reportOf();
    expect(r.recommendations.map((x: Json) => [x.rule, x.circuits.map((c: Json) => c.code)])).toEqual([
      ['important-business-without-backup', [circuits.exempt.code]],
      ['repeated-faults', [circuits.repeated.code]],
      ['low-grade-important-business', [circuits.lowGrade.code]],
    ]);
    expect(r.recommendations[0].text).toContain('视频会议');
    expect(r.recommendations[1].text).toContain('3 次');
    // Gold: a visit every 3 months. A customer never visited is overdue.
    const unvisited = await createCustomer(http, { tier: 'gold' });
    await expectEventually(async () => {
      const other = (await http().get(`/api/v1/reports/analysis/${unvisited.id}`).query({ from: '2026-11-01', to: '2026-11-30' }).expect(200)).body;
      expect(other.recommendations).toEqual([{ rule: 'visit-overdue', circuits: [], text: expect.stringContaining('每 3 个月') }]);
      expect(other.availability).toEqual([]);
    });
  });

  it('recommends coordinated analysis from the repeated-faults threshold in force (reporting setting repeatedFaultsThreshold)', async () => {
    const rules = async () => (await reportOf()).recommendations.map((x: Json) => x.rule);
    expect(await rules()).toContain('repeated-faults');
    await http().put('/api/v1/settings/reporting').send({ repeatedFaultsThreshold: 4, reason: '四次以上才算重复故障' }).expect(200);
    try {
      expect(await rules()).not.toContain('repeated-faults');
      await http().put('/api/v1/settings/reporting').send({ repeatedFaultsThreshold: 1 }).expect(400);
    } finally {
      await http().put('/api/v1/settings/reporting').send({ repeatedFaultsThreshold: 3 }).expect(200);
    }
    expect(await rules()).toContain('repeated-faults');
  });

  it("judges an overdue visit by the visit frequency in force, as the visits service announced it (not DOMAIN.md's default)", async () => {
    const unvisited = await createCustomer(http, { tier: 'gold' });
    await http().put('/api/v1/settings/visits').send({ visitEveryMonthsGold: 2, reason: '金牌客户每两个月走访' }).expect(200);
    await expectEventually(async () => {
      const r = (await http().get(`/api/v1/reports/analysis/${unvisited.id}`).query({ from: '2026-11-01', to: '2026-11-30' }).expect(200)).body;
      expect(r.recommendations).toEqual([{ rule: 'visit-overdue', circuits: [], text: expect.stringContaining('每 2 个月') }]);
    });
  });

  it('defaults to the previous full month; a period outside the faults is all available', async () => {
    const byDefault = await reportOf(http(), {});
    expect(byDefault.period).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
    expect(JSON.stringify(byDefault)).toBe(JSON.stringify(await reportOf()));
    const october = await reportOf(http(), { from: '2026-10-01', to: '2026-10-31' });
    expect(october.period.minutes).toBe(31 * 1440);
    expect(october.faults.total).toBe(0);
    expect(october.availability.every((a: Json) => a.availability === 100)).toBe(true);
    await http().get(`/api/v1/reports/analysis/${customer.id}`).query({ from: '2026-11-30', to: '2026-11-01' }).expect(422);
    await http().get(`/api/v1/reports/analysis/${customer.id}`).query({ from: '2026-13-01' }).expect(400);
    await http().get('/api/v1/reports/analysis/not-a-uuid').expect(400);
    await http().get('/api/v1/reports/analysis/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it("a customer's user gets its own report with the causes as told, never another customer's", async () => {
    const own = await platform.user(['customer_user'], customer.id);
    const r = await reportOf(own.http());
    const text = JSON.stringify(r);
    for (const secret of ['客户路由器故障', 'customer_equipment', 'customer_premises', 'customerFacingCause']) expect(text).not.toContain(secret);
    expect(r.faults.list.find((f: Json) => f.ticketId === tickets.exempt.id)).toMatchObject({ causeCategory: null, causeSegment: null, cause: '传输设备瞬断' });
    expect(r.faults.byCause).toContainEqual({ key: null, count: 1 });
    expect(r.availability.find((a: Json) => a.circuitId === circuits.exempt.id)).toMatchObject({ exemptMinutes: 420, availability: 99.88 });
    const other = await createCustomer(http);
    const stranger = await platform.user(['customer_user'], other.id);
    await stranger.http().get(`/api/v1/reports/analysis/${customer.id}`).expect(404);
  });

  it('rebuilding the read models from the stream gives byte-identical report output', async () => {
    const own = await platform.user(['customer_user'], customer.id);
    const read = async () => [
      (await http().get(`/api/v1/reports/analysis/${customer.id}`).query({ from: '2026-11-01', to: '2026-11-30' }).expect(200)).text,
      (await own.http().get(`/api/v1/reports/analysis/${customer.id}`).query({ from: '2026-11-01', to: '2026-11-30' }).expect(200)).text,
    ];
    await expectRebuildIdentical(platform, read, ['UPDATE clock_fact SET exempt_ms = 0, met = NULL', 'UPDATE fault_fact SET restored_at = NULL']);
  });
});
