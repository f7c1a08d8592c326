import { expectEventually } from '../support/eventually';
import { createCustomer, CustomerFixture, orderRequest } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const bj = (local: string) => new Date(`${local}+08:00`);
const iso = (local: string) => bj(local).toISOString();

/**
 * Every clock of the seven steps pinned through the gateway: its exact due instant, nothing fired a second before,
 * the breach fired at it. A limit removed or changed fails here.
 */
describe('provisioning clocks', () => {
  let platform: TestPlatform;
  let customer: CustomerFixture;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning'], serviceEnv: { DEADLINE_POLL_MS: '100' } });
    customer = await createCustomer(() => platform.http());
  });

  afterAll(async () => {
    await platform.close();
  });

  const http = () => platform.http();
  const post = async (id: string, action: string, body: object): Promise<Json> => (await http().post(`/api/v1/orders/${id}/${action}`).send(body).expect(200)).body;
  const get = async (id: string): Promise<Json> => (await http().get(`/api/v1/orders/${id}`).expect(200)).body;
  const clockOf = (o: Json, kind: string): Json => o.deadlines.filter((d: Json) => d.kind === kind).at(-1);
  const order = async (overrides: Record<string, unknown> = {}): Promise<Json> =>
    (await http().post('/api/v1/orders').send(orderRequest(customer, { requiredBy: '2026-12-31', ...overrides })).expect(201)).body;

  /** The clock is due exactly at `due` (Beijing): not breached a second before, breached at it. Leaves time at `due`. */
  async function pin(o: Json, kind: string, due: string): Promise<void> {
    expect(clockOf(await get(o.id), kind)).toMatchObject({ status: 'running', dueAt: iso(due), breachedAt: null });
    platform.clock.set(new Date(bj(due).getTime() - 1000));
    await platform.deadlinesPolled();
    expect(clockOf(await get(o.id), kind).breachedAt).toBeNull();
    platform.clock.set(bj(due));
    await expectEventually(async () => expect(clockOf(await get(o.id), kind).breachedAt).toBe(iso(due)));
  }

  it('times the survey, the plan, the weekly report, each segment, the cross-domain completion record and the handover form', async () => {
    platform.clock.set(bj('2026-09-30T09:00:00'));
    const o = await order({ crossDomain: true });
    // DOMAIN.md's example: reviewed Wed 2026-09-30 at 10:00, National Day follows → the survey is due Fri 2026-10-09 17:00.
    platform.clock.set(bj('2026-09-30T10:00:00'));
    await post(o.id, 'review', { decision: 'approve', projectManager: '陈项目' });
    await pin(o, 'survey', '2026-10-09T17:00:00');

    // 12 working days after Fri 2026-10-09, the make-up Saturday 2026-10-10 being the first.
    await post(o.id, 'survey', { findings: '两端均有资源' });
    await pin(o, 'plan', '2026-10-26T17:00:00');

    await post(o.id, 'plan', {
      summary: '分段施工',
      segments: [
        { name: 'A端接入', from: '2026-10-27', to: '2026-11-13' },
        { name: '骨干', from: '2026-10-27', to: '2026-11-20' },
      ],
    });
    // Weekly: 7 days after the plan, then 7 days after each report.
    await pin(o, 'weekly-report', '2026-11-02T17:00:00');
    await post(o.id, 'progress', { thisWeek: '光缆布放', nextWeek: '设备安装' });
    await pin(o, 'weekly-report', '2026-11-09T17:00:00');
    // Each segment runs to the close of business of the last day of its period.
    await pin(o, 'segment:A端接入', '2026-11-13T17:00:00');
    await post(o.id, 'construction-done', {});
    await post(o.id, 'segments', { segment: 'A端接入' });
    await pin(o, 'segment:骨干', '2026-11-20T17:00:00');
    await post(o.id, 'segments', { segment: '骨干' });

    // Cross-domain: completion recorded within 2 working days of the test report (Mon 2026-11-23 → Wed 11-25 17:00).
    platform.clock.set(bj('2026-11-23T10:00:00'));
    await post(o.id, 'whole-route', { testType: 'end_to_end', testReport: '全程测试通过', reportingBureau: '北京' });
    await pin(o, 'completion-record', '2026-11-25T17:00:00');
    // ...and the handover form within 1 working day after that.
    await post(o.id, 'completion', {});
    await pin(o, 'handover-form', '2026-11-26T17:00:00');
    await post(o.id, 'handover', { signature: 'customer_signed' });
    expect((await get(o.id)).deadlines.every((d: Json) => d.status === 'stopped')).toBe(true);
  });

  it("reports an urgent order's progress as often as the customer asked", async () => {
    platform.clock.set(bj('2026-11-23T10:00:00'));
    const o = await order({ urgent: true, reportEveryHours: 24 });
    await post(o.id, 'review', { decision: 'approve', projectManager: 'p' });
    await post(o.id, 'survey', { findings: 'f' });
    await post(o.id, 'plan', { summary: 's', segments: [{ name: 'A端接入', from: '2026-11-24', to: '2026-12-04' }] });
    await pin(o, 'weekly-report', '2026-11-24T10:00:00');
    await post(o.id, 'progress', { thisWeek: 'a', nextWeek: 'b' });
    await pin(o, 'weekly-report', '2026-11-25T10:00:00');
  });

  it('puts an order without progress reports into the warning pool at the start of business 10 working days before its date', async () => {
    platform.clock.set(bj('2026-11-23T10:00:00'));
    const o = await order({ progressReportsRequired: false, requiredBy: '2026-12-21' });
    // Mon 2026-12-21, the date not counted: 18, 17, 16, 15, 14, 11, 10, 9, 8, 7 → Mon 2026-12-07 09:00.
    platform.clock.set(bj('2026-12-07T08:59:59'));
    await platform.deadlinesPolled();
    expect((await get(o.id)).inWarningPool).toBe(false);
    platform.clock.set(bj('2026-12-07T09:00:00'));
    await expectEventually(async () => expect(await get(o.id)).toMatchObject({ inWarningPool: true, warningPoolEnteredAt: iso('2026-12-07T09:00:00') }));
    await pin(o, 'due', '2026-12-21T17:00:00');
  });

  it('takes the survey limit from the settings for orders approved after a change, not for one already in survey', async () => {
    platform.clock.set(bj('2026-11-24T10:00:00'));
    const before = await order();
    const after = await order();
    await post(before.id, 'review', { decision: 'approve', projectManager: 'p' });
    await http().put('/api/v1/settings/provisioning').send({ surveyWorkingDays: 3, reason: '勘查周期放宽试点' }).expect(200);
    await post(after.id, 'review', { decision: 'approve', projectManager: 'p' });
    expect(clockOf(await get(before.id), 'survey').dueAt).toBe(iso('2026-11-26T17:00:00'));
    expect(clockOf(await get(after.id), 'survey').dueAt).toBe(iso('2026-11-27T17:00:00'));
    await http().put('/api/v1/settings/provisioning').send({ surveyWorkingDays: 2, reason: '恢复默认' }).expect(200);
  });
});
