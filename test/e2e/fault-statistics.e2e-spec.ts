import { MIN } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { CircuitFixture, createCircuit, createCustomer, CustomerFixture, openFault } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';
import { expectRebuildIdentical } from '../support/rebuild';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const bj = (local: string) => new Date(`${local}+08:00`);
const rated = (settled: number, met: number, rate: number | null) => ({ settled, met, rate });
const NONE = rated(0, 0, null);
/** No ticket rated (test/e2e/ticket-satisfaction.e2e-spec.ts rates them): the share is 0 of those closed, null when none closed. */
const UNRATED = (closed: number) => ({ rated: 0, ratedShare: closed === 0 ? null : 0, averageScore: null, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } });

/**
 * Fault statistics (DOMAIN.md §4) from reporting's fault read models: tickets driven through the gateway on the
 * injected clock, at times chosen so that every figure is counted by hand below.
 *
 * - bank (gold, MSTP): T1 fault 10 min before the report, dispatched at +3, legs accepted at +4, first feedback at +20,
 *   restored at +50 (60 min from the fault), closed at +55. T2 fault 5 min before the report, dispatched late at +7,
 *   one leg accepted at +8 and the other late at +13, first feedback late at +40, restored at +45 (50 min), closed at
 *   +50. Neither ticket's units reported progress within 30 min of accepting. T5 opened in error and cancelled.
 * - port (gold, Ethernet): T3 dispatched at +2, legs accepted at +3, feedback at +10, restored at +30 (30 min), not
 *   closed: its resolution verdict waits for the cause, and its 2-hourly feedback runs out unanswered.
 * - ministry (silver, MSTP): T4 just opened; every clock still running.
 */
