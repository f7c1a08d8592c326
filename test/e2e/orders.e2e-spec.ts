import { Client } from 'pg';
import { expectEventually } from '../support/eventually';
import { createCircuit, createCustomer, CustomerFixture, openFault, orderRequest } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const bj = (local: string) => new Date(`${local}+08:00`);
const iso = (local: string) => bj(local).toISOString();
const fieldsOf = (problem: Json): string[] => [...new Set<string>(problem.errors.map((e: Json) => e.field))];

/** Provisioning through the seven steps (DOMAIN.md §2), through the gateway, with the services' clock moved by the test. */
describe('provisioning orders through the seven steps', () => {
  let platform: TestPlatform;
  let customer: CustomerFixture;

  beforeAll(async () => {
    platform = await startPlatform({ serviceEnv: { DEADLINE_POLL_MS: '100' } });
    customer = await createCustomer(() => platform.http(), { tier: 'gold', industry: 'finance' });
  });

  afterAll(async () => {
    await platform.close();
  });

  const http = () => platform.http();
  const post = (id: string, action: string, body: object, status = 200) => http().post(`/api/v1/orders/${id}/${action}`).send(body).expect(status);
  const get = async (id: string): Promise<Json> => (await http().get(`/api/v1/orders/${id}`).expect(200)).body;
  const deadline = (o: Json, kind: string) => o.deadlines.filter((d: Json) => d.kind === kind).at(-1);
  const orderBody = (overrides: Record<string, unknown> = {}): Json => orderRequest(customer, overrides);

  async function order(overrides: Record<string, unknown> = {}): Promise<Json> {
    return (await http().post('/api/v1/orders').send(orderBody(overrides)).expect(201)).body;
  }

  const oneSegment = (to: string) => [{ name: 'A端接入', from: '2026-11-24', to }];

  /** Review, survey, plan, construction, and every segment reported complete: ready for the whole-route test. */
  async function toTesting(o: Json, segments = oneSegment('2026-11-26')): Promise<void> {
    await post(o.id, 'review', { decision: 'approve', projectManager: '陈项目' });
    await post(o.id, 'survey', { findings: '两端均有资源' });
    await post(o.id, 'plan', { summary: '分段施工', segments });
    await post(o.id, 'construction-done', {});
    for (const s of segments) await post(o.id, 'segments', { segment: s.name });
  }

  async function deliver(o: Json, wholeRoute: Record<string, unknown> = {}): Promise<Json> {
    await post(o.id, 'whole-route', { testType: 'end_to_end', testReport: '全程测试通过', reportingBureau: o.leadingBureau.bureau, ...wholeRoute });
    await post(o.id, 'completion', {});
    return (await post(o.id, 'handover', { signature: 'customer_signed' })).body;
  }

  async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
    const db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      return (await db.query(query, params)).rows as T[];
    } finally {
      await db.end();
    }
  }

  it('walks all seven steps and yields a live circuit that the fault service accepts faults for; who acted is the caller', async () => {
    platform.clock.set(bj('2026-11-02T10:00:00'));
    const refused = await http().post('/api/v1/orders').send({ ...orderBody(), by: '业务经理' }).expect(400);
    expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'by' })]));
    const o = await order();
    expect(o).toMatchObject({ step: 'review', requiredTest: 'end_to_end', leadingBureau: { lead: 'Z', bureau: '北京', rule: 'capital-rank' }, warnings: [], inWarningPool: false });
    await post(o.id, 'survey', { findings: 'x' }, 409).expect((r) => expect(r.body).toMatchObject({ code: 'STEP_OUT_OF_ORDER', expected: 'survey', step: 'review' }));
    await post(o.id, 'handover', { signature: 'customer_signed' }, 409).expect((r) => expect(r.body.code).toBe('WHOLE_ROUTE_NOT_COMPLETED'));

    await post(o.id, 'review', { decision: 'approve', projectManager: '陈项目' });
    platform.clock.set(bj('2026-11-03T10:00:00'));
    await post(o.id, 'survey', { findings: '两端均有资源', propertyIssues: 'A端大楼物业需协调进场' });
    platform.clock.set(bj('2026-11-05T10:00:00'));
    const segments = [
      { name: 'A端接入', from: '2026-11-06', to: '2026-11-20' },
      { name: 'Z端接入', from: '2026-11-06', to: '2026-11-20' },
    ];
    await post(o.id, 'plan', { summary: '分段施工', segments });
    platform.clock.set(bj('2026-11-12T10:00:00'));
    await post(o.id, 'progress', { thisWeek: '光缆布放', nextWeek: '设备安装', warnItems: '无' });
    await post(o.id, 'construction-done', {});
    await post(o.id, 'segments', { segment: 'A端接入' });
    const early = await post(o.id, 'whole-route', { testType: 'end_to_end', testReport: 'x', reportingBureau: '北京' }, 409);
    expect(early.body).toMatchObject({ code: 'STEP_OUT_OF_ORDER', openSegments: ['Z端接入'] });
    await post(o.id, 'segments', { segment: 'Z端接入' });
    platform.clock.set(bj('2026-11-13T15:00:00'));
    const tested = (await post(o.id, 'whole-route', { testType: 'end_to_end', testReport: '全程误码测试24小时通过', reportingBureau: '北京' })).body;
    expect(tested).toMatchObject({ step: 'completion', serviceStartAt: iso('2026-11-13T15:00:00'), violations: [], wholeRoute: { testType: 'end_to_end', reportingBureau: '北京' } });
    expect(tested.wholeRoute).not.toHaveProperty('overrideReason');
    await post(o.id, 'completion', {});
    const done = (await post(o.id, 'handover', { signature: 'customer_signed', signedBy: '客户张工' })).body;
    expect(done).toMatchObject({ step: 'done', signature: 'customer_signed', signedBy: '客户张工', inWarningPool: false, violations: [] });

    const circuit = (await http().get(`/api/v1/circuits/${done.circuitId}`).expect(200)).body;
    expect(circuit).toMatchObject({ code: o.circuitCode, state: 'live', customerId: customer.id, bandwidthMbps: 100, zEnd: { city: '北京', province: '北京' } });
    const ticket = await openFault(() => platform.http(), customer, circuit);
    expect(ticket.circuitCode).toBe(o.circuitCode);

    const timeline = (await http().get(`/api/v1/orders/${o.id}/timeline`).expect(200)).body as Json[];
    expect(timeline.map((e) => e.type)).toEqual([
      'create', 'approve', 'survey', 'plan', 'progress', 'construction-done', 'segment-complete', 'segment-complete', 'whole-route', 'record-completion', 'handover',
    ]);
    expect(new Set(timeline.map((e) => e.by))).toEqual(new Set(['admin']));
    expect(timeline.find((e) => e.type === 'survey')!.detail.notify).toEqual(['王经理']);
  });

  it('returns an order to the business manager with the reason (退单): no further step, no clock, never a violation', async () => {
    platform.clock.set(bj('2026-11-23T10:00:00'));
    const o = await order({ requiredBy: '2026-11-27', progressReportsRequired: false });
    const missing = await post(o.id, 'review', { decision: 'return' }, 400);
    expect(fieldsOf(missing.body)).toEqual(['reason']);
    const returned = (await post(o.id, 'review', { decision: 'return', reason: '资源核查已过期，请重新核查后提交' })).body;
    expect(returned).toMatchObject({ step: 'returned', returnReason: '资源核查已过期，请重新核查后提交' });
    expect(deadline(returned, 'due').status).toBe('stopped');
    await post(o.id, 'review', { decision: 'approve', projectManager: 'p' }, 409);
    await post(o.id, 'warnings', { reason: 'resource', description: 'x' }, 409);
    const timeline = (await http().get(`/api/v1/orders/${o.id}/timeline`).expect(200)).body as Json[];
    expect(timeline.at(-1)).toMatchObject({ type: 'return', by: 'admin', detail: { reason: '资源核查已过期，请重新核查后提交', notify: ['李经理'] } });
    const list = (await http().get('/api/v1/orders').query({ step: 'returned', customerId: customer.id }).expect(200)).body;
    expect(list.items.map((i: Json) => i.id)).toContain(o.id);

    platform.clock.set(bj('2026-11-30T10:00:00'));
    await platform.deadlinesPolled();
    expect(await get(o.id)).toMatchObject({ violations: [], inWarningPool: false });
  });

  it('keeps the warning pool apart from warnings: a pool order that misses its date without a timely unit warning is a violation', async () => {
    platform.clock.set(bj('2026-11-20T10:00:00'));
    const pooled = await order({ progressReportsRequired: false, requiredBy: '2026-12-18', crossDomain: false });
    const warnedLate = await order({ progressReportsRequired: false, requiredBy: '2026-12-18', crossDomain: false });
    const warnedInTime = await order({ progressReportsRequired: false, requiredBy: '2026-12-18', crossDomain: false });
    expect(pooled.dueAt).toBe(iso('2026-12-18T17:00:00'));

    // 10 working days before Fri 2026-12-18, the date not counted: Fri 2026-12-04 at the start of business.
    platform.clock.set(bj('2026-12-04T08:59:59'));
    await platform.deadlinesPolled();
    expect((await get(pooled.id)).inWarningPool).toBe(false);
    platform.clock.set(bj('2026-12-04T09:00:00'));
    await expectEventually(async () => {
      for (const o of [pooled, warnedLate, warnedInTime]) {
        expect(await get(o.id)).toMatchObject({ inWarningPool: true, warningPoolEnteredAt: iso('2026-12-04T09:00:00'), warnings: [] });
      }
    });
    const pool = (await http().get('/api/v1/orders').query({ inWarningPool: 'true', customerId: customer.id }).expect(200)).body;
    expect(pool.items.map((i: Json) => i.id)).toEqual(expect.arrayContaining([pooled.id, warnedLate.id, warnedInTime.id]));
    const entry = ((await http().get(`/api/v1/orders/${pooled.id}/timeline`).expect(200)).body as Json[]).find((e) => e.type === 'warning-pool');
    expect(entry).toMatchObject({ by: 'system', occurredAt: iso('2026-12-04T09:00:00'), detail: { notify: ['王经理', '李经理', '赵工'] } });

    // 5 working days before the date: Fri 2026-12-11 09:00.
    platform.clock.set(bj('2026-12-11T09:00:00'));
    const inTime = (await post(warnedInTime.id, 'warnings', { reason: 'property', description: '物业不允许进场' })).body;
    expect(inTime.warnings).toEqual([expect.objectContaining({ reason: 'property', timely: true, by: 'admin' })]);
    platform.clock.set(bj('2026-12-11T09:00:01'));
    const late = (await post(warnedLate.id, 'warnings', { reason: 'resource', description: '端口不足' })).body;
    expect(late.warnings).toEqual([expect.objectContaining({ timely: false })]);

    platform.clock.set(bj('2026-12-18T17:00:01'));
    await expectEventually(async () => {
      expect((await get(pooled.id)).violations).toEqual([expect.objectContaining({ kind: 'missed-without-warning' })]);
      expect((await get(warnedLate.id)).violations).toEqual([expect.objectContaining({ kind: 'missed-without-warning' })]);
    });
    await platform.deadlinesPolled();
    expect((await get(warnedInTime.id)).violations).toEqual([]);
    const violated = (await http().get('/api/v1/orders').query({ violated: 'true', customerId: customer.id }).expect(200)).body;
    expect(violated.items.map((i: Json) => i.id)).toEqual(expect.arrayContaining([pooled.id, warnedLate.id]));
    expect(violated.items.map((i: Json) => i.id)).not.toContain(warnedInTime.id);
  });

  it('puts an urgent order with fewer than 10 working days at once into the pool, and times its warnings in calendar days', async () => {
    platform.clock.set(bj('2026-11-23T10:00:00'));
    const urgent = { urgent: true, reportEveryHours: 24, progressReportsRequired: false, requiredBy: '2026-12-01', crossDomain: false };
    const a = await order(urgent);
    const b = await order(urgent);
    expect(a).toMatchObject({ inWarningPool: true, warningPoolEnteredAt: iso('2026-11-23T10:00:00'), warnings: [] });
    // 3 calendar days before Tue 2026-12-01: the start of Sat 2026-11-28.
    platform.clock.set(bj('2026-11-27T23:59:59'));
    expect((await post(a.id, 'warnings', { reason: 'customer', description: '客户机房未完工' })).body.warnings[0].timely).toBe(true);
    platform.clock.set(bj('2026-11-28T00:00:01'));
    expect((await post(b.id, 'warnings', { reason: 'customer', description: '客户机房未完工' })).body.warnings[0].timely).toBe(false);
  });

  it('measures the due date at the whole-route completion (the service start), not at the handover', async () => {
    platform.clock.set(bj('2026-11-23T10:00:00'));
    const onTime = await order({ requiredBy: '2026-11-27', crossDomain: false });
    const late = await order({ requiredBy: '2026-11-27', crossDomain: false });
    await toTesting(onTime);
    await toTesting(late);
    // The date passes with both still in testing; the due clock's breach records the violation...
    platform.clock.set(bj('2026-11-30T10:00:00'));
    await expectEventually(async () => expect((await get(onTime.id)).violations).toEqual([expect.objectContaining({ kind: 'missed-without-warning' })]));
    // ...until the leading bureau's completion is entered with the time it happened: within the date, so none.
    const completed = (
      await post(onTime.id, 'whole-route', { testType: 'end_to_end', testReport: '全程测试通过', reportingBureau: '北京', occurredAt: iso('2026-11-27T16:00:00') })
    ).body;
    expect(completed).toMatchObject({ serviceStartAt: iso('2026-11-27T16:00:00'), violations: [] });
    expect(deadline(completed, 'due')).toMatchObject({ status: 'stopped', met: true });
    await post(onTime.id, 'completion', {});
    expect((await post(onTime.id, 'handover', { signature: 'customer_not_signed' })).body.violations).toEqual([]);

    const lateDone = await deliver(late);
    expect(lateDone.violations).toEqual([expect.objectContaining({ kind: 'missed-without-warning' })]);
    expect(lateDone.serviceStartAt).toBe(iso('2026-11-30T10:00:00'));
  });

  it('hands over by order type: change and move update the circuit, cease ceases it, and the fault service follows', async () => {
    platform.clock.set(bj('2026-11-23T10:00:00'));
    const existing = await createCircuit(() => http(), customer);
    const unknown = await http().post('/api/v1/orders').send(orderBody({ type: 'change', circuitCode: 'NO-SUCH-CIRCUIT' })).expect(422);
    expect(unknown.body).toMatchObject({ code: 'CIRCUIT_UNKNOWN', errors: [{ field: 'circuitCode' }] });
    const other = await createCustomer(() => http());
    await http().post('/api/v1/orders').send(orderRequest(other, { type: 'cease', circuitCode: existing.code })).expect(422);

    const change = await order({ type: 'change', circuitCode: existing.code, bandwidthMbps: 1000, serviceType: 'ethernet', crossDomain: false });
    await toTesting(change);
    const changed = await deliver(change);
    expect(changed.circuitId).toBe(existing.id);
    const circuit = (await http().get(`/api/v1/circuits/${existing.id}`).expect(200)).body;
    expect(circuit).toMatchObject({ code: existing.code, state: 'live', bandwidthMbps: 1000, serviceType: 'ethernet' });
    await expectEventually(async () => {
      expect(await sql('SELECT service_type FROM fault.known_circuit WHERE code = $1', [existing.code])).toEqual([{ service_type: 'ethernet' }]);
    });

    const move = await order({ type: 'move', circuitCode: existing.code, zEnd: { address: '上海市浦东新区某大厦', city: '上海', province: '上海' }, crossDomain: false });
    await toTesting(move);
    await deliver(move);
    expect((await http().get(`/api/v1/circuits/${existing.id}`).expect(200)).body.zEnd).toEqual({ address: '上海市浦东新区某大厦', city: '上海', province: '上海' });

    const cease = await order({ type: 'cease', circuitCode: existing.code, crossDomain: false });
    await toTesting(cease);
    await deliver(cease);
    expect((await http().get(`/api/v1/circuits/${existing.id}`).expect(200)).body.state).toBe('ceased');
    await expectEventually(async () => expect(await sql('SELECT state FROM fault.known_circuit WHERE code = $1', [existing.code])).toEqual([{ state: 'ceased' }]));
    await http().post('/api/v1/orders').send(orderBody({ type: 'change', circuitCode: existing.code })).expect(422);

    const taken = await order({ type: 'new', circuitCode: existing.code, crossDomain: false });
    await toTesting(taken);
    await post(taken.id, 'whole-route', { testType: 'end_to_end', testReport: 'ok', reportingBureau: '北京' });
    await post(taken.id, 'completion', {});
    const clash = await post(taken.id, 'handover', { signature: 'customer_signed' }, 409);
    expect(clash.body).toMatchObject({ code: 'CIRCUIT_CODE_TAKEN' });
  });

  it('runs each limit from the time a step happened, which must not be in the future, before the previous step or too far back', async () => {
    platform.clock.set(bj('2026-11-24T09:00:00'));
    const o = await order({ requiredBy: '2026-12-31' });
    platform.clock.set(bj('2026-11-24T12:00:00'));
    const future = await post(o.id, 'review', { decision: 'approve', projectManager: 'p', occurredAt: iso('2026-11-24T12:00:01') }, 422);
    expect(future.body).toMatchObject({ code: 'STATED_TIME_OUT_OF_RANGE', errors: [{ field: 'occurredAt', reason: expect.stringMatching(/^is in the future/) }] });
    const beforeOrder = await post(o.id, 'review', { decision: 'approve', projectManager: 'p', occurredAt: iso('2026-11-24T08:59:59') }, 422);
    expect(beforeOrder.body.errors).toEqual([expect.objectContaining({ field: 'occurredAt', reason: expect.stringContaining('before the previous step') })]);
    const approved = (await post(o.id, 'review', { decision: 'approve', projectManager: 'p', occurredAt: iso('2026-11-24T10:00:00') })).body;
    expect(deadline(approved, 'survey').dueAt).toBe(iso('2026-11-26T17:00:00'));

    platform.clock.set(bj('2026-11-28T12:00:00'));
    await post(o.id, 'survey', { findings: 'f', occurredAt: iso('2026-11-24T09:59:59') }, 422);
    const tooOld = await post(o.id, 'survey', { findings: 'f', occurredAt: iso('2026-11-25T11:59:59') }, 422);
    expect(tooOld.body.errors).toEqual([{ field: 'occurredAt', reason: 'is more than 4320 minutes back (maxBackdateMinutes)' }]);
    const surveyed = (await post(o.id, 'survey', { findings: 'f', occurredAt: iso('2026-11-25T12:00:00') })).body;
    // Within 12 working days of Wed 2026-11-25: Fri 2026-12-11 at the close of business.
    expect(deadline(surveyed, 'plan').dueAt).toBe(iso('2026-12-11T17:00:00'));
    expect(deadline(surveyed, 'survey')).toMatchObject({ status: 'stopped', met: true });

    const timeline = (await http().get(`/api/v1/orders/${o.id}/timeline`).expect(200)).body as Json[];
    expect(timeline.find((e) => e.type === 'approve')).toMatchObject({ occurredAt: iso('2026-11-24T10:00:00'), at: iso('2026-11-24T12:00:00'), by: 'admin' });
    expect(timeline.find((e) => e.type === 'survey')).toMatchObject({ occurredAt: iso('2026-11-25T12:00:00'), at: iso('2026-11-28T12:00:00') });
  });

  it('lets the leading bureau run the whole-route test, another only with a reason, and sets the leading bureau by hand', async () => {
    platform.clock.set(bj('2026-11-24T10:00:00'));
    const o = await order({ crossDomain: false });
    await toTesting(o);
    const refused = await post(o.id, 'whole-route', { testType: 'end_to_end', testReport: 'ok', reportingBureau: '广州' }, 422);
    expect(refused.body).toMatchObject({ code: 'NOT_LEADING_BUREAU', errors: [{ field: 'reportingBureau' }] });
    const overridden = (await post(o.id, 'whole-route', { testType: 'end_to_end', testReport: 'ok', reportingBureau: '广州', overrideReason: '北京局仪表送修，委托广州局' })).body;
    expect(overridden.wholeRoute).toEqual({ testType: 'end_to_end', reportingBureau: '广州', overrideReason: '北京局仪表送修，委托广州局' });

    const manual = await order({ crossDomain: false });
    await http().put(`/api/v1/orders/${manual.id}/leading-bureau`).send({ bureau: '上海' }).expect(400);
    const set = (await http().put(`/api/v1/orders/${manual.id}/leading-bureau`).send({ bureau: '上海', reason: '集团协调由上海局牵头' }).expect(200)).body;
    expect(set.leadingBureau).toEqual({ lead: 'manual', bureau: '上海', rule: 'manual', reason: '集团协调由上海局牵头', by: 'admin', at: iso('2026-11-24T10:00:00') });
    await toTesting(manual);
    await post(manual.id, 'whole-route', { testType: 'end_to_end', testReport: 'ok', reportingBureau: '北京' }, 422);
    await post(manual.id, 'whole-route', { testType: 'end_to_end', testReport: 'ok', reportingBureau: '上海' });
    await http().put(`/api/v1/orders/${manual.id}/leading-bureau`).send({ bureau: '北京', reason: '事后更正' }).expect(409);
  });

  it('decides the leading bureau for gateway-office and overseas ends, and refuses a place it does not know, naming it', async () => {
    platform.clock.set(bj('2026-11-24T10:00:00'));
    const gateways = await order({
      aEnd: { address: '广州国际局', city: '广州', province: '广东', gatewayOffice: true },
      zEnd: { address: '上海国际局', city: '上海', province: '上海', gatewayOffice: true },
    });
    expect(gateways.leadingBureau).toEqual({ lead: 'Z', bureau: '上海出入口局', rule: 'gateway-office' });
    const overseas = await order({
      aEnd: { address: 'Central, Hong Kong', city: '香港', province: '香港', overseasCompany: '香港', viaGateway: '广州' },
      zEnd: { address: '北京市西城区某总行', city: '北京', province: '北京' },
    });
    expect(overseas.leadingBureau).toEqual({ lead: 'A', bureau: '广州出入口局', rule: 'overseas' });
    const city = await http().post('/api/v1/orders').send(orderBody({ aEnd: { address: 'x', city: '广洲', province: '广东' } })).expect(422);
    expect(city.body).toMatchObject({ code: 'PLACE_UNKNOWN', value: '广洲', errors: [{ field: 'aEnd.city', reason: expect.stringContaining('广洲') }] });
    const company = await http().post('/api/v1/orders').send(orderBody({ zEnd: { address: 'x', city: 'x', province: 'x', overseasCompany: '澳洲', viaGateway: '上海' } })).expect(422);
    expect(company.body.errors).toEqual([expect.objectContaining({ field: 'zEnd.overseasCompany' })]);
    const noGateway = await http().post('/api/v1/orders').send(orderBody({ aEnd: { address: 'x', city: '深圳', province: '广东', gatewayOffice: true } })).expect(422);
    expect(noGateway.body.errors).toEqual([expect.objectContaining({ field: 'aEnd.gatewayOffice' })]);
    const via = await http().post('/api/v1/orders').send(orderBody({ zEnd: { address: 'x', city: 'x', province: 'x', overseasCompany: '香港' } })).expect(400);
    expect(fieldsOf(via.body)).toEqual(['zEnd.viaGateway']);
  });

  it('reports each plan segment complete against its own period, and refuses segments outside the order', async () => {
    platform.clock.set(bj('2026-11-24T10:00:00'));
    const o = await order({ requiredBy: '2026-12-18', crossDomain: false });
    await post(o.id, 'review', { decision: 'approve', projectManager: 'p' });
    await post(o.id, 'survey', { findings: 'f' });
    const outside = await post(o.id, 'plan', { summary: 's', segments: [{ name: 'A端接入', from: '2026-11-25', to: '2026-12-21' }] }, 400);
    expect(outside.body.errors).toEqual([{ field: 'segments[0].to', reason: "after the order's required date 2026-12-18" }]);
    await post(o.id, 'plan', { summary: 's', segments: [{ name: 'A端接入', from: '2026-11-25', to: '2026-02-30' }] }, 400);
    const planned = (
      await post(o.id, 'plan', {
        summary: 's',
        segments: [
          { name: 'A端接入', from: '2026-11-25', to: '2026-12-04' },
          { name: '骨干', from: '2026-11-25', to: '2026-12-11' },
        ],
      })
    ).body;
    expect(deadline(planned, 'segment:A端接入').dueAt).toBe(iso('2026-12-04T17:00:00'));
    expect(deadline(planned, 'segment:骨干').dueAt).toBe(iso('2026-12-11T17:00:00'));
    await post(o.id, 'construction-done', {});
    const unknown = await post(o.id, 'segments', { segment: 'Z端接入' }, 422);
    expect(unknown.body).toMatchObject({ code: 'SEGMENT_UNKNOWN', errors: [{ field: 'segment' }] });
    const one = (await post(o.id, 'segments', { segment: 'A端接入' })).body;
    expect(one.segments).toEqual([
      { name: 'A端接入', from: '2026-11-25', to: '2026-12-04', completedAt: iso('2026-11-24T10:00:00'), completedBy: 'admin' },
      { name: '骨干', from: '2026-11-25', to: '2026-12-11' },
    ]);
    expect(deadline(one, 'segment:A端接入').status).toBe('stopped');
    expect(deadline(one, 'segment:骨干').status).toBe('running');
    await post(o.id, 'segments', { segment: 'A端接入' }, 409);
  });

  it('keeps resource stock per type and area with an admin threshold, and warns once per fall below it', async () => {
    const lows = async () =>
      (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM provisioning.outbox WHERE type = 'evt.provisioning.resource.stock-low.v1'`))[0].n;
    const manager = await platform.user(['project_manager']);
    await manager.http().put('/api/v1/resource-stock/thresholds').send({ resourceType: 'MSTP端口', area: '广州', threshold: 20 }).expect(403);
    const set = (await http().put('/api/v1/resource-stock/thresholds').send({ resourceType: 'MSTP端口', area: '广州', threshold: 20 }).expect(200)).body;
    expect(set).toMatchObject({ resourceType: 'MSTP端口', area: '广州', threshold: 20, level: null, below: false, updatedBy: 'admin' });
    await manager.http().put('/api/v1/resource-stock/levels').send({ resourceType: 'MSTP端口', area: '广州', level: 20 }).expect(200);
    expect(await lows()).toBe(0);
    const low = (await manager.http().put('/api/v1/resource-stock/levels').send({ resourceType: 'MSTP端口', area: '广州', level: 19 }).expect(200)).body;
    expect(low).toMatchObject({ level: 19, below: true, updatedBy: manager.username });
    expect(await lows()).toBe(1);
    await manager.http().put('/api/v1/resource-stock/levels').send({ resourceType: 'MSTP端口', area: '广州', level: 5 }).expect(200);
    expect(await lows()).toBe(1);
    await manager.http().put('/api/v1/resource-stock/levels').send({ resourceType: 'MSTP端口', area: '广州', level: 30 }).expect(200);
    await manager.http().put('/api/v1/resource-stock/levels').send({ resourceType: 'MSTP端口', area: '广州', level: 10 }).expect(200);
    expect(await lows()).toBe(2);
    await http().put('/api/v1/resource-stock/levels').send({ resourceType: '光纤', area: '北京', level: 3 }).expect(200);
    await http().put('/api/v1/resource-stock/thresholds').send({ resourceType: '光纤', area: '北京', threshold: 4 }).expect(200);
    expect(await lows()).toBe(3);
    await http().put('/api/v1/resource-stock/levels').send({ resourceType: '光纤', area: '北京', level: -1 }).expect(400);

    const below = (await http().get('/api/v1/resource-stock').query({ below: 'true', sort: 'area', count: 'exact' }).expect(200)).body;
    expect(below).toMatchObject({ total: 2, items: [{ area: '北京', level: 3, threshold: 4 }, { area: '广州', level: 10, threshold: 20 }] });
    const page = (await http().get('/api/v1/resource-stock').query({ limit: 1, offset: 1, sort: 'area', count: 'exact' }).expect(200)).body;
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ area: '广州' }] });
    await http().get('/api/v1/resource-stock').query({ below: 'yes' }).expect(400);
  });

  it('backs an order with a resource check only while it is under a month old, and keeps the problem list; the recorder is the caller', async () => {
    platform.clock.set(bj('2026-11-02T10:00:00'));
    const demandBody = {
      customerId: customer.id,
      kind: 'order',
      serviceType: 'mstp',
      bandwidthMbps: 100,
      aEnd: { address: '广州某支行', city: '广州', province: '广东' },
      zEnd: { address: '北京某总行', city: '北京', province: '北京' },
      description: '新增分行至总行MSTP专线',
    };
    await http().post('/api/v1/demands').send({ ...demandBody, by: '客户经理' }).expect(400);
    const demand = (await http().post('/api/v1/demands').send(demandBody).expect(201)).body;
    const checked = (
      await http()
        .post(`/api/v1/demands/${demand.id}/resource-checks`)
        .send({ segments: [{ segment: 'A端接入', result: 'construction_needed', note: '需新建光缆' }, { segment: 'Z端接入', result: 'available' }] })
        .expect(200)
    ).body;
    const check = checked.resourceChecks[0];
    expect(check).toMatchObject({ valid: true, validUntil: iso('2026-12-02T10:00:00'), by: 'admin' });
    await http().post(`/api/v1/demands/${demand.id}/problems`).send({ description: 'x', target: 'y', dueDate: '2026-02-30', owner: '王经理' }).expect(400);
    const withProblem = (
      await http().post(`/api/v1/demands/${demand.id}/problems`).send({ description: 'A端物业未同意', target: '取得物业进场许可', dueDate: '2026-11-15', owner: '王经理' }).expect(200)
    ).body;
    const problem = withProblem.problems[0];
    const moved = (await http().post(`/api/v1/demands/${demand.id}/problems/${problem.id}/status`).send({ status: 'resolved', note: '已签协议' }).expect(200)).body;
    expect(moved.problems[0].status).toBe('resolved');

    await order({ resourceCheckId: check.id });
    platform.clock.set(bj('2026-12-02T10:00:01'));
    const refused = await http()
      .post('/api/v1/orders')
      .send({ ...orderBody(), resourceCheckId: check.id })
      .expect(422);
    expect(refused.body).toMatchObject({ code: 'RESOURCE_CHECK_INVALID', errors: [{ field: 'resourceCheckId' }] });
  });

  it('refuses a step with a stale If-Match (412) and a date that does not exist (400)', async () => {
    platform.clock.set(bj('2026-11-24T10:00:00'));
    await http().post('/api/v1/orders').send(orderBody({ requiredBy: '2026-02-30' })).expect(400);
    const o = await order();
    const read = await http().get(`/api/v1/orders/${o.id}`).expect(200);
    expect(read.headers['etag']).toBe('"1"');
    await http().post(`/api/v1/orders/${o.id}/review`).set('If-Match', '"1"').send({ decision: 'approve', projectManager: 'p' }).expect(200);
    const stale = await http().post(`/api/v1/orders/${o.id}/warnings`).set('If-Match', '"1"').send({ reason: 'resource', description: 'x' }).expect(412);
    expect(stale.body).toMatchObject({ code: 'STALE_VERSION', currentVersion: 2 });
    expect((await get(o.id)).warnings).toEqual([]);
  });

  it('extends the due date for a customer reason only', async () => {
    platform.clock.set(bj('2026-11-23T10:00:00'));
    const o = await order({ requiredBy: '2026-12-18' });
    const refused = await post(o.id, 'extensions', { reason: 'resource', requiredBy: '2027-01-15', description: '资源不足' }, 409);
    expect(refused.body.code).toBe('EXTENSION_REASON_NOT_ALLOWED');
    const extended = (await post(o.id, 'extensions', { reason: 'customer', requiredBy: '2026-12-25', description: '客户机房装修' })).body;
    expect(extended).toMatchObject({ requiredBy: '2026-12-25', dueAt: iso('2026-12-25T17:00:00') });
    expect(extended.deadlines.filter((d: Json) => d.kind === 'due').map((d: Json) => d.status)).toEqual(['stopped', 'running']);
  });

  it('records false completion when the required end-to-end test was not run', async () => {
    platform.clock.set(bj('2026-11-24T10:00:00'));
    const o = await order({ serviceType: 'ethernet', aEndCircuit: true, crossDomain: false });
    expect(o.requiredTest).toBe('end_to_end');
    await toTesting(o);
    const reported = (await post(o.id, 'whole-route', { testType: 'seamless', testReport: '仅测试至对端出口', reportingBureau: '北京' })).body;
    expect(reported.violations).toEqual([expect.objectContaining({ kind: 'completion-without-end-to-end' })]);
  });

  it('takes an order due in a year whose calendar is not loaded, its deadline provisional until the year is loaded', async () => {
    platform.clock.set(bj('2026-11-24T10:00:00'));
    const o = await order({ requiredBy: '2027-01-15' });
    expect(o.dueAt).toBe(iso('2027-01-15T17:00:00'));
    expect(deadline(o, 'due')).toMatchObject({ dueAt: iso('2027-01-15T17:00:00'), provisional: true });
    await http()
      .put('/api/v1/calendar/years/2027')
      .send({ holidays: [{ date: '2027-01-01', name: '元旦' }], makeupWorkdays: [] })
      .expect(200);
    await expectEventually(async () => expect(deadline(await get(o.id), 'due')).toMatchObject({ dueAt: iso('2027-01-15T17:00:00'), provisional: false }));
  });
});
