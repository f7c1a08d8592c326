import { jetstream } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { connectNats, MIN, VisitsEvents } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { CircuitFixture, createCircuit, createCustomer, CustomerFixture, intake, openFault } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';

type Ticket = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Fault handling (DOMAIN.md §1) through the gateway, with the services' clock moved by the test. */
describe('fault handling under its time limits', () => {
  let platform: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    platform = await startPlatform({ serviceEnv: { DEADLINE_POLL_MS: '100' } });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await platform.close();
  });

  const http = () => platform.http();
  const at = (minutes: number, from: Date) => platform.clock.set(new Date(from.getTime() + minutes * MIN));
  const post = (path: string, body: object, status = 200) => http().post(`/api/v1/faults${path}`).send(body).expect(status);
  const get = async (id: string): Promise<Ticket> => (await http().get(`/api/v1/faults/${id}`).expect(200)).body;
  const legOf = (t: Ticket, segment: string): string => t.legs.find((l: Ticket) => l.segment === segment).id;
  const resolutionClock = async (id: string) => (await http().get('/api/v1/clocks/fault').query({ subjectId: id, kind: 'resolution' }).expect(200)).body.items[0];

  async function fixture(tier = 'gold', circuitOverrides: Record<string, unknown> = {}): Promise<{ customer: CustomerFixture; circuit: CircuitFixture }> {
    const customer = await createCustomer(http, { tier, industry: 'government' });
    const circuit = await createCircuit(http, customer, circuitOverrides);
    return { customer, circuit };
  }

  async function dispatchAll(t: Ticket): Promise<Ticket> {
    return (
      await post(`/${t.id}/dispatch`, {
        legs: [
          { unit: '广州本地网', segment: 'a_access' },
          { unit: '北京本地网', segment: 'z_access' },
          { unit: '骨干网传输', segment: 'backbone' },
        ],
      })
    ).body;
  }

  it('case 1: dispatch first, keep the customer informed, restore and close within every limit', async () => {
    const { customer, circuit } = await fixture('gold');
    const t0 = new Date('2026-11-02T02:00:00Z');
    platform.clock.set(t0);
    const ticket = await openFault(http, customer, circuit, { faultAt: new Date(t0.getTime() - 2 * MIN).toISOString() });
    expect(ticket).toMatchObject({ status: 'open', important: true, resolutionLimitMinutes: 360, circuitCode: circuit.code });

    at(3, t0);
    const dispatched = await dispatchAll(ticket);
    expect(dispatched.status).toBe('dispatched');
    expect(dispatched.legs.map((l: Ticket) => l.progressEveryMinutes)).toEqual([30, 30, 30]);
    at(4, t0);
    for (const leg of dispatched.legs) await post(`/${ticket.id}/legs/${leg.id}/accept`, {});
    at(15, t0);
    await post(`/${ticket.id}/feedback`, { content: '已派单三方排查，A端告警', customerContact: '张工', channel: 'phone' });
    at(25, t0);
    await post(`/${ticket.id}/legs/${legOf(dispatched, 'z_access')}/result`, { result: 'no_fault', findings: '本段正常', testReport: '环回测试正常' });
    await post(`/${ticket.id}/legs/${legOf(dispatched, 'backbone')}/result`, { result: 'no_fault', findings: '骨干无告警', testReport: '骨干段误码测试正常' });
    const reported = await post(`/${ticket.id}/legs/${legOf(dispatched, 'a_access')}/progress`, {
      source: '现场',
      progress: '李工到达A端机房，发现光模块收光异常',
      faultySegment: 'a_access',
      judgement: '疑似光模块故障',
    });
    expect(reported.body.status).toBe('dispatched');
    at(28, t0);
    await post(`/${ticket.id}/answers`, { content: '确认A端处理，Z端及骨干可释放' });
    at(40, t0);
    await post(`/${ticket.id}/legs/${legOf(dispatched, 'a_access')}/result`, { result: 'fixed', findings: '更换光模块' });
    await post(`/${ticket.id}/answers`, { content: '已收到各段结果' });
    at(45, t0);
    await post(`/${ticket.id}/restore`, {});
    await post(`/${ticket.id}/repair`, {});
    at(50, t0);
    const closed = (
      await post(`/${ticket.id}/close`, {
        causeCategory: 'operator_equipment',
        causeSegment: 'a_access',
        causeDescription: 'A端光模块老化',
        customerConfirmedBy: '张工',
      })
    ).body;
    expect(closed).toMatchObject({ status: 'closed', restoredAt: new Date(t0.getTime() + 45 * MIN).toISOString(), causeDiffersFromCustomerReply: false, breaches: [] });
    expect(await resolutionClock(ticket.id)).toMatchObject({ met: true, status: 'stopped' });

    const timeline = (await http().get(`/api/v1/faults/${ticket.id}/timeline`).expect(200)).body as Ticket[];
    const actions = timeline.filter((e) => !e.type.startsWith('clock.')).map((e) => e.type);
    expect(actions).toEqual(['intake', 'dispatch', 'dispatch', 'dispatch', 'accept', 'accept', 'accept', 'feedback', 'result', 'result', 'progress', 'answer', 'result', 'answer', 'restore', 'repair', 'close']);
    const progress = timeline.find((e) => e.type === 'progress')!;
    expect(progress).toMatchObject({ by: 'admin', detail: { judgement: '疑似光模块故障', finalCause: false, note: '该判断非最终故障原因' } });
    expect(timeline.some((e) => e.type === 'clock.start' && e.detail.clock === 'resolution')).toBe(true);
  });

  it('a missed 30-minute first feedback produces a breach event, visible on the ticket', async () => {
    const { customer, circuit } = await fixture('silver');
    const t0 = new Date('2026-11-03T02:00:00Z');
    platform.clock.set(t0);
    const ticket = await openFault(http, customer, circuit);
    at(29, t0);
    await platform.deadlinesPolled();
    expect((await get(ticket.id)).breaches.map((b: Ticket) => b.kind)).toEqual(['dispatch']);
    at(31, t0);
    await expectEventually(async () => {
      const t = await get(ticket.id);
      expect(t.breaches).toContainEqual({ kind: 'first-feedback', subjectType: 'ticket', subjectId: ticket.id, dueAt: new Date(t0.getTime() + 30 * MIN).toISOString() });
    });
    const events = await db.query(`SELECT envelope FROM fault.outbox WHERE type = 'evt.fault.clock.breached.v1' AND envelope->>'subjectId' = $1`, [ticket.id]);
    expect(events.rows.map((r) => r.envelope.data.kind)).toContain('first-feedback');
    const overdue = await http().get('/api/v1/faults').query({ overdue: 'true', customerId: customer.id }).expect(200);
    expect(overdue.body.items.map((t: Ticket) => t.id)).toEqual([ticket.id]);
  });

  it('a 5-minute accept breach on one leg does not affect the others', async () => {
    const { customer, circuit } = await fixture('silver');
    const t0 = new Date('2026-11-04T02:00:00Z');
    platform.clock.set(t0);
    const ticket = await openFault(http, customer, circuit);
    at(1, t0);
    const dispatched = await dispatchAll(ticket);
    at(3, t0);
    await post(`/${ticket.id}/legs/${legOf(dispatched, 'a_access')}/accept`, {});
    await post(`/${ticket.id}/legs/${legOf(dispatched, 'z_access')}/accept`, {});
    at(7, t0);
    await expectEventually(async () => {
      const t = await get(ticket.id);
      expect(t.breaches.filter((b: Ticket) => b.kind === 'accept')).toEqual([
        { kind: 'accept', subjectType: 'leg', subjectId: legOf(dispatched, 'backbone'), dueAt: new Date(t0.getTime() + 6 * MIN).toISOString() },
      ]);
    });
    await post(`/${ticket.id}/legs/${legOf(dispatched, 'a_access')}/accept`, {}, 409).expect((r) => expect(r.body.code).toBe('LEG_ALREADY_ACCEPTED'));
  });

  async function suspendedThenClosed(customerSide: boolean): Promise<{ ticket: Ticket; closed: Ticket }> {
    const { customer, circuit } = await fixture('gold');
    const t0 = new Date(`2026-11-0${customerSide ? 5 : 6}T01:00:00Z`);
    platform.clock.set(t0);
    const ticket = await openFault(http, customer, circuit);
    const dispatched = await dispatchAll(ticket);
    const a = legOf(dispatched, 'a_access');
    for (const leg of dispatched.legs) await post(`/${ticket.id}/legs/${leg.id}/accept`, {});
    at(10, t0);
    await post(`/${ticket.id}/legs/${a}/result`, { result: 'no_fault', findings: '电信段无故障' }, 422).expect((r) =>
      expect(r.body).toMatchObject({ code: 'TEST_REPORT_REQUIRED', errors: [{ field: 'testReport' }] }),
    );
    await post(`/${ticket.id}/legs/${a}/result`, { result: 'no_fault', findings: '电信段无故障', testReport: 'A端环回正常，收光-12dBm' });
    await post(`/${ticket.id}/suspend`, { customerConfirmedBy: '张工' }, 409).expect((r) => expect(r.body.code).toBe('SUSPENSION_NOT_REQUESTED'));
    // One clear leg does not prove the operator side clear: the Z end and the backbone have not returned no fault yet.
    const refused = await post(`/${ticket.id}/suspension-requests`, { legId: a, reason: '客户机房周末无人，无法配合测试' }, 409);
    expect(refused.body).toMatchObject({ code: 'OPERATOR_SIDE_NOT_CLEAR' });
    expect(refused.body.legsNotClear.map((l: Ticket) => l.segment).sort()).toEqual(['backbone', 'z_access']);
    await post(`/${ticket.id}/legs/${legOf(dispatched, 'z_access')}/result`, { result: 'no_fault', findings: 'Z端正常', testReport: 'Z端环回正常' });
    await post(`/${ticket.id}/suspension-requests`, { legId: a, reason: '客户机房周末无人，无法配合测试' }, 409).expect((r) =>
      expect(r.body.legsNotClear).toEqual([expect.objectContaining({ segment: 'backbone' })]),
    );
    // A leg on the customer's premises is not the operator side: it need not be clear.
    await post(`/${ticket.id}/dispatch`, { legs: [{ unit: '客户机房', segment: 'customer_premises' }] });
    await post(`/${ticket.id}/legs/${legOf(dispatched, 'backbone')}/result`, { result: 'no_fault', findings: '骨干无告警', testReport: '骨干段误码测试正常' });
    await post(`/${ticket.id}/suspension-requests`, { legId: a, reason: '客户机房周末无人，无法配合测试' });
    at(20, t0);
    const suspended = (await post(`/${ticket.id}/suspend`, { customerConfirmedBy: '张工' })).body;
    expect(suspended.status).toBe('suspended');
    // Suspended for 7 h, longer than the 6 h limit: the resolution clock must not breach while paused.
    at(20 + 7 * 60, t0);
    await platform.deadlinesPolled();
    expect((await get(ticket.id)).breaches.map((b: Ticket) => b.kind)).not.toContain('resolution');
    await post(`/${ticket.id}/resume`, { reason: '客户已到场' });
    at(20 + 7 * 60 + 30, t0);
    await post(`/${ticket.id}/restore`, {});
    const closed = (
      await post(`/${ticket.id}/close`, {
        causeCategory: customerSide ? 'customer_equipment' : 'operator_fiber',
        causeSegment: customerSide ? 'customer_premises' : 'a_access',
        causeDescription: customerSide ? '客户路由器故障' : '引入光缆中断',
        customerConfirmedBy: '张工',
      })
    ).body;
    return { ticket, closed };
  }

  it('a suspension is exempt only when the ticket closes with a customer-side cause', async () => {
    const customer = await suspendedThenClosed(true);
    const exempt = await resolutionClock(customer.ticket.id);
    expect(exempt).toMatchObject({ met: true });
    const explained = (await http().get(`/api/v1/clocks/fault/${exempt.id}`).expect(200)).body;
    expect(explained.verdict).toMatchObject({ final: true, exemptPauses: true, exemptMs: 7 * 60 * MIN, countedMs: 50 * MIN });
    expect(explained.intervals.find((i: Ticket) => i.state === 'paused')).toMatchObject({ counted: false, ms: 7 * 60 * MIN });

    const operator = await suspendedThenClosed(false);
    const counted = await resolutionClock(operator.ticket.id);
    expect(counted).toMatchObject({ met: false });
    const explainedCounted = (await http().get(`/api/v1/clocks/fault/${counted.id}`).expect(200)).body;
    expect(explainedCounted.verdict).toMatchObject({ exemptPauses: false, exemptMs: 0, countedMs: 50 * MIN + 7 * 60 * MIN });
    expect(operator.closed.breaches.map((b: Ticket) => b.kind)).toContain('resolution');
    // Major fault class 4: operator-caused and past its limit.
    expect(operator.closed.escalations.map((e: Ticket) => e.trigger)).toContain('auto:operator-caused-overdue');
    expect(customer.closed.escalations.map((e: Ticket) => e.trigger)).not.toContain('auto:operator-caused-overdue');
  });

  it("an important customer's ticket goes to joint handling at 1 h, an ordinary one at 3 h", async () => {
    const gold = await fixture('gold');
    const standard = await fixture('standard');
    const t0 = new Date('2026-11-07T02:00:00Z');
    platform.clock.set(t0);
    const important = await openFault(http, gold.customer, gold.circuit);
    const ordinary = await openFault(http, standard.customer, standard.circuit);
    at(59, t0);
    await platform.deadlinesPolled();
    expect((await get(important.id)).jointHandling).toBe(false);
    at(61, t0);
    await expectEventually(async () => {
      const t = await get(important.id);
      expect(t.jointHandling).toBe(true);
      expect(t.escalations[0]).toMatchObject({ level: 'joint-handling', trigger: 'auto:joint-handling', by: 'system' });
      expect(t.escalations[0].notify).toEqual(expect.arrayContaining(['all_specialties', 'customer_manager']));
    });
    expect((await get(ordinary.id)).jointHandling).toBe(false);
    // During joint handling the NOC broadcasts every hour; staff must be on site within 2 h of the fault.
    at(62 + 60, t0);
    await expectEventually(async () => {
      const t = await get(important.id);
      expect(t.breaches.map((b: Ticket) => b.kind)).toEqual(expect.arrayContaining(['broadcast', 'on-site']));
      expect(t.escalations.map((e: Ticket) => e.trigger)).toContain('auto:on-site-overdue');
    });
    at(181, t0);
    await expectEventually(async () => expect((await get(ordinary.id)).jointHandling).toBe(true));
    const escalated = await http().get('/api/v1/faults').query({ escalated: 'true', customerId: standard.customer.id, count: 'exact' }).expect(200);
    expect(escalated.body.total).toBe(1);
  });

  it('a fault on a circuit under an important-period guarantee escalates at once', async () => {
    const { customer, circuit } = await fixture('gold');
    const t0 = new Date('2026-11-08T02:00:00Z');
    platform.clock.set(t0);
    const nc = await connectNats(platform.natsUrl, 'visits-stand-in');
    try {
      const guaranteeId = randomUUID();
      const envelope = {
        id: randomUUID(),
        type: VisitsEvents.guaranteeActivated.type,
        source: 'visits',
        occurredAt: t0.toISOString(),
        subjectId: guaranteeId,
        data: { guaranteeId, customerId: customer.id, title: '两会期间通信保障', circuitCodes: [circuit.code], startsAt: t0.toISOString(), endsAt: new Date(t0.getTime() + 72 * 60 * MIN).toISOString() },
      };
      await jetstream(nc).publish(envelope.type, JSON.stringify(envelope), { msgID: envelope.id });
    } finally {
      await nc.close();
    }
    await expectEventually(async () => expect((await db.query('SELECT 1 FROM fault.guarantee WHERE $1 = ANY(circuit_codes)', [circuit.code])).rowCount).toBe(1));
    const ticket = await openFault(http, customer, circuit);
    expect(ticket).toMatchObject({ underGuarantee: true, escalationLevel: 'department' });
    expect((ticket.escalations as Ticket[])[0]).toMatchObject({ trigger: 'auto:guarantee', reason: 'Fault on a circuit under guarantee: 两会期间通信保障' });
  });

  it('cases 4 and 5: escalation step by step (a skip needs a reason), the expected restoration time for the customer manager, a major fault reported to province and group', async () => {
    const { customer, circuit } = await fixture('diamond');
    const t0 = new Date('2026-11-10T02:00:00Z');
    platform.clock.set(t0);
    const crisis = await openFault(http, customer, circuit, { symptom: '局端传输设备软件BUG，多地电路中断' });
    const skipped = await post(`/${crisis.id}/escalations`, { level: 'company', reason: '重要业务阻断', crisisA: true }, 422);
    expect(skipped.body).toMatchObject({ code: 'ESCALATION_LEVEL_SKIPPED', errors: [{ field: 'skipReason' }] });
    expect((await get(crisis.id)).escalations).toEqual([]);
    const escalated = (await post(`/${crisis.id}/escalations`, { level: 'company', reason: '重要业务阻断', skipReason: 'A级危机，直接报公司领导', crisisA: true })).body;
    expect(escalated).toMatchObject({ crisisA: true, escalationLevel: 'company', majorReportedAt: t0.toISOString() });
    // Diamond: resolution within 240 min of the report — the time the customer manager is given.
    expect(escalated.escalations[0]).toMatchObject({ skipReason: 'A级危机，直接报公司领导', expectedRestorationAt: new Date(t0.getTime() + 240 * MIN).toISOString(), by: 'admin' });
    expect(escalated.escalations[0].notify).toEqual(expect.arrayContaining(['company_leaders', 'customer_manager', 'warning_sms']));
    const events = await db.query(`SELECT type, envelope FROM fault.outbox WHERE envelope->>'subjectId' = $1 AND type IN ('evt.fault.ticket.escalated.v1', 'evt.fault.ticket.major-reported.v1') ORDER BY seq`, [crisis.id]);
    expect(events.rows.map((r) => r.type)).toEqual(['evt.fault.ticket.escalated.v1', 'evt.fault.ticket.major-reported.v1']);
    expect(events.rows[0].envelope.data).toMatchObject({ symptom: '局端传输设备软件BUG，多地电路中断', expectedRestorationAt: new Date(t0.getTime() + 240 * MIN).toISOString(), notify: expect.arrayContaining(['customer_manager']) });
    expect(events.rows[1].envelope.data).toMatchObject({ ticketId: crisis.id, recipients: ['province', 'group'], at: t0.toISOString() });

    const other = await fixture('silver', { grade: 'B', importance: 'critical', business: '重要视频会议' });
    const ordinary = await openFault(http, other.customer, other.circuit);
    const expected = new Date(t0.getTime() + 90 * MIN).toISOString();
    await post(`/${ordinary.id}/escalations`, { level: 'supervisor', reason: 'x', expectedRestorationAt: new Date(t0.getTime() - MIN).toISOString() }, 422).expect((r) =>
      expect(r.body.errors).toEqual([expect.objectContaining({ field: 'expectedRestorationAt' })]),
    );
    const manual = (await post(`/${ordinary.id}/escalations`, { level: 'supervisor', reason: '普通故障影响客户重要视频会议', expectedRestorationAt: expected })).body;
    expect(manual.escalations).toEqual([expect.objectContaining({ level: 'supervisor', trigger: 'manual', reason: '普通故障影响客户重要视频会议', expectedRestorationAt: expected })]);
    expect(manual.majorReportedAt).toBeUndefined();
    const next = (await post(`/${ordinary.id}/escalations`, { level: 'department', reason: '升级到部门领导', majorFault: true })).body;
    expect(next).toMatchObject({ escalationLevel: 'department', majorReportedAt: t0.toISOString() });
    await post(`/${ordinary.id}/escalations`, { level: 'supervisor', reason: '降级' }, 409);
  });

  it("records the local network's pre-check and its escalation to the province, and the hotline's answer wait", async () => {
    const { customer, circuit } = await fixture('silver');
    const t0 = new Date('2026-11-10T06:00:00Z');
    platform.clock.set(t0);
    const ticket = await openFault(http, customer, circuit, { hotlineWaitSeconds: 55, faultAt: new Date(t0.getTime() - 15 * MIN).toISOString(), reportedAt: new Date(t0.getTime() - 10 * MIN).toISOString() });
    expect(ticket).toMatchObject({ hotlineWaitSeconds: 55, hotlineAnswerLate: true, reportedAt: new Date(t0.getTime() - 10 * MIN).toISOString(), openedAt: t0.toISOString(), openedBy: 'admin' });
    const quick = await fixture('silver');
    expect(await openFault(http, quick.customer, quick.circuit, { hotlineWaitSeconds: 40 })).toMatchObject({ hotlineAnswerLate: false });
    const portal = await fixture('silver');
    await http().post('/api/v1/faults').send(intake(portal.customer, portal.circuit, { channel: 'portal', hotlineWaitSeconds: 5 })).expect(400);

    at(5, t0);
    const body = { unit: '广州本地网', findings: '本地段正常，故障在省际段', precheckedAt: new Date(t0.getTime() + 3 * MIN).toISOString(), occurredAt: new Date(t0.getTime() + 4 * MIN).toISOString() };
    await post(`/${ticket.id}/province-escalation`, { ...body, precheckedAt: new Date(t0.getTime() + 4 * MIN + 1000).toISOString() }, 422).expect((r) =>
      expect(r.body.errors).toEqual([expect.objectContaining({ field: 'occurredAt' })]),
    );
    await post(`/${ticket.id}/province-escalation`, { ...body, precheckedAt: new Date(t0.getTime() - 11 * MIN).toISOString() }, 422).expect((r) =>
      expect(r.body.errors).toEqual([expect.objectContaining({ field: 'precheckedAt' })]),
    );
    const escalated = (await post(`/${ticket.id}/province-escalation`, body)).body;
    expect(escalated.provinceEscalation).toEqual({ ...body, occurredAt: undefined, escalatedAt: body.occurredAt, by: 'admin', recordedAt: new Date(t0.getTime() + 5 * MIN).toISOString() });
    const timeline = (await http().get(`/api/v1/faults/${ticket.id}/timeline`).expect(200)).body as Ticket[];
    expect(timeline.find((e) => e.type === 'province-escalation')).toMatchObject({ by: 'admin', detail: { precheckedAt: body.precheckedAt, escalatedAt: body.occurredAt } });
    expect(timeline[0].detail).toMatchObject({ hotlineWaitSeconds: 55, hotlineAnswerLate: true, hotlineAnswerSeconds: 40 });
  });

  it('cases 2 and 14: a customer-facing cause that differs from the true cause is marked on the closure', async () => {
    const { customer, circuit } = await fixture('gold');
    const ticket = await openFault(http, customer, circuit);
    await post(`/${ticket.id}/restore`, {});
    const closed = (
      await post(`/${ticket.id}/close`, {
        causeCategory: 'customer_equipment',
        causeSegment: 'customer_premises',
        causeDescription: '客户路由器故障，重启后恢复',
        customerFacingCause: '传输线路瞬断',
        customerConfirmedBy: '客户网管',
      })
    ).body;
    expect(closed).toMatchObject({ causeCategory: 'customer_equipment', customerFacingCause: '传输线路瞬断', causeDiffersFromCustomerReply: true });
    const timeline = (await http().get(`/api/v1/faults/${ticket.id}/timeline`).expect(200)).body as Ticket[];
    expect(timeline.find((e) => e.type === 'close')!.detail).toMatchObject({ note: '结单原因与答复客户原因不一致', customerFacingCause: '传输线路瞬断' });
  });

  it('refuses invalid transitions with 409 and a code, writing nothing', async () => {
    const { customer, circuit } = await fixture('silver');
    const ticket = await openFault(http, customer, circuit);
    const before = await get(ticket.id);
    const timelineBefore = (await http().get(`/api/v1/faults/${ticket.id}/timeline`).expect(200)).body.length;
    const close = await post(`/${ticket.id}/close`, { causeCategory: 'operator_fiber', causeSegment: 'backbone', causeDescription: 'x', customerConfirmedBy: 'y' }, 409);
    expect(close.body).toMatchObject({ code: 'TICKET_NOT_RESTORED', status: 409 });
    await post(`/${ticket.id}/resume`, { reason: 'x' }, 409).expect((r) => expect(r.body.code).toBe('TICKET_NOT_SUSPENDED'));
    await post(`/${ticket.id}/dispatch`, { legs: [{ unit: '骨干', segment: 'backbone' }] }, 422).expect((r) => expect(r.body.code).toBe('ACCESS_LEGS_REQUIRED'));
    await post(`/${ticket.id}/reopen`, { reason: 'x' }, 409).expect((r) => expect(r.body.code).toBe('INVALID_TRANSITION'));
    const after = await get(ticket.id);
    expect(after).toEqual(before);
    expect((await http().get(`/api/v1/faults/${ticket.id}/timeline`).expect(200)).body).toHaveLength(timelineBefore);
  });

  it('links a second report of the same circuit, and reopens a closed ticket the customer says is not fixed', async () => {
    const { customer, circuit } = await fixture('silver');
    const ticket = await openFault(http, customer, circuit);
    const second = await http().post('/api/v1/faults').send(intake(customer, circuit, { reporterName: '李工', channel: 'portal' })).expect(200);
    expect(second.body).toMatchObject({ id: ticket.id, duplicateReports: 1 });
    await post(`/${ticket.id}/restore`, {});
    await post(`/${ticket.id}/close`, { causeCategory: 'operator_configuration', causeSegment: 'backbone', causeDescription: '配置错误', customerConfirmedBy: '张工' });
    const reopened = (await post(`/${ticket.id}/reopen`, { reason: '客户反映仍有丢包' })).body;
    expect(reopened).toMatchObject({ status: 'open', reopenCount: 1 });
    expect(reopened.restoredAt).toBeUndefined();
    const clocks = (await http().get('/api/v1/clocks/fault').query({ subjectId: ticket.id, kind: 'resolution' }).expect(200)).body;
    expect(clocks.items.map((c: Ticket) => c.status).sort()).toEqual(['running', 'stopped']);
  });

  it('records the machine room asked first, and rejects a machine-room report that does not name it', async () => {
    const { customer, circuit } = await fixture('silver');
    const bad = await http().post('/api/v1/faults').send(intake(customer, circuit, { channel: 'machine_room' })).expect(400);
    expect(bad.body.errors.map((e: Ticket) => e.field)).toContain('firstAskedUnit');
    const ticket = await openFault(http, customer, circuit, { channel: 'machine_room', firstAskedUnit: '天河IDC机房' });
    expect(ticket.firstAskedUnit).toBe('天河IDC机房');
    const timeline = (await http().get(`/api/v1/faults/${ticket.id}/timeline`).expect(200)).body as Ticket[];
    expect(timeline[0]).toMatchObject({ type: 'intake', detail: { firstAskedUnit: '天河IDC机房', forwardedToUnifiedIntake: true } });
  });

  it('guides loop-back testing on the ticket and refuses a test the procedure would not reach', async () => {
    const { customer, circuit } = await fixture('gold');
    const ticket = await openFault(http, customer, circuit);
    const situation = { cooperation: 'bothEnds' };
    const first = (await http().get(`/api/v1/faults/${ticket.id}/loopback-plan`).query(situation).expect(200)).body;
    expect(first).toMatchObject({ kind: 'nextTest', rule: '1(1)' });
    expect(first.loops.map((l: Ticket) => `${l.end} ${l.site} ${l.direction}`)).toEqual(['A nearestOffice towardCustomer', 'Z nearestOffice towardCustomer']);

    await post(`/${ticket.id}/loop-tests`, { situation, end: 'A', site: 'nearestOffice', direction: 'towardCustomer', results: { A: 'received' } });
    const located = (await post(`/${ticket.id}/loop-tests`, { situation, end: 'Z', site: 'nearestOffice', direction: 'towardCustomer', results: { Z: 'notReceived' } })).body;
    expect(located).toMatchObject({ kind: 'nextTest', rule: '1(2)' });
    expect(located.loops.map((l: Ticket) => `${l.end} ${l.site}`)).toEqual(['Z customerSiteDevice']);
    const done = (await post(`/${ticket.id}/loop-tests`, { situation, end: 'Z', site: 'customerSiteDevice', direction: 'towardCustomer', results: { Z: 'received' } })).body;
    expect(done).toMatchObject({ kind: 'faultLocalised', faults: [{ segment: 'nearestOfficeToSiteDevice', end: 'Z' }] });

    const refused = await post(`/${ticket.id}/loop-tests`, { situation, end: 'A', site: 'backboneExit', direction: 'towardCustomer', results: { A: 'received' } }, 422);
    expect(refused.body.code).toBe('LOOPBACK_INPUT_INVALID');
    const timeline = (await http().get(`/api/v1/faults/${ticket.id}/timeline`).expect(200)).body as Ticket[];
    expect(timeline.filter((e) => e.type === 'loop-test').map((e) => e.detail.outcome)).toEqual(['nextTest', 'nextTest', 'faultLocalised']);
  });

  it('case 4: one network incident restores and closes every linked ticket with its cause', async () => {
    const t0 = new Date('2026-11-09T02:00:00Z');
    platform.clock.set(t0);
    const tickets: Ticket[] = [];
    for (let i = 0; i < 3; i++) {
      const { customer, circuit } = await fixture(i === 0 ? 'diamond' : 'silver');
      tickets.push(await openFault(http, customer, circuit, { symptom: `网点${i}业务中断` }));
    }
    const incident = (await http().post('/api/v1/incidents').send({ title: '局端传输设备软件BUG', kind: 'equipment' }).expect(201)).body;
    expect(incident.number).toMatch(/^N\d{14}$/);
    const linked = (await http().post(`/api/v1/incidents/${incident.id}/tickets`).send({ ticketIds: tickets.map((t) => t.id) }).expect(200)).body;
    expect(linked).toMatchObject({ customers: 3 });
    expect(linked.ticketIds.sort()).toEqual(tickets.map((t) => t.id).sort());
    for (const t of tickets) {
      const view = await get(t.id);
      expect(view).toMatchObject({ incidentId: incident.id, escalationLevel: 'department' });
      expect(view.escalations[0]).toMatchObject({ trigger: 'auto:network-incident' });
    }
    await http().post(`/api/v1/incidents/${incident.id}/close`).send({ causeCategory: 'operator_equipment', causeSegment: 'backbone', causeDescription: 'x' }).expect(409);

    at(40, t0);
    // Service came back at 30 min, recorded at 40: each linked ticket's resolution clock stops at 30.
    await http().post(`/api/v1/incidents/${incident.id}/restore`).send({ occurredAt: new Date(t0.getTime() + 50 * MIN).toISOString() }).expect(422);
    await http().post(`/api/v1/incidents/${incident.id}/restore`).send({ occurredAt: new Date(t0.getTime() + 30 * MIN).toISOString() }).expect(200);
    at(60, t0);
    const closed = (
      await http()
        .post(`/api/v1/incidents/${incident.id}/close`)
        .send({ causeCategory: 'operator_equipment', causeSegment: 'backbone', causeDescription: '传输设备软件BUG，已升级补丁' })
        .expect(200)
    ).body;
    expect(closed.status).toBe('closed');
    for (const t of tickets) {
      const view = await get(t.id);
      expect(view).toMatchObject({ status: 'closed', restoredAt: new Date(t0.getTime() + 30 * MIN).toISOString(), causeCategory: 'operator_equipment', causeDescription: '传输设备软件BUG，已升级补丁' });
      expect(await resolutionClock(t.id)).toMatchObject({ status: 'stopped', met: true, stoppedAt: new Date(t0.getTime() + 30 * MIN).toISOString() });
      const timeline = (await http().get(`/api/v1/faults/${t.id}/timeline`).expect(200)).body as Ticket[];
      expect(timeline.find((e) => e.type === 'close')!.detail).toMatchObject({ incident: incident.number });
    }
    const byIncident = await http().get('/api/v1/faults').query({ incidentId: incident.id, count: 'exact' }).expect(200);
    expect(byIncident.body.total).toBe(3);
  });

  it('lists difficult and long-open tickets for review: past their limit, or on circuits with repeated faults', async () => {
    const t0 = new Date('2026-11-12T02:00:00Z');
    platform.clock.set(t0);
    const repeated = await fixture('silver');
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const t = await openFault(http, repeated.customer, repeated.circuit);
      numbers.push(t.number);
      await post(`/${t.id}/restore`, {});
      await post(`/${t.id}/close`, { causeCategory: 'operator_fiber', causeSegment: 'a_access', causeDescription: '光缆抖动', customerConfirmedBy: '张工' });
      at((i + 1) * 24 * 60, t0);
    }
    const late = await fixture('standard');
    const longOpen = await openFault(http, late.customer, late.circuit);
    at(3 * 24 * 60 + 13 * 60, t0);
    await expectEventually(async () => {
      const review = (await http().get('/api/v1/faults/review').query({ limit: 200 }).expect(200)).body;
      const mine = review.items.filter((i: Ticket) => numbers.includes(i.number) || i.ticketId === longOpen.id);
      expect(mine.filter((i: Ticket) => i.reasons.includes('repeated-faults')).map((i: Ticket) => i.number).sort()).toEqual([...numbers].sort());
      expect(mine.find((i: Ticket) => i.ticketId === longOpen.id)).toMatchObject({ reasons: ['past-limit'], faultsOnCircuit: 1 });
    });
  });

  it('marks a complaint deadline provisional when it reaches a year whose schedule is not loaded', async () => {
    const { customer } = await fixture('silver');
    const bj = (local: string) => new Date(`${local}+08:00`);
    platform.clock.set(bj('2026-12-31T16:00:00'));
    // Once the fault service has learned of the customer from provisioning's event.
    let created: Record<string, unknown> = {};
    await expectEventually(async () => {
      created = (await http().post('/api/v1/complaints').send({ customerId: customer.id, important: false, involvesOtherDepartments: false, description: '跨年投诉' }).expect(201)).body;
    });
    // 0.5 working day (4 h): one hour on 31 December, then 2027 taken as plain weekdays (1 January is a Friday).
    expect(created.currentStep).toEqual({ kind: 'complaint-sorting', dueAt: bj('2027-01-01T12:00:00').toISOString(), provisional: true });
  });

  it('handles a complaint within its working-day limits, across a weekend', async () => {
    const { customer } = await fixture('gold');
    const bj = (local: string) => new Date(`${local}+08:00`);
    platform.clock.set(bj('2026-11-13T16:00:00'));
    await expectEventually(async () => {
      await http()
        .post('/api/v1/complaints')
        .send({ customerId: customer.id, important: true, involvesOtherDepartments: true, description: '故障报告不属实', receivedAt: bj('2026-11-13T15:30:00').toISOString() })
        .expect(201);
    });
    const list = (await http().get('/api/v1/complaints').query({ customerId: customer.id }).expect(200)).body;
    const complaint = list.items[0];
    // Received at 15:30, recorded at 16:00: the 2 working hours run from receipt (1.5 h on Friday, 0.5 h on Monday).
    expect(complaint).toMatchObject({
      status: 'received',
      number: expect.stringMatching(/^C/),
      receivedAt: bj('2026-11-13T15:30:00').toISOString(),
      recordedAt: bj('2026-11-13T16:00:00').toISOString(),
      receivedBy: 'admin',
      currentStep: { kind: 'complaint-sorting', dueAt: bj('2026-11-16T09:30:00').toISOString(), provisional: false },
    });
    await http().post('/api/v1/complaints').send({ customerId: customer.id, important: true, involvesOtherDepartments: false, description: 'x', receivedAt: bj('2026-11-13T16:00:01').toISOString() }).expect(422);

    await http().post(`/api/v1/complaints/${complaint.id}/analyse`).send({ note: 'x' }).expect(409);
    platform.clock.set(bj('2026-11-16T10:01:00'));
    await expectEventually(async () => {
      const c = (await http().get(`/api/v1/complaints/${complaint.id}`).expect(200)).body;
      expect(c.breachedSteps).toEqual(['complaint-sorting']);
    });
    const sorted = (await http().post(`/api/v1/complaints/${complaint.id}/sort`).send({ note: '分拣至网运部' }).expect(200)).body;
    expect(sorted.currentStep).toEqual({ kind: 'complaint-analysis', dueAt: bj('2026-11-16T14:01:00').toISOString(), provisional: false });
    const analysed = (await http().post(`/api/v1/complaints/${complaint.id}/analyse`).send({ note: '需传输、数据专业共同处理' }).expect(200)).body;
    // 5 working days counted as days: Monday the 16th does not count; due at close of business of the 5th working day after it.
    expect(analysed.currentStep).toEqual({ kind: 'complaint-plan', dueAt: bj('2026-11-23T17:00:00').toISOString(), provisional: false });
    await http().post(`/api/v1/complaints/${complaint.id}/resolve`).send({ note: '整改方案已制定' }).expect(200);
    const answered = (await http().post(`/api/v1/complaints/${complaint.id}/answer`).send({ reply: '已重新出具故障报告', customerOpinion: '满意' }).expect(200)).body;
    expect(answered).toMatchObject({ status: 'answered', breachedSteps: ['complaint-sorting'] });
    expect(answered.currentStep).toBeUndefined();
  });

  it('takes resolution limits from the configurable table: most specific row, new tickets only', async () => {
    const table = (await http().get('/api/v1/resolution-limits').expect(200)).body;
    expect(table.rows).toContainEqual({ tier: 'gold', limitMinutes: 360 });
    await http().put('/api/v1/resolution-limits').send({ rows: [{ tier: 'gold', limitMinutes: 300 }] }).expect(400);
    try {
      await http()
        .put('/api/v1/resolution-limits')
        .send({ rows: [...table.rows, { serviceType: 'voice', tier: 'gold', limitMinutes: 90 }] })
        .expect(200);
      const voice = await fixture('gold', { serviceType: 'voice' });
      const mstp = await fixture('gold');
      expect((await openFault(http, voice.customer, voice.circuit)).resolutionLimitMinutes).toBe(90);
      expect((await openFault(http, mstp.customer, mstp.circuit)).resolutionLimitMinutes).toBe(360);
    } finally {
      await http().put('/api/v1/resolution-limits').send(table).expect(200);
    }
  });

  it('closes a customer-caused fault the customer cannot fix at once, cancels one opened in error, and escalates an HQ outage at intake', async () => {
    const a = await fixture('gold');
    const unfixable = await openFault(http, a.customer, a.circuit, { hqOutage: true });
    expect(unfixable.escalations as Ticket[]).toEqual([expect.objectContaining({ trigger: 'auto:hq-outage', level: 'department' })]);
    await post(`/${unfixable.id}/dispatch`, { legs: [{ unit: 'A', segment: 'a_access' }, { unit: 'Z', segment: 'z_access' }] });
    const operatorCause = { causeCategory: 'operator_fiber', causeSegment: 'a_access', causeDescription: 'x', customerConfirmedBy: '张工', customerCannotFixNow: true };
    await post(`/${unfixable.id}/close`, operatorCause, 409).expect((r) => expect(r.body.code).toBe('INVALID_TRANSITION'));
    const closed = (await post(`/${unfixable.id}/close`, { ...operatorCause, causeCategory: 'customer_power', causeSegment: 'customer_premises', causeDescription: '客户机房停电，需等待市电恢复' })).body;
    expect(closed).toMatchObject({ status: 'closed', closedWithoutRestoration: true });
    expect(closed.restoredAt).toBeUndefined();
    expect(await resolutionClock(unfixable.id)).toMatchObject({ status: 'stopped', met: true });

    const b = await fixture('silver');
    const mistaken = await openFault(http, b.customer, b.circuit);
    const cancelled = (await post(`/${mistaken.id}/cancel`, { reason: '客户误报' })).body;
    expect(cancelled.status).toBe('cancelled');
    const running = (await http().get('/api/v1/clocks/fault').query({ subjectId: mistaken.id, status: 'running', count: 'exact' }).expect(200)).body;
    expect(running.total).toBe(0);
    await post(`/${mistaken.id}/restore`, {}, 409);
  });

  it('links a fault that falls in a planned cutover window to the cutover', async () => {
    const { customer, circuit } = await fixture('silver');
    const t0 = new Date('2026-11-14T16:00:00Z');
    platform.clock.set(t0);
    const nc = await connectNats(platform.natsUrl, 'visits-stand-in');
    const cutoverId = randomUUID();
    try {
      const envelope = {
        id: randomUUID(),
        type: VisitsEvents.cutoverScheduled.type,
        source: 'visits',
        occurredAt: t0.toISOString(),
        subjectId: cutoverId,
        data: { cutoverId, title: '干线割接', circuitCodes: [circuit.code], windowStart: t0.toISOString(), windowEnd: new Date(t0.getTime() + 4 * 60 * MIN).toISOString() },
      };
      await jetstream(nc).publish(envelope.type, JSON.stringify(envelope), { msgID: envelope.id });
    } finally {
      await nc.close();
    }
    await expectEventually(async () => expect((await db.query('SELECT 1 FROM fault.cutover WHERE id = $1', [cutoverId])).rowCount).toBe(1));
    at(40, t0);
    const ticket = await openFault(http, customer, circuit, { faultAt: new Date(t0.getTime() + 30 * MIN).toISOString() });
    expect(ticket.cutoverId).toBe(cutoverId);
  });

  it('opens one ticket for the same Idempotency-Key sent twice, and refuses the key for another body', async () => {
    const { customer, circuit } = await fixture('silver');
    await openFault(http, customer, circuit, { symptom: 'warm-up' }).then((t) => post(`/${t.id}/cancel`, { reason: '预热' }));
    const body = intake(customer, circuit, { symptom: '重试的申告' });
    const first = await http().post('/api/v1/faults').set('Idempotency-Key', 'portal-7f3a').send(body).expect(201);
    const retry = await http().post('/api/v1/faults').set('Idempotency-Key', 'portal-7f3a').send(body).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.body.duplicateReports).toBe(0);
    const open = (await http().get('/api/v1/faults').query({ circuitCode: circuit.code, status: 'open', count: 'exact' }).expect(200)).body;
    expect(open.total).toBe(1);
    expect((await get(first.body.id)).duplicateReports).toBe(0);
    const reused = await http().post('/api/v1/faults').set('Idempotency-Key', 'portal-7f3a').send({ ...body, symptom: '另一个' }).expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses an action with a stale If-Match (412), so two dispatchers cannot overwrite each other', async () => {
    const { customer, circuit } = await fixture('silver');
    const ticket = await openFault(http, customer, circuit);
    const read = await http().get(`/api/v1/faults/${ticket.id}`).expect(200);
    const etag = read.headers['etag'];
    expect(etag).toBe(`"${read.body.version}"`);
    const first = await http().post(`/api/v1/faults/${ticket.id}/feedback`).set('If-Match', etag).send({ content: '已受理', customerContact: '张工', channel: 'phone' }).expect(200);
    expect(first.headers['etag']).toBe(`"${read.body.version + 1}"`);
    const second = await http().post(`/api/v1/faults/${ticket.id}/escalations`).set('If-Match', etag).send({ level: 'supervisor', reason: 'x' }).expect(412);
    expect(second.body).toMatchObject({ code: 'STALE_VERSION', currentVersion: read.body.version + 1 });
    expect((await get(ticket.id)).escalations).toEqual([]);
    await http().post(`/api/v1/faults/${ticket.id}/escalations`).set('If-Match', 'nonsense').send({ level: 'supervisor', reason: 'x' }).expect(400);
    // A loop test read off a stale version is refused too, and not recorded; off the current one it is.
    const loopTest = { situation: { cooperation: 'bothEnds' }, end: 'A', site: 'nearestOffice', direction: 'towardCustomer', results: { A: 'received' } };
    const staleTest = await http().post(`/api/v1/faults/${ticket.id}/loop-tests`).set('If-Match', etag).send(loopTest).expect(412);
    expect(staleTest.body).toMatchObject({ code: 'STALE_VERSION', currentVersion: read.body.version + 1 });
    const timeline = async () => (await http().get(`/api/v1/faults/${ticket.id}/timeline`).expect(200)).body.filter((e: { type: string }) => e.type === 'loop-test');
    expect(await timeline()).toEqual([]);
    await http().post(`/api/v1/faults/${ticket.id}/loop-tests`).set('If-Match', first.headers['etag']).send(loopTest).expect(200);
    expect(await timeline()).toHaveLength(1);
  });
});