describe('fault statistics', () => {
  let platform: TestPlatform;
  let bank: CustomerFixture;
  let port: CustomerFixture;
  let ministry: CustomerFixture;
  let bankLine: CircuitFixture;
  let portLine: CircuitFixture;
  let ministryLine: CircuitFixture;

  const http = () => platform.http();
  const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };
  const stats = async (query: Record<string, string> = {}): Promise<Json[]> =>
    (await http().get('/api/v1/reports/statistics/faults').query({ ...NOVEMBER, ...query }).expect(200)).body.items;
  const rowOf = (rows: Json[], group: string): Json | undefined => rows.find((r) => r.group === group);
  const fault = (path: string, body: object = {}) => http().post(`/api/v1/faults${path}`).send(body).expect(200);
  /** Moves the clock to `minutes` after `t0` and lets the deadline poller fire what fell due, so every breach is recorded in order. */
  const at = async (minutes: number, t0: Date) => {
    platform.clock.set(new Date(t0.getTime() + minutes * MIN));
    await platform.deadlinesPolled();
  };
  const dispatch = async (id: string): Promise<Json[]> =>
    (
      await fault(`/${id}/dispatch`, {
        legs: [
          { unit: '本地网A端', segment: 'a_access' },
          { unit: '本地网Z端', segment: 'z_access' },
        ],
      })
    ).body.legs;
  const feedback = (id: string) => fault(`/${id}/feedback`, { content: '已派单排查', customerContact: '张工', channel: 'phone' });
  const close = async (id: string) => {
    await fault(`/${id}/repair`);
    await fault(`/${id}/close`, { causeCategory: 'operator_equipment', causeSegment: 'a_access', causeDescription: 'A端光模块故障', customerConfirmedBy: '张工' });
  };

  beforeAll(async () => {
    platform = await startPlatform({ services: ['fault', 'provisioning', 'reporting'], serviceEnv: { DEADLINE_POLL_MS: '100' } });
    platform.clock.set(bj('2026-11-02T10:00:00'));
    bank = await createCustomer(http, { name: '某银行', tier: 'gold', industry: 'finance', region: '广东' });
    port = await createCustomer(http, { name: '某港口集团', tier: 'gold', industry: 'large_enterprise', region: '广东' });
    ministry = await createCustomer(http, { name: '某部委', tier: 'silver', industry: 'government', region: '北京' });
    bankLine = await createCircuit(http, bank);
    portLine = await createCircuit(http, port, { serviceType: 'ethernet' });
    ministryLine = await createCircuit(http, ministry);
  });

  afterAll(async () => {
    await platform.close();
  });

  it('drives five tickets through November', async () => {
    const t0 = bj('2026-11-10T10:00:00');
    platform.clock.set(t0);
    const t1 = await openFault(http, bank, bankLine, { faultAt: new Date(t0.getTime() - 10 * MIN).toISOString() });
    await at(3, t0);
    const legs1 = await dispatch(t1.id);
    await at(4, t0);
    for (const leg of legs1) await fault(`/${t1.id}/legs/${leg.id}/accept`);
    await at(20, t0);
    await feedback(t1.id);
    await at(50, t0);
    await fault(`/${t1.id}/restore`);
    await at(55, t0);
    await close(t1.id);

    const t1At = bj('2026-11-12T10:00:00');
    platform.clock.set(t1At);
    const t2 = await openFault(http, bank, bankLine, { faultAt: new Date(t1At.getTime() - 5 * MIN).toISOString() });
    await at(7, t1At);
    const legs2 = await dispatch(t2.id);
    await at(8, t1At);
    await fault(`/${t2.id}/legs/${legs2[0].id}/accept`);
    await at(13, t1At);
    await fault(`/${t2.id}/legs/${legs2[1].id}/accept`);
    await at(40, t1At);
    await feedback(t2.id);
    await at(45, t1At);
    await fault(`/${t2.id}/restore`);
    await at(50, t1At);
    await close(t2.id);
    const closed2 = (await http().get(`/api/v1/faults/${t2.id}`).expect(200)).body;
    expect(closed2.breaches.map((b: Json) => b.kind).sort()).toEqual(['accept', 'dispatch', 'first-feedback', 'progress', 'progress']);

    const t5At = bj('2026-11-15T10:00:00');
    platform.clock.set(t5At);
    const t5 = await openFault(http, bank, bankLine);
    await at(2, t5At);
    await fault(`/${t5.id}/cancel`, { reason: '重复报障' });

    const t3At = bj('2026-11-20T10:00:00');
    platform.clock.set(t3At);
    const t3 = await openFault(http, port, portLine);
    await at(2, t3At);
    const legs3 = await dispatch(t3.id);
    await at(3, t3At);
    for (const leg of legs3) await fault(`/${t3.id}/legs/${leg.id}/accept`);
    await at(10, t3At);
    await feedback(t3.id);
    await at(30, t3At);
    await fault(`/${t3.id}/restore`);

    // Five days later T3's 2-hourly feedback is long overdue (breached, still running); T4 is reported.
    const t4At = bj('2026-11-25T10:00:00');
    await at(0, t4At);
    await expectEventually(async () => expect((await http().get(`/api/v1/faults/${t3.id}`).expect(200)).body.breaches.map((b: Json) => b.kind)).toEqual(['feedback']));
    await openFault(http, ministry, ministryLine);
  });

  it('counts per customer: opened, closed, restored, restore minutes and compliance per clock', async () => {
    await expectEventually(async () => {
      const rows = await stats({ groupBy: 'customer' });
      expect(rows).toHaveLength(3);
      expect(rowOf(rows, bank.id)).toEqual({
        group: bank.id,
        label: '某银行',
        opened: 2,
        closed: 2,
        restored: 2,
        // 60 and 50 minutes from the fault to the restore.
        restoreMinutes: { mean: 55, median: 55, p90: 60, worst: 60 },
        clocks: {
          dispatch: rated(2, 1, 50),
          accept: rated(4, 3, 75),
          progress: rated(4, 0, 0),
          answer: NONE,
          firstFeedback: rated(2, 1, 50),
          feedback: rated(2, 2, 100),
          resolution: rated(2, 2, 100),
          jointHandling: rated(2, 2, 100),
          onSite: rated(2, 2, 100),
          broadcast: NONE,
        },
        satisfaction: UNRATED(2),
      });
      expect(rowOf(rows, port.id)).toEqual({
        group: port.id,
        label: '某港口集团',
        opened: 1,
        closed: 0,
        restored: 1,
        restoreMinutes: { mean: 30, median: 30, p90: 30, worst: 30 },
        clocks: {
          dispatch: rated(1, 1, 100),
          accept: rated(2, 2, 100),
          progress: rated(2, 2, 100),
          answer: NONE,
          firstFeedback: rated(1, 1, 100),
          feedback: rated(1, 0, 0),
          // Restored, not closed: the verdict waits for the final cause.
          resolution: NONE,
          jointHandling: rated(1, 1, 100),
          onSite: rated(1, 1, 100),
          broadcast: NONE,
        },
        satisfaction: UNRATED(0),
      });
      expect(rowOf(rows, ministry.id)).toMatchObject({ opened: 1, closed: 0, restored: 0, restoreMinutes: { mean: null, median: null, p90: null, worst: null }, clocks: { dispatch: NONE, firstFeedback: NONE } });
    });
  });

  it('counts per tier: both gold customers together (first feedback 2 of 3 = 66.67)', async () => {
    const rows = await stats({ groupBy: 'tier' });
    expect(rows.map((r) => r.group)).toEqual(['gold', 'silver']);
    expect(rowOf(rows, 'gold')).toMatchObject({
      opened: 3,
      closed: 2,
      restored: 3,
      // 60, 50 and 30 minutes: mean 46.67, median 50, the 90th percentile by nearest rank the third of three.
      restoreMinutes: { mean: 46.67, median: 50, p90: 60, worst: 60 },
      clocks: { dispatch: rated(3, 2, 66.67), accept: rated(6, 5, 83.33), progress: rated(6, 2, 33.33), firstFeedback: rated(3, 2, 66.67), feedback: rated(3, 2, 66.67), resolution: rated(2, 2, 100) },
    });
    expect(rowOf(rows, 'silver')).toMatchObject({ opened: 1, restored: 0, clocks: { dispatch: NONE } });
  });

  it('groups by service type, legs under their ticket, and filters', async () => {
    const byType = await stats({ groupBy: 'serviceType' });
    expect(byType.map((r) => r.group)).toEqual(['ethernet', 'mstp']);
    expect(rowOf(byType, 'mstp')).toMatchObject({ opened: 3, closed: 2, restored: 2, restoreMinutes: { mean: 55, worst: 60 }, clocks: { accept: rated(4, 3, 75), progress: rated(4, 0, 0) } });
    expect(rowOf(byType, 'ethernet')).toMatchObject({ opened: 1, restored: 1, clocks: { accept: rated(2, 2, 100), progress: rated(2, 2, 100) } });
    expect(await stats({ groupBy: 'industry', serviceType: 'mstp', tier: 'gold' })).toEqual([expect.objectContaining({ group: 'finance', opened: 2, clocks: expect.objectContaining({ dispatch: rated(2, 1, 50) }) })]);
    expect(await stats({ groupBy: 'month', customerId: bank.id })).toEqual([expect.objectContaining({ group: '2026-11', opened: 2, closed: 2 })]);
    // T1 and T2 only: the period ends before T5, T3 and T4.
    expect(await stats({ groupBy: 'region', from: '2026-11-01', to: '2026-11-14' })).toEqual([expect.objectContaining({ group: '广东', opened: 2, restored: 2, restoreMinutes: { mean: 55, median: 55, p90: 60, worst: 60 } })]);
    expect(await stats({ from: '2026-12-01', to: '2026-12-31' })).toEqual([]);
  });

  it('answers as CSV, nested keys dotted, null rates empty', async () => {
    const res = await http()
      .get('/api/v1/reports/statistics/faults')
      .query({ ...NOVEMBER, customerId: bank.id })
      .set('accept', 'text/csv')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, line] = (res.body as string).split('\r\n');
    const clocks = ['dispatch', 'accept', 'progress', 'answer', 'firstFeedback', 'feedback', 'resolution', 'jointHandling', 'onSite', 'broadcast'];
    expect(header).toBe(
      `\uFEFF${['group', 'label', 'opened', 'closed', 'restored', 'restoreMinutes.mean', 'restoreMinutes.median', 'restoreMinutes.p90', 'restoreMinutes.worst', ...clocks.flatMap((c) => [`clocks.${c}.settled`, `clocks.${c}.met`, `clocks.${c}.rate`]), 'satisfaction.rated', 'satisfaction.ratedShare', 'satisfaction.averageScore', ...[1, 2, 3, 4, 5].map((n) => `satisfaction.distribution.${n}`)].join(',')}`,
    );
    expect(line).toBe(`${bank.id},某银行,2,2,2,55,55,60,60,2,1,50,4,3,75,4,0,0,0,0,,2,1,50,2,2,100,2,2,100,2,2,100,2,2,100,0,0,,0,0,,0,0,0,0,0`);
  });

  it('refuses customer users', async () => {
    const customerUser = await platform.user(['customer_user'], bank.id);
    await customerUser.http().get('/api/v1/reports/statistics/faults').query({ customerId: bank.id }).expect(403);
  });

  it('gives byte-identical fault statistics after the read models are rebuilt from the stream', async () => {
    const read = () =>
      Promise.all(['customer', 'tier', 'serviceType', 'month'].map(async (groupBy) => (await http().get('/api/v1/reports/statistics/faults').query({ ...NOVEMBER, groupBy }).expect(200)).text));
    await expectRebuildIdentical(platform, read, ['DELETE FROM fault_leg', 'DELETE FROM clock_fact', 'UPDATE fault_fact SET restored_at = NULL, closed_at = NULL']);
  });
});
