import { MIN } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { createCircuit, createCustomer, CustomerFixture, openFault } from '../support/factories';
import { expectRebuildIdentical } from '../support/rebuild';
import { startPlatform, TestPlatform, TestUser } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Fault reports (故障报告, DOMAIN.md §4, seed 000 cases 13 and 14) through the gateway, built by reporting from events only. */
describe('fault reports', () => {
  let platform: TestPlatform;
  let engineer: TestUser;
  let noc: TestUser;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['fault', 'provisioning', 'reporting'] });
    engineer = await platform.user(['customer_engineer']);
    noc = await platform.user(['noc']);
  });

  afterAll(async () => {
    await platform.close();
  });

  const http = () => platform.http();
  const fault = (id: string, path: string, body: object) => http().post(`/api/v1/faults/${id}${path}`).send(body).expect(200);
  const reportOf = async (id: string, until: (r: Json) => boolean): Promise<Json> => {
    let report: Json = {};
    await expectEventually(async () => {
      report = (await http().get(`/api/v1/reports/faults/${id}`).expect(200)).body;
      expect(until(report)).toBe(true);
    });
    return report;
  };
  const write = (id: string, body: object, as: TestUser = noc, status = 201) => as.http().post(`/api/v1/reports/faults/${id}/versions`).send(body).expect(status);
  const move = (id: string, n: number, action: 'review' | 'submit', as: TestUser, status = 200) => as.http().post(`/api/v1/reports/faults/${id}/versions/${n}/${action}`).send({}).expect(status);

  /** A customer and its circuit; `sameProvince` keeps both ends in 广东 (not cross-province). */
  async function fixture(tier: string, sameProvince: boolean) {
    const customer = await createCustomer(http, { tier, customerEngineer: '赵工', region: '广东' });
    const circuit = await createCircuit(http, customer, sameProvince ? { zEnd: { address: '深圳市某数据中心', city: '深圳', province: '广东' } } : {});
    return { customer, circuit };
  }

  const at = (m: number, t0: Date) => platform.clock.set(new Date(t0.getTime() + m * MIN));
  const dispatch = async (ticket: Json, t0: Date): Promise<Json> => {
    at(3, t0);
    return (await fault(ticket.id, '/dispatch', { legs: [{ unit: '广州本地网', segment: 'a_access' }, { unit: '深圳本地网', segment: 'z_access' }] })).body;
  };

  /** Accept both legs, restore at +45, repair at +50, close at +55 with the true cause and, when given, a customer-facing one. */
  async function finish(dispatched: Json, t0: Date, customerFacingCause?: string): Promise<Json> {
    const ticket = dispatched;
    at(4, t0);
    for (const leg of dispatched.legs) await fault(ticket.id, `/legs/${leg.id}/accept`, {});
    at(45, t0);
    await fault(ticket.id, '/restore', {});
    at(50, t0);
    await fault(ticket.id, '/repair', {});
    at(55, t0);
    return (
      await fault(ticket.id, '/close', {
        causeCategory: 'customer_equipment',
        causeSegment: 'customer_premises',
        causeDescription: '客户路由器故障，重启后恢复',
        ...(customerFacingCause ? { customerFacingCause } : {}),
        customerConfirmedBy: '客户网管',
      })
    ).body;
  }

  /** What a final version states when it agrees with the closed ticket. */
  const agreeing = (t: Json, cause: string) => ({
    faultAt: t.faultAt,
    reportedAt: t.reportedAt,
    restoredAt: t.restoredAt,
    repairedAt: t.repairedAt,
    closedAt: t.closedAt,
    causeCategory: t.causeCategory,
    causeSegment: t.causeSegment,
    cause,
  });
  const final = (stated: object) => ({ kind: 'final', measures: '客户重启路由器，业务恢复', preventiveMeasures: '建议客户更换老化路由器并配置备份电路', summary: '故障已恢复', stated });

  let closedTicket: Json;
  let closedCustomer: CustomerFixture;

  it('a preliminary report while the ticket is open; the final one after closing agrees with the ticket, and one that does not is refused', async () => {
    const { customer, circuit } = await fixture('gold', true);
    const t0 = new Date('2026-11-02T02:00:00Z');
    platform.clock.set(t0);
    const ticket = await openFault(http, customer, circuit, { faultAt: new Date(t0.getTime() - 2 * MIN).toISOString() });
    const dispatched = await dispatch(ticket, t0);

    const open = await reportOf(ticket.id, (r) => r.ticketStatus === 'dispatched');
    expect(open).toMatchObject({
      kind: 'preliminary',
      number: ticket.number,
      reviewRequired: false,
      status: 'none',
      times: { faultAt: ticket.faultAt, reportedAt: ticket.reportedAt, openedAt: ticket.openedAt },
      scope: { circuit: { id: circuit.id, code: circuit.code, aProvince: '广东', zProvince: '广东' }, customer: { id: customer.id, name: customer.name, tier: 'gold', customerEngineer: '赵工' } },
      cause: {},
    });
    expect(open.process.map((s: Json) => [s.action, s.status, s.customerVisible])).toEqual([
      ['intake', 'open', true],
      ['dispatch', 'dispatched', true],
    ]);
    await write(ticket.id, final({}), noc, 409);
    const preliminary = (await write(ticket.id, { kind: 'preliminary', measures: '已派单A、Z两端排查', preventiveMeasures: '待定', stated: { faultAt: ticket.faultAt, cause: '疑似光缆中断' } })).body;
    expect(preliminary.versions).toEqual([expect.objectContaining({ n: 1, kind: 'preliminary', status: 'draft', disagreements: [], createdBy: noc.username })]);
    expect((await move(ticket.id, 1, 'submit', noc)).body).toMatchObject({ status: 'submitted', versions: [{ n: 1, status: 'submitted', submittedBy: noc.username }] });

    const closed = await finish(dispatched, t0, '传输线路瞬断');
    const report = await reportOf(ticket.id, (r) => r.ticketStatus === 'closed');
    expect(report).toMatchObject({
      kind: 'final',
      times: { faultAt: closed.faultAt, reportedAt: closed.reportedAt, restoredAt: closed.restoredAt, repairedAt: closed.repairedAt, closedAt: closed.closedAt },
      cause: { category: 'customer_equipment', segment: 'customer_premises', shown: '传输线路瞬断', trueDescription: '客户路由器故障，重启后恢复' },
    });
    expect(report.process.map((s: Json) => s.action)).toEqual(['intake', 'dispatch', 'accept', 'accept', 'restore', 'repair', 'close']);
    expect(report.process.filter((s: Json) => !s.customerVisible).map((s: Json) => s.action)).toEqual(['accept', 'accept', 'repair']);
    expect(report.clocks).toContainEqual(expect.objectContaining({ kind: 'resolution', met: true, countedMs: 45 * MIN, exemptMs: 0 }));
    await write(ticket.id, { kind: 'preliminary', measures: 'x', preventiveMeasures: 'y', stated: {} }, noc, 409);

    // Case 13: the true cause instead of the one marked for the customer, and the wrong category.
    const wrong = (await write(ticket.id, final({ ...agreeing(closed, '客户路由器故障，重启后恢复'), causeCategory: 'operator_fiber' }))).body;
    expect(wrong.versions[1]).toMatchObject({ n: 2, kind: 'final', status: 'draft' });
    const refused = (await move(ticket.id, 2, 'submit', noc, 409)).body;
    expect(refused).toMatchObject({ code: 'FAULT_REPORT_DISAGREES' });
    expect(refused.disagreements).toEqual([
      { field: 'causeCategory', reportValue: 'operator_fiber', ticketValue: 'customer_equipment' },
      { field: 'cause', reportValue: '客户路由器故障，重启后恢复', ticketValue: '传输线路瞬断' },
    ]);
    expect((await http().get(`/api/v1/reports/faults/${ticket.id}`).expect(200)).body.versions[1].status).toBe('draft');

    const right = (await write(ticket.id, final(agreeing(closed, '传输线路瞬断')))).body;
    expect(right.versions[2]).toMatchObject({ n: 3, disagreements: [] });
    expect((await move(ticket.id, 3, 'submit', noc)).body).toMatchObject({ status: 'submitted', kind: 'final' });
    closedTicket = ticket;
    closedCustomer = customer;
  });

  it("a group-level customer's final report goes draft → reviewed → submitted and cannot skip the review", async () => {
    const { customer, circuit } = await fixture('diamond', true);
    const t0 = new Date('2026-11-03T02:00:00Z');
    platform.clock.set(t0);
    const ticket = await openFault(http, customer, circuit);
    const closed = await finish(await dispatch(ticket, t0), t0);
    expect((await reportOf(ticket.id, (r) => r.ticketStatus === 'closed')).reviewRequired).toBe(true);
    await write(ticket.id, final(agreeing(closed, '客户路由器故障，重启后恢复')), engineer);
    expect((await move(ticket.id, 1, 'submit', engineer, 409)).body).toMatchObject({ code: 'INVALID_TRANSITION' });
    await move(ticket.id, 1, 'review', noc, 403);
    expect((await move(ticket.id, 1, 'review', engineer)).body).toMatchObject({ status: 'reviewed', versions: [{ status: 'reviewed', reviewedBy: engineer.username }] });
    await move(ticket.id, 1, 'review', engineer, 409);
    expect((await move(ticket.id, 1, 'submit', noc, 403)).body).toMatchObject({ code: 'FORBIDDEN' });
    expect((await move(ticket.id, 1, 'submit', engineer)).body).toMatchObject({ status: 'submitted', versions: [{ status: 'submitted', submittedBy: engineer.username }] });
    const listed = (await http().get('/api/v1/reports/faults').query({ customerId: customer.id, status: 'submitted' }).expect(200)).body;
    expect(listed.items.map((r: Json) => r.ticketId)).toEqual([ticket.id]);
    expect((await http().get('/api/v1/reports/faults').query({ customerId: customer.id, status: 'draft' }).expect(200)).body.items).toEqual([]);
    const inPeriod = (from: string, to: string) => http().get('/api/v1/reports/faults').query({ customerId: customer.id, from, to }).expect(200);
    expect((await inPeriod('2026-11-03T00:00:00Z', '2026-11-04T00:00:00Z')).body.items.map((r: Json) => r.ticketId)).toEqual([ticket.id]);
    expect((await inPeriod('2026-11-04T00:00:00Z', '2026-12-01T00:00:00Z')).body.items).toEqual([]);
  });

  it("a cross-province customer's final report needs the review too", async () => {
    const { customer, circuit } = await fixture('silver', false);
    const ticket = await openFault(http, customer, circuit);
    expect((await reportOf(ticket.id, (r) => r.ticketStatus === 'open')).reviewRequired).toBe(true);
  });

  it("the customer's user sees its submitted versions with the customer-facing cause, never the true one, and not another customer's", async () => {
    const own = await platform.user(['customer_user'], closedCustomer.id);
    const report = (await own.http().get(`/api/v1/reports/faults/${closedTicket.id}`).expect(200)).body;
    expect(report.versions.map((v: Json) => [v.n, v.status])).toEqual([
      [1, 'submitted'],
      [3, 'submitted'],
    ]);
    expect(report.cause).toEqual({ shown: '传输线路瞬断' });
    const text = JSON.stringify(report);
    for (const secret of ['客户路由器故障', 'customer_equipment', 'customer_premises', noc.username, 'disagreements', 'clocks']) expect(text).not.toContain(secret);
    expect(report.process.map((s: Json) => s.action)).toEqual(['intake', 'dispatch', 'restore', 'close']);
    const listed = (await own.http().get('/api/v1/reports/faults').expect(200)).body;
    expect(listed.items.map((r: Json) => r.ticketId)).toEqual([closedTicket.id]);
    expect(JSON.stringify(listed)).not.toContain('客户路由器故障');

    const other = await createCustomer(http);
    const stranger = await platform.user(['customer_user'], other.id);
    await stranger.http().get(`/api/v1/reports/faults/${closedTicket.id}`).expect(404);
    expect((await stranger.http().get('/api/v1/reports/faults').query({ customerId: closedCustomer.id }).expect(200)).body.items).toEqual([]);
    await own.http().post(`/api/v1/reports/faults/${closedTicket.id}/versions`).send(final({})).expect(403);
  });

  it('rebuilding the read models from the stream gives byte-identical report output', async () => {
    const own = await platform.user(['customer_user'], closedCustomer.id);
    const read = async () => [
      (await http().get(`/api/v1/reports/faults/${closedTicket.id}`).expect(200)).text,
      (await own.http().get(`/api/v1/reports/faults/${closedTicket.id}`).expect(200)).text,
      (await http().get('/api/v1/reports/faults').query({ limit: 200 }).expect(200)).text,
      (await http().get('/api/v1/reports/summary').expect(200)).text,
    ];
    const result = await expectRebuildIdentical(platform, read, [`UPDATE fault_fact SET cause_description = 'corrupted', status = NULL`, 'DELETE FROM ticket_timeline']);
    expect(result.applied).toBeGreaterThan(0);
  });
});
