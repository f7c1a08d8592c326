import { QUALITY_SETTINGS_DEFAULTS, REPORTING_SETTINGS_DEFAULTS } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { CircuitFixture, createCircuit, createCustomer, CustomerFixture } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const MIN = 60_000;

describe('quality monitoring: thresholds, statistics and the analysis report section', () => {
  let platform: TestPlatform;
  let a: CustomerFixture;
  let b: CustomerFixture;
  let mstp: CircuitFixture;
  let internet: CircuitFixture;
  let batch = 0;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'quality', 'reporting'] });
    a = await createCustomer(http, { region: '广东' });
    b = await createCustomer(http, { region: '北京' });
    mstp = await createCircuit(http, a, { serviceType: 'mstp', grade: 'AA' });
    internet = await createCircuit(http, b, { serviceType: 'internet', grade: 'B' });
    await expectEventually(async () => {
      for (const c of [mstp, internet]) await http().get(`/api/v1/quality/circuits/${c.id}/trend`).expect(200);
    });
  });

  afterAll(async () => {
    await platform.close();
  });

  const http = () => platform.http();
  const send = async (samples: Json[]) => {
    const reply = (await http().post('/api/v1/quality/samples').send({ source: 'nms', batchId: `s-${++batch}`, samples }).expect(200)).body;
    expect(reply.accepted).toBe(samples.length);
  };
  const at = (minutesAgo: number) => new Date(Math.floor(platform.clock.now().getTime() / (5 * MIN)) * 5 * MIN - minutesAgo * MIN).toISOString();

  it('lets an admin read and change the thresholds against the version read, naming the field of a bad value', async () => {
    const read = (await http().get('/api/v1/quality/thresholds').query({ serviceType: 'mstp', grade: 'AA' }).expect(200)).body;
    expect(read.version).toBe(0);
    expect(read.thresholds.find((t: Json) => t.kpi === 'latencyMs')).toEqual({ serviceType: 'mstp', grade: 'AA', kpi: 'latencyMs', limit: 30, bad: 'above' });
    expect(read.thresholds.every((t: Json) => t.serviceType === 'mstp' && t.grade === 'AA')).toBe(true);
    expect(read.fluctuation).toMatchObject({ consecutiveSamples: 3, baselineDays: 7, baselineFactor: 1.5 });

    const noc = await platform.user(['noc']);
    await noc.http().get('/api/v1/quality/thresholds').expect(200);
    await noc.http().put('/api/v1/quality/thresholds').send({ thresholds: [{ serviceType: 'mstp', grade: 'AA', kpi: 'latencyMs', limit: 25 }] }).expect(403);
    await (await platform.user(['customer_user'], a.id)).http().get('/api/v1/quality/thresholds').expect(403);

    const changed = (
      await http()
        .put('/api/v1/quality/thresholds')
        .send({ expectedVersion: 0, reason: '专线时延收紧', thresholds: [{ serviceType: 'mstp', grade: 'AA', kpi: 'latencyMs', limit: 25 }, { serviceType: 'mstp', grade: 'AA', kpi: 'opticalRxDbm', limit: -22 }] })
        .expect(200)
    ).body;
    expect(changed).toMatchObject({ version: 1, changedBy: 'admin', reason: '专线时延收紧' });
    expect(changed.thresholds.filter((t: Json) => t.serviceType === 'mstp' && t.grade === 'AA' && ['latencyMs', 'opticalRxDbm'].includes(t.kpi))).toEqual([
      { serviceType: 'mstp', grade: 'AA', kpi: 'latencyMs', limit: 25, bad: 'above' },
      { serviceType: 'mstp', grade: 'AA', kpi: 'opticalRxDbm', limit: -22, bad: 'below' },
    ]);
    // Another change made against the old version is refused.
    const stale = await http()
      .put('/api/v1/quality/thresholds')
      .send({ expectedVersion: 0, thresholds: [{ serviceType: 'mstp', grade: 'AA', kpi: 'latencyMs', limit: 40 }] })
      .expect(412);
    expect(stale.body.code).toBe('STALE_VERSION');
    const range = await http()
      .put('/api/v1/quality/thresholds')
      .send({ thresholds: [{ serviceType: 'mstp', grade: 'AA', kpi: 'latencyMs', limit: 70000 }] })
      .expect(400);
    expect(range.body.errors).toEqual([{ field: 'thresholds.0.limit', reason: 'a latencyMs limit must be from 0 to 60000' }]);
    const twice = await http()
      .put('/api/v1/quality/thresholds')
      .send({ thresholds: [{ serviceType: 'sdh', grade: 'A', kpi: 'jitterMs', limit: 5 }, { serviceType: 'sdh', grade: 'A', kpi: 'jitterMs', limit: 6 }] })
      .expect(400);
    expect(twice.body.errors).toEqual([{ field: 'thresholds.1', reason: 'sdh/A/jitterMs is changed twice' }]);
    const unknown = await http()
      .put('/api/v1/quality/thresholds')
      .send({ thresholds: [{ serviceType: 'mstp', grade: 'AA', kpi: 'temperature', limit: 1 }] })
      .expect(400);
    expect(unknown.body.errors.map((e: Json) => e.field)).toEqual(['thresholds.0.kpi']);
    await http().put('/api/v1/quality/thresholds').send({ thresholds: [] }).expect(400);
    expect((await http().get('/api/v1/quality/thresholds').expect(200)).body.version).toBe(1);

    // The new limit applies from the next batch: 26, 27, 28 ms are over 25 (not over the installed 30).
    for (const [i, latencyMs] of [26, 27, 28].entries()) await send([{ circuitCode: mstp.code, at: at(30 - 5 * i), latencyMs }]);
    const warnings = (await http().get('/api/v1/quality/warnings').query({ circuitId: mstp.id }).expect(200)).body.items;
    expect(warnings.map((w: Json) => [w.kpi, w.limit])).toEqual([['latencyMs', 25]]);

    // The fluctuation rule's parameters are the quality settings, shown beside the thresholds.
    const settings = (await http().get('/api/v1/settings/quality').expect(200)).body;
    await http().put('/api/v1/settings/quality').send({ consecutiveSamples: 4, expectedVersion: settings.version }).expect(200);
    expect((await http().get('/api/v1/quality/thresholds').expect(200)).body.fluctuation).toMatchObject({ consecutiveSamples: 4, settingsVersion: settings.version + 1 });
    await http().put('/api/v1/settings/quality').send({ consecutiveSamples: 3 }).expect(200);
  });

  it('gives availability and KPI statistics by customer, service type, region and circuit over a period, and a customer its own only', async () => {
    await send([
      { circuitCode: mstp.code, at: at(15), latencyMs: 10, severelyErroredSeconds: 3, erroredSeconds: 5, packetLossPct: 0.1 },
      { circuitCode: internet.code, at: at(25), latencyMs: 50, utilInPct: 40 },
      { circuitCode: internet.code, at: at(20), latencyMs: 70, utilInPct: 60 },
    ]);
    const period = { from: new Date(platform.clock.now().getTime() - 24 * 60 * MIN).toISOString(), to: new Date(platform.clock.now().getTime() + 60 * MIN).toISOString() };
    const stats = async (query: Json, as = http) => (await as().get('/api/v1/quality/statistics').query({ ...period, ...query }).expect(200)).body;

    const byCustomer = await stats({ groupBy: 'customer' });
    expect(byCustomer.items.map((r: Json) => r.key).sort()).toEqual([a.id, b.id].sort());
    const rowA = byCustomer.items.find((r: Json) => r.key === a.id);
    // Customer A: latency 26, 27, 28 and 10; one sample of 3 severely errored seconds in 300.
    expect(rowA).toMatchObject({ label: a.name, circuits: 1, availabilityPct: 99 });
    expect(rowA.kpis.latencyMs).toMatchObject({ samples: 4, avg: 22.75, min: 10, max: 28 });
    expect(rowA.kpis.latencyMs.p95).toBeGreaterThanOrEqual(rowA.kpis.latencyMs.p50);
    const rowB = byCustomer.items.find((r: Json) => r.key === b.id);
    expect(rowB).not.toHaveProperty('availabilityPct');
    expect(rowB.kpis).toMatchObject({ latencyMs: { samples: 2, avg: 60, min: 50, max: 70 }, utilInPct: { samples: 2, avg: 50 } });

    expect((await stats({ groupBy: 'serviceType' })).items.map((r: Json) => [r.key, r.circuits])).toEqual([
      ['internet', 1],
      ['mstp', 1],
    ]);
    expect((await stats({ groupBy: 'region', region: '广东' })).items.map((r: Json) => [r.key, r.kpis.latencyMs.avg])).toEqual([['广东', 22.75]]);
    expect((await stats({ groupBy: 'circuit', serviceType: 'internet' })).items.map((r: Json) => [r.key, r.label])).toEqual([[internet.id, internet.code]]);
    const paged = await stats({ groupBy: 'customer', limit: 1, count: 'exact' });
    expect(paged).toMatchObject({ limit: 1, offset: 0, hasMore: true, total: 2 });

    const own = await platform.user(['customer_user'], b.id);
    for (const query of [{ groupBy: 'customer' }, { groupBy: 'customer', customerId: a.id }]) expect((await stats(query, own.http)).items.map((r: Json) => r.key)).toEqual([b.id]);

    // The period runs forward and is at most the setting statisticsMaxDays (366 days).
    expect(QUALITY_SETTINGS_DEFAULTS.statisticsMaxDays).toBe(366);
    const long = await http()
      .get('/api/v1/quality/statistics')
      .query({ groupBy: 'customer', from: '2025-01-01T00:00:00Z', to: '2026-01-03T00:00:00Z' })
      .expect(400);
    expect(long.body.errors).toEqual([{ field: 'to', reason: 'the period is at most 366 days (setting statisticsMaxDays)' }]);
    await http().get('/api/v1/quality/statistics').query({ groupBy: 'customer', from: period.to, to: period.from }).expect(400);
    await http().get('/api/v1/quality/statistics').query({ groupBy: 'country', ...period }).expect(400);
  });

  it("holds the availability and KPI section in the customer's network operation analysis report, asked of quality when built", async () => {
    expect(REPORTING_SETTINGS_DEFAULTS).toMatchObject({ analysisQualityTimeoutMs: 5000, analysisQualityCircuits: 200 });
    // The report's period is in Beijing dates: the day the samples were taken on.
    const day = (iso: string) => new Date(new Date(iso).getTime() + 8 * 60 * MIN).toISOString().slice(0, 10);
    const from = day(at(40));
    const to = day(at(0));
    let report: Json = {};
    await expectEventually(async () => {
      report = (await http().get(`/api/v1/reports/analysis/${a.id}`).query({ from, to }).expect(200)).body;
    });
    expect(report.quality).toMatchObject({ available: true, circuitsTruncated: false, summary: { key: a.id, availabilityPct: 99 } });
    expect(report.quality.circuits.map((c: Json) => [c.key, c.label, c.kpis.latencyMs.samples])).toEqual([[mstp.id, mstp.code, 4]]);
    const html = (await http().get(`/api/v1/reports/analysis/${a.id}`).query({ from, to }).set('Accept', 'text/html').expect(200)).text;
    expect(html).toContain('性能监测');
    expect(html).toContain('99.000%');

    // Without quality monitoring the report is still made, the section saying why.
    await platform.stopService('quality');
    const without = (await http().get(`/api/v1/reports/analysis/${a.id}`).query({ from, to }).expect(200)).body;
    expect(without.quality).toMatchObject({ available: false, reason: expect.stringContaining('quality'), circuits: [] });
  });
});
