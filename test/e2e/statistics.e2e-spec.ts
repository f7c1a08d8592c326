import { jetstream } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { connectNats } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { createCircuit, createCustomer, CircuitFixture, CustomerFixture, openFault, orderRequest } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';
import { expectRebuildIdentical } from '../support/rebuild';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const bj = (local: string) => new Date(`${local}+08:00`);

const LEASED_LINE = 'c0ec1157-0000-4000-8000-000000000002';
const lineResults = (overrides: Record<string, unknown> = {}) =>
  Object.entries({ optical_rx_power: -12.5, optical_attenuation: 8, equipment_alarms_none: true, labels_complete: true, protection_route_available: true, ...overrides }).map(
    ([key, value]) => ({ key, value }),
  );

/** A name with Chinese, a comma, quotes and a line break: what CSV must quote. */
const AWKWARD_NAME = '某银行, "广州"\n分行';
/** What a spreadsheet would run as a formula. */
const FORMULA_NAME = '=1+2';

/**
 * Statistics (DOMAIN.md §4) from reporting's read models, fed only by the other services' events: orders driven
 * through the seven steps, visits, inspections and complaints through the gateway on the injected clock, the figures
 * compared with values counted by hand. And CSV for every table.
 */
describe('statistics', () => {
  let platform: TestPlatform;
  let bank: CustomerFixture;
  let formula: CustomerFixture;
  let ministry: CustomerFixture;
  let circuit: CircuitFixture;
  let otherCircuit: CircuitFixture;
  const orders: Record<string, Json> = {};

  const http = () => platform.http();
  const post = (path: string, body: object, status = 200) => http().post(path).send(body).expect(status);
  const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };
  const stats = async (metric: string, query: Record<string, string> = {}): Promise<Json[]> =>
    (await http().get(`/api/v1/reports/statistics/${metric}`).query({ ...NOVEMBER, ...query }).expect(200)).body.items;
  const rowOf = (rows: Json[], group: string): Json | undefined => rows.find((r) => r.group === group);

  async function toTesting(o: Json): Promise<void> {
    await post(`/api/v1/orders/${o.id}/review`, { decision: 'approve', projectManager: '陈项目' });
    await post(`/api/v1/orders/${o.id}/survey`, { findings: '两端均有资源' });
    await post(`/api/v1/orders/${o.id}/plan`, { summary: '分段施工', segments: [{ name: 'A端接入', from: '2026-11-03', to: '2026-11-19' }] });
    await post(`/api/v1/orders/${o.id}/construction-done`, {});
    await post(`/api/v1/orders/${o.id}/segments`, { segment: 'A端接入' });
  }

  beforeAll(async () => {
    platform = await startPlatform({ services: ['fault', 'provisioning', 'visits', 'reporting'], serviceEnv: { DEADLINE_POLL_MS: '100' } });
    platform.clock.set(bj('2026-11-02T10:00:00'));
    bank = await createCustomer(http, { name: AWKWARD_NAME, tier: 'gold', industry: 'finance', region: '广东' });
    formula = await createCustomer(http, { name: FORMULA_NAME, tier: 'gold', industry: 'government', region: '广东' });
    ministry = await createCustomer(http, { name: '某部委', tier: 'silver', industry: 'government', region: '北京' });
    circuit = await createCircuit(http, bank);
    otherCircuit = await createCircuit(http, bank);
  });

  afterAll(async () => {
    await platform.close();
  });

  it('drives orders, inspections, visits and complaints through November', async () => {
    // Provisioning: two orders due 30 November, one of them reported complete without the required end-to-end test;
    // one due 20 November that misses its date without a warning; one elsewhere warned in time.
    orders.onTime = (await post('/api/v1/orders', orderRequest(bank, { requiredBy: '2026-11-30' }), 201)).body;
    orders.falseCompletion = (await post('/api/v1/orders', orderRequest(bank, { requiredBy: '2026-11-30', serviceType: 'ethernet', aEndCircuit: true, crossDomain: false }), 201)).body;
    orders.late = (await post('/api/v1/orders', orderRequest(bank, { requiredBy: '2026-11-20' }), 201)).body;
    orders.warned = (await post('/api/v1/orders', orderRequest(formula, { requiredBy: '2026-12-31' }), 201)).body;
    for (const o of [orders.onTime, orders.falseCompletion, orders.late]) await toTesting(o);
    const warned = (await post(`/api/v1/orders/${orders.warned.id}/warnings`, { reason: 'resource', description: '端口不足' })).body;
    expect(warned.warnings).toEqual([expect.objectContaining({ timely: true })]);

    // Inspections on 6 November: one finds two hidden dangers, one finds nothing.
    platform.clock.set(bj('2026-11-06T10:00:00'));
    let found: Json = {};
    await expectEventually(async () => {
      const planned = (await post('/api/v1/inspections', { customerId: bank.id, circuitIds: [circuit.id], checklistId: LEASED_LINE, origin: 'routine', owner: '李工', plannedDate: '2026-11-06' }, 201)).body;
      found = (await post(`/api/v1/inspections/${planned.id}/results`, { results: lineResults({ optical_rx_power: -27.4, labels_complete: false }) })).body;
    });
    expect(found.dangerIds).toHaveLength(2);
    const clean = (await post('/api/v1/inspections', { customerId: bank.id, circuitIds: [otherCircuit.id], checklistId: LEASED_LINE, origin: 'routine', owner: '李工', plannedDate: '2026-11-06' }, 201)).body;
    expect((await post(`/api/v1/inspections/${clean.id}/results`, { results: lineResults() })).body.dangerIds).toEqual([]);

    // 10 November: one danger fixed; the bank visited (a routine visit), the ministry not.
    platform.clock.set(bj('2026-11-10T10:00:00'));
    await post(`/api/v1/dangers/${found.dangerIds[0]}/fix`, { fix: '更换尾纤', evidence: '整改后收光 -12.1 dBm' });
    const visit = (await post('/api/v1/visits', { customerId: bank.id, kind: 'routine', owner: '王经理', plannedDate: '2026-11-10', purpose: '=SUM(1), "季度"\n走访' }, 201)).body;
    await post(`/api/v1/visits/${visit.id}/booking`, { at: bj('2026-11-10T10:00:00').toISOString(), place: '客户总部', participants: ['李总'] });
    await post(`/api/v1/visits/${visit.id}/record`, { met: ['李总'], topics: ['季度服务回顾'], problems: [], satisfaction: 5 });

    // Complaints on Monday 16 November (general: sorting within 0.5 working day, analysis 2 days, handling 5 days).
    platform.clock.set(bj('2026-11-16T10:00:00'));
    const complaint = async () => {
      let created: Json = {};
      await expectEventually(async () => {
        created = (await post('/api/v1/complaints', { customerId: bank.id, important: false, involvesOtherDepartments: false, description: '故障报告不属实' }, 201)).body;
      });
      return created;
    };
    const prompt = await complaint();
    const slow = await complaint();
    platform.clock.set(bj('2026-11-16T11:00:00'));
    await post(`/api/v1/complaints/${prompt.id}/sort`, { note: '分拣至网运部' });
    await post(`/api/v1/complaints/${prompt.id}/analyse`, { note: '传输专业处理' });
    await post(`/api/v1/complaints/${prompt.id}/resolve`, { note: '已整改' });
    // The slow one is sorted the next day: its sorting limit (14:00 on the 16th) breached.
    platform.clock.set(bj('2026-11-17T10:00:00'));
    await expectEventually(async () => expect((await http().get(`/api/v1/complaints/${slow.id}`).expect(200)).body.breachedSteps).toEqual(['complaint-sorting']));
    await post(`/api/v1/complaints/${slow.id}/sort`, { note: '分拣' });

    // 25 November: the three orders' whole route completed; the one due on the 20th is late and was never warned.
    platform.clock.set(bj('2026-11-25T10:00:00'));
    await expectEventually(async () =>
      expect((await http().get(`/api/v1/orders/${orders.late.id}`).expect(200)).body.violations).toEqual([expect.objectContaining({ kind: 'missed-without-warning' })]),
    );
    for (const o of [orders.onTime, orders.late]) {
      await post(`/api/v1/orders/${o.id}/whole-route`, { testType: 'end_to_end', testReport: '全程测试通过', reportingBureau: o.leadingBureau.bureau });
    }
    const falseReport = (
      await post(`/api/v1/orders/${orders.falseCompletion.id}/whole-route`, { testType: 'seamless', testReport: '仅测试至对端出口', reportingBureau: orders.falseCompletion.leadingBureau.bureau })
    ).body;
    expect(falseReport.violations).toEqual([expect.objectContaining({ kind: 'completion-without-end-to-end' })]);
  });

  it('counts provisioning: delivered, on time (2 of 3 = 66.67), warnings and violations', async () => {
    await expectEventually(async () => {
      const rows = await stats('provisioning', { groupBy: 'customer' });
      expect(rowOf(rows, bank.id)).toEqual({
        group: bank.id,
        label: AWKWARD_NAME,
        delivered: 3,
        onTime: 2,
        onTimeRate: 66.67,
        warnings: 0,
        timelyWarnings: 0,
        warningPoolEntries: 0,
        violations: 2,
        missedWithoutWarning: 1,
        falseCompletion: 1,
      });
      // A unit's warning puts its order into the warning pool too.
      expect(rowOf(rows, formula.id)).toMatchObject({ delivered: 0, onTimeRate: null, warnings: 1, timelyWarnings: 1, warningPoolEntries: 1, violations: 0 });
    });
    // By tier both gold customers together; by service type the two MSTP orders (1 of 2 on time) and the Ethernet one.
    expect(await stats('provisioning', { groupBy: 'tier' })).toEqual([expect.objectContaining({ group: 'gold', delivered: 3, onTime: 2, onTimeRate: 66.67, warnings: 1, violations: 2 })]);
    const byType = await stats('provisioning', { groupBy: 'serviceType' });
    expect(rowOf(byType, 'mstp')).toMatchObject({ delivered: 2, onTime: 1, onTimeRate: 50 });
    expect(rowOf(byType, 'ethernet')).toMatchObject({ delivered: 1, onTime: 1, onTimeRate: 100, falseCompletion: 1 });
    expect(await stats('provisioning', { groupBy: 'month' })).toEqual([expect.objectContaining({ group: '2026-11', delivered: 3 })]);
    // Filters: the MSTP orders only; another period has nothing.
    expect(await stats('provisioning', { groupBy: 'industry', serviceType: 'mstp', industry: 'finance' })).toEqual([expect.objectContaining({ group: 'finance', delivered: 2, missedWithoutWarning: 1, falseCompletion: 0 })]);
    expect(await stats('provisioning', { from: '2026-12-01', to: '2026-12-31' })).toEqual([]);
  });

  it('counts visit coverage per tier: gold 1 of 2 customers visited (50.00), silver 0 of 1', async () => {
    await expectEventually(async () => {
      const rows = await stats('visits', { groupBy: 'tier' });
      expect(rowOf(rows, 'gold')).toEqual({ group: 'gold', customersKnown: 2, customersVisited: 1, coverageRate: 50, visitsDone: 1, byKind: { routine: 1, first: 0, festival: 0, crisis: 0 } });
      expect(rowOf(rows, 'silver')).toMatchObject({ customersKnown: 1, customersVisited: 0, coverageRate: 0, visitsDone: 0 });
    });
    expect(await stats('visits', { groupBy: 'region', region: '北京' })).toEqual([expect.objectContaining({ group: '北京', customersKnown: 1, customersVisited: 0 })]);
    expect(rowOf(await stats('visits', { groupBy: 'customer', tier: 'gold' }), bank.id)).toMatchObject({ label: AWKWARD_NAME, customersVisited: 1, coverageRate: 100 });
    expect(ministry.id).toBeDefined();
  });

  it('counts inspections done and hidden dangers found and fixed', async () => {
    await expectEventually(async () => {
      expect(await stats('inspections', { groupBy: 'customer', customerId: bank.id })).toEqual([
        { group: bank.id, label: AWKWARD_NAME, inspectionsDone: 2, dangersFound: 2, dangersFixed: 1, fixedRate: 50 },
      ]);
    });
  });

  // The slow complaint's analysis (due 19 November) was still running, breached, when November was counted: a missed limit.
  it('rates complaint compliance per step: sorting 1 of 2, analysis 1 of 2, overall 3 of 5', async () => {
    await expectEventually(async () => {
      const [row] = await stats('complaints', { groupBy: 'region' });
      expect(row).toEqual({
        group: '广东',
        complaints: 2,
        steps: {
          sorting: { settled: 2, met: 1, rate: 50 },
          analysis: { settled: 2, met: 1, rate: 50 },
          handling: { settled: 1, met: 1, rate: 100 },
          plan: { settled: 0, met: 0, rate: null },
        },
        overall: { settled: 5, met: 3, rate: 60 },
      });
    });
  });

  it('keeps its figures when older events arrive late, under new ids (order-safe read models)', async () => {
    const db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      const first = async (schema: string, type: string, key: string, id: string) =>
        (await db.query(`SELECT envelope FROM ${schema}.outbox WHERE type = $1 AND envelope->'data'->>$2 = $3 ORDER BY seq LIMIT 1`, [type, key, id])).rows[0].envelope;
      // The late order as it was created (version 1, nothing delivered), and the fixed danger as it was found.
      const stale = [
        await first('provisioning', 'evt.provisioning.order.changed.v1', 'orderId', orders.late.id),
        await first('visits', 'evt.visits.danger.changed.v1', 'dangerId', (await http().get('/api/v1/dangers').query({ customerId: bank.id, status: 'fixed' }).expect(200)).body.items[0].id),
      ].map((e) => ({ ...e, id: randomUUID() }));
      expect(stale[0].data).toMatchObject({ version: 1, step: 'review' });
      const nc = await connectNats(platform.natsUrl, 'late-replay');
      try {
        for (const e of stale) await jetstream(nc).publish(e.type, JSON.stringify(e), { msgID: e.id });
      } finally {
        await nc.close();
      }
      await expectEventually(async () => expect((await db.query('SELECT 1 FROM reporting.inbox WHERE event_id = ANY($1)', [stale.map((e) => e.id)])).rowCount).toBe(2));
    } finally {
      await db.end();
    }
    expect(rowOf(await stats('provisioning'), bank.id)).toMatchObject({ delivered: 3, onTime: 2, violations: 2 });
    expect(await stats('inspections', { customerId: bank.id })).toEqual([expect.objectContaining({ dangersFound: 2, dangersFixed: 1 })]);
  });

  it('gives byte-identical statistics after the read models are rebuilt from the stream', async () => {
    const read = async () =>
      Promise.all(
        ['provisioning', 'visits', 'inspections', 'complaints', 'faults'].map(async (metric) => (await http().get(`/api/v1/reports/statistics/${metric}`).query({ ...NOVEMBER, groupBy: 'customer' }).expect(200)).text),
      );
    await expectRebuildIdentical(platform, read, ['DELETE FROM order_fact', "UPDATE danger_fact SET status = 'open', fixed_at = NULL"]);
  });

  it('refuses bad periods and groupings, and customer users', async () => {
    const inverted = await http().get('/api/v1/reports/statistics/visits').query({ from: '2026-12-01', to: '2026-11-01' }).expect(422);
    expect(inverted.body).toMatchObject({ code: 'PERIOD_INVALID', errors: [{ field: 'to' }] });
    expect((await http().get('/api/v1/reports/statistics/visits').query({ groupBy: 'serviceType' }).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'groupBy' })]);
    expect((await http().get('/api/v1/reports/statistics/provisioning').query({ groupBy: 'colour' }).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'groupBy' })]);
    const customerUser = await platform.user(['customer_user'], bank.id);
    await customerUser.http().get('/api/v1/reports/statistics/provisioning').query({ customerId: bank.id }).expect(403);
  });

  describe('CSV', () => {
    const csvOf = async (path: string, query: Record<string, string> = {}): Promise<string> => {
      const res = await http().get(path).query(query).set('accept', 'text/csv').buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      }).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      return res.body as string;
    };

    it('answers statistics as CSV: BOM, header from the keys, nested keys dotted, awkward and formula-like cells quoted and neutralised', async () => {
      const csv = await csvOf('/api/v1/reports/statistics/provisioning', { ...NOVEMBER, groupBy: 'customer' });
      expect(csv.startsWith('\uFEFFgroup,label,delivered,onTime,onTimeRate,')).toBe(true);
      expect(csv).toContain(`${bank.id},"某银行, ""广州""\n分行",3,2,66.67,`);
      expect(csv).toContain(`${formula.id},'=1+2,0,0,,`);
      const complaints = await csvOf('/api/v1/reports/statistics/complaints', { ...NOVEMBER, groupBy: 'region' });
      expect(complaints.split('\r\n')[0]).toBe(
        '\uFEFFgroup,complaints,steps.sorting.settled,steps.sorting.met,steps.sorting.rate,steps.analysis.settled,steps.analysis.met,steps.analysis.rate,steps.handling.settled,steps.handling.met,steps.handling.rate,steps.plan.settled,steps.plan.met,steps.plan.rate,overall.settled,overall.met,overall.rate',
      );
      expect(complaints.split('\r\n')[1]).toBe('广东,2,2,1,50,2,1,50,1,1,100,0,0,,5,3,60');
    });

    it('answers the visits and faults lists as CSV, arrays joined with ";"', async () => {
      const visits = await csvOf('/api/v1/visits', { customerId: bank.id });
      expect(visits).toContain(`"'=SUM(1), ""季度""\n走访"`);
      platform.clock.set(bj('2026-11-26T10:00:00'));
      await openFault(http, bank, circuit, { faultAt: platform.clock.now().toISOString(), symptom: '视频会议中断, "LOS"\n+告警' });
      const faults = await csvOf('/api/v1/faults', { customerId: bank.id });
      const [header] = faults.split('\r\n');
      expect(header.startsWith('\uFEFF')).toBe(true);
      expect(header.slice(1).split(',')).toEqual(expect.arrayContaining(['id', 'symptom']));
      expect(faults).toContain(`"视频会议中断, ""LOS""\n+告警"`);
    });

    it('keeps JSON for a single resource unless only CSV is acceptable: then 406', async () => {
      const refused = await http().get(`/api/v1/orders/${orders.onTime.id}`).set('accept', 'text/csv').expect(406);
      expect(refused.body).toMatchObject({ status: 406, code: 'NOT_ACCEPTABLE' });
      const json = await http().get(`/api/v1/orders/${orders.onTime.id}`).set('accept', 'text/csv, application/json;q=0.5').expect(200);
      expect(json.body.id).toBe(orders.onTime.id);
      expect((await http().get('/api/v1/orders').query({ customerId: bank.id }).expect(200)).headers.vary).toMatch(/Accept/);
      // Errors stay problem+json.
      const problem = await http().get('/api/v1/reports/statistics/visits').query({ groupBy: 'serviceType' }).set('accept', 'text/csv').expect(400);
      expect(problem.headers['content-type']).toContain('application/problem+json');
    });
  });
});
