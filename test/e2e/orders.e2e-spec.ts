import { expectEventually } from '../support/eventually';
import { createCustomer, CustomerFixture, openFault, orderRequest } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const bj = (local: string) => new Date(`${local}+08:00`);

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

  it('walks all seven steps and yields a live circuit that the fault service accepts faults for', async () => {
    platform.clock.set(bj('2026-11-02T10:00:00'));
    const o = await order();
    expect(o).toMatchObject({ step: 'review', requiredTest: 'end_to_end', leadingBureau: { lead: 'Z', bureau: '北京', rule: 'capital-rank' } });
    await post(o.id, 'survey', { by: 'x', findings: 'x' }, 409).expect((r) => expect(r.body).toMatchObject({ code: 'STEP_OUT_OF_ORDER', expected: 'survey', step: 'review' }));
    await post(o.id, 'handover', { by: 'x', signature: 'customer_signed' }, 409).expect((r) => expect(r.body.code).toBe('WHOLE_ROUTE_NOT_COMPLETED'));

    await post(o.id, 'review', { by: '审核岗', decision: 'approve', projectManager: '陈项目' });
    platform.clock.set(bj('2026-11-03T10:00:00'));
    await post(o.id, 'survey', { by: '陈项目', findings: '两端均有资源', propertyIssues: 'A端大楼物业需协调进场' });
    platform.clock.set(bj('2026-11-05T10:00:00'));
    await post(o.id, 'plan', { by: '陈项目', summary: '分段施工', segments: [{ name: 'A端接入', from: '2026-11-06', to: '2026-11-20' }] });
    platform.clock.set(bj('2026-11-12T10:00:00'));
    await post(o.id, 'progress', { by: '陈项目', thisWeek: '光缆布放', nextWeek: '设备安装', warnItems: '无' });
    await post(o.id, 'construction-done', { by: '陈项目' });
    await post(o.id, 'whole-route', { by: '北京局', testType: 'end_to_end', testReport: 'x' }, 409);
    await post(o.id, 'segments', { by: '广州局', location: '广州' });
    await post(o.id, 'segments', { by: '北京局', location: '北京' });
    platform.clock.set(bj('2026-11-13T15:00:00'));
    const tested = (await post(o.id, 'whole-route', { by: '北京局', testType: 'end_to_end', testReport: '全程误码测试24小时通过' })).body;
    expect(tested).toMatchObject({ step: 'completion', serviceStartAt: bj('2026-11-13T15:00:00').toISOString(), violations: [] });
    // Cross-domain: completion recorded within 2 working days of the test report, across the weekend.
    expect(deadline(tested, 'completion-record')).toMatchObject({ status: 'running', dueAt: bj('2026-11-17T15:00:00').toISOString() });
    await post(o.id, 'completion', { by: '陈项目' });
    const done = (await post(o.id, 'handover', { by: '陈项目', signature: 'customer_signed' })).body;
    expect(done).toMatchObject({ step: 'done', signature: 'customer_signed', inWarningPool: false, violations: [] });
    expect(done.circuitId).toBeDefined();

    const circuit = (await http().get(`/api/v1/circuits/${done.circuitId}`).expect(200)).body;
    expect(circuit).toMatchObject({ code: o.circuitCode, state: 'live', customerId: customer.id });
    const ticket = await openFault(() => platform.http(), customer, circuit);
    expect(ticket.circuitCode).toBe(o.circuitCode);

    const timeline = (await http().get(`/api/v1/orders/${o.id}/timeline`).expect(200)).body as Json[];
    expect(timeline.map((e) => e.type)).toEqual(['create', 'approve', 'survey', 'plan', 'progress', 'construction-done', 'segment-complete', 'segment-complete', 'whole-route', 'record-completion', 'handover']);
    expect(timeline.find((e) => e.type === 'survey')!.detail.notify).toEqual(['王经理']);
  });

  it('skips the National Day holiday in the survey deadline of an order reviewed on its eve', async () => {
    platform.clock.set(bj('2026-09-30T09:00:00'));
    const o = await order({ requiredBy: '2026-12-31' });
    platform.clock.set(bj('2026-09-30T17:00:00'));
    const approved = (await post(o.id, 'review', { by: '审核岗', decision: 'approve', projectManager: '陈项目' })).body;
    expect(deadline(approved, 'survey').dueAt).toBe(bj('2026-10-09T17:00:00').toISOString());
  });

  it('puts an order without progress reports into the warning pool exactly 10 working days before its due date', async () => {
    platform.clock.set(bj('2026-11-20T10:00:00'));
    const o = await order({ progressReportsRequired: false, requiredBy: '2026-12-18' });
    expect(o.dueAt).toBe(bj('2026-12-18T17:00:00').toISOString());
    platform.clock.set(bj('2026-12-07T08:59:59'));
    await platform.deadlinesPolled();
    expect((await get(o.id)).inWarningPool).toBe(false);
    platform.clock.set(bj('2026-12-07T09:00:00'));
    await expectEventually(async () => {
      const now = await get(o.id);
      expect(now.inWarningPool).toBe(true);
      expect(now.warnings).toEqual([expect.objectContaining({ automatic: true, at: bj('2026-12-07T09:00:00').toISOString() })]);
    });
    const pool = (await http().get('/api/v1/orders').query({ inWarningPool: 'true', customerId: customer.id }).expect(200)).body;
    expect(pool.items.map((i: Json) => i.id)).toContain(o.id);
  });

  it('records a violation when an order completes late without an earlier warning, and none with a timely one', async () => {
    platform.clock.set(bj('2026-11-23T10:00:00'));
    const late = await order({ requiredBy: '2026-11-27', crossDomain: false });
    const warned = await order({ requiredBy: '2026-12-11', crossDomain: false });
    const warning = (await post(warned.id, 'warnings', { by: '施工队', reason: 'property', description: '物业不允许进场' })).body;
    expect(warning.warnings[0]).toMatchObject({ reason: 'property', timely: true });
    for (const o of [late, warned]) {
      await post(o.id, 'review', { by: 'r', decision: 'approve', projectManager: 'p' });
      await post(o.id, 'survey', { by: 'p', findings: 'f' });
      await post(o.id, 'plan', { by: 'p', summary: 's', segments: [{ name: 'a', from: '2026-11-24', to: '2026-11-26' }] });
      await post(o.id, 'construction-done', { by: 'p' });
      await post(o.id, 'segments', { by: 'p', location: '广州' });
      await post(o.id, 'whole-route', { by: 'p', testType: 'end_to_end', testReport: 'ok' });
      await post(o.id, 'completion', { by: 'p' });
    }
    platform.clock.set(bj('2026-12-14T10:00:00'));
    await expectEventually(async () => expect((await get(late.id)).violations).toEqual([expect.objectContaining({ kind: 'missed-without-warning' })]));
    const handedOver = (await post(late.id, 'handover', { by: 'p', signature: 'customer_not_signed' })).body;
    expect(handedOver.violations).toHaveLength(1);
    expect((await post(warned.id, 'handover', { by: 'p', signature: 'neither_signed' })).body.violations).toEqual([]);
    const violated = (await http().get('/api/v1/orders').query({ violated: 'true', customerId: customer.id }).expect(200)).body;
    expect(violated.items.map((i: Json) => i.id)).toContain(late.id);
    expect(violated.items.map((i: Json) => i.id)).not.toContain(warned.id);
  });

  it('extends the due date for a customer reason only', async () => {
    platform.clock.set(bj('2026-11-23T10:00:00'));
    const o = await order({ requiredBy: '2026-12-18' });
    const refused = await post(o.id, 'extensions', { by: 'p', reason: 'resource', requiredBy: '2027-01-15', description: '资源不足' }, 409);
    expect(refused.body.code).toBe('EXTENSION_REASON_NOT_ALLOWED');
    const extended = (await post(o.id, 'extensions', { by: 'p', reason: 'customer', requiredBy: '2026-12-25', description: '客户机房装修' })).body;
    expect(extended).toMatchObject({ requiredBy: '2026-12-25', dueAt: bj('2026-12-25T17:00:00').toISOString() });
    expect(extended.deadlines.filter((d: Json) => d.kind === 'due').map((d: Json) => d.status)).toEqual(['stopped', 'running']);
  });

  it('records false completion when the required end-to-end test was not run', async () => {
    platform.clock.set(bj('2026-11-24T10:00:00'));
    const o = await order({ serviceType: 'ethernet', aEndCircuit: true, crossDomain: false });
    expect(o.requiredTest).toBe('end_to_end');
    await post(o.id, 'review', { by: 'r', decision: 'approve', projectManager: 'p' });
    await post(o.id, 'survey', { by: 'p', findings: 'f' });
    await post(o.id, 'plan', { by: 'p', summary: 's', segments: [{ name: 'a', from: '2026-11-24', to: '2026-11-26' }] });
    await post(o.id, 'construction-done', { by: 'p' });
    await post(o.id, 'segments', { by: 'p', location: '广州' });
    const reported = (await post(o.id, 'whole-route', { by: 'p', testType: 'seamless', testReport: '仅测试至对端出口' })).body;
    expect(reported.violations).toEqual([expect.objectContaining({ kind: 'completion-without-end-to-end' })]);
  });

  it('backs an order with a resource check only while it is under a month old, and keeps the problem list', async () => {
    platform.clock.set(bj('2026-11-02T10:00:00'));
    const demand = (
      await http()
        .post('/api/v1/demands')
        .send({
          by: '客户经理',
          customerId: customer.id,
          kind: 'order',
          serviceType: 'mstp',
          bandwidthMbps: 100,
          aEnd: { address: '广州某支行', city: '广州', province: '广东' },
          zEnd: { address: '北京某总行', city: '北京', province: '北京' },
          description: '新增分行至总行MSTP专线',
        })
        .expect(201)
    ).body;
    const checked = (
      await http()
        .post(`/api/v1/demands/${demand.id}/resource-checks`)
        .send({ by: '资源岗', segments: [{ segment: 'A端接入', result: 'construction_needed', note: '需新建光缆' }, { segment: 'Z端接入', result: 'available' }] })
        .expect(200)
    ).body;
    const check = checked.resourceChecks[0];
    expect(check).toMatchObject({ valid: true, validUntil: bj('2026-12-02T10:00:00').toISOString() });
    const withProblem = (
      await http().post(`/api/v1/demands/${demand.id}/problems`).send({ by: '客户经理', description: 'A端物业未同意', target: '取得物业进场许可', dueDate: '2026-11-15', owner: '王经理' }).expect(200)
    ).body;
    const problem = withProblem.problems[0];
    const moved = (await http().post(`/api/v1/demands/${demand.id}/problems/${problem.id}/status`).send({ by: '王经理', status: 'resolved', note: '已签协议' }).expect(200)).body;
    expect(moved.problems[0].status).toBe('resolved');

    await order({ resourceCheckId: check.id });
    platform.clock.set(bj('2026-12-02T10:00:01'));
    const refused = await http()
      .post('/api/v1/orders')
      .send({ ...orderBody(), resourceCheckId: check.id })
      .expect(422);
    expect(refused.body).toMatchObject({ code: 'RESOURCE_CHECK_INVALID', errors: [{ field: 'resourceCheckId' }] });
  });

  it('refuses a step with a stale If-Match (412)', async () => {
    platform.clock.set(bj('2026-11-24T10:00:00'));
    const o = await order();
    const read = await http().get(`/api/v1/orders/${o.id}`).expect(200);
    expect(read.headers['etag']).toBe('"1"');
    await http().post(`/api/v1/orders/${o.id}/review`).set('If-Match', '"1"').send({ by: 'r', decision: 'approve', projectManager: 'p' }).expect(200);
    const stale = await http().post(`/api/v1/orders/${o.id}/warnings`).set('If-Match', '"1"').send({ by: 'u', reason: 'resource', description: 'x' }).expect(412);
    expect(stale.body).toMatchObject({ code: 'STALE_VERSION', currentVersion: 2 });
    expect((await get(o.id)).warnings).toEqual([]);
  });
});
