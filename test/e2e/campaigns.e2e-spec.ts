import { createCircuit, createCustomer } from '../support/factories';
import { expectEventually } from '../support/eventually';
import { startPlatform, TestPlatform } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const LEASED_LINE = 'c0ec1157-0000-4000-8000-000000000002';
const lineResults = Object.entries({ optical_rx_power: -12.5, optical_attenuation: 8, equipment_alarms_none: true, labels_complete: true, protection_route_available: true }).map(([key, value]) => ({ key, value }));

/** Special service campaigns (§3, cases 27–32): a scope chosen by filters generates visits and inspections, followed to completion. */
describe('special service campaigns', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'visits'] });
  });

  afterAll(async () => {
    await platform.close();
  });

  const http = () => platform.http();

  it('generates a visit and an inspection per customer in scope, and completes when every piece is done', async () => {
    const region = `粤${Date.now()}`;
    const inScope = await createCustomer(http, { tier: 'gold', region, customerEngineer: '赵工' });
    const otherTier = await createCustomer(http, { tier: 'silver', region });
    const otherService = await createCustomer(http, { tier: 'gold', region });
    const mstp = await createCircuit(http, inScope, { serviceType: 'mstp' });
    await createCircuit(http, inScope, { serviceType: 'internet' });
    await createCircuit(http, otherTier, { serviceType: 'mstp' });
    await createCircuit(http, otherService, { serviceType: 'internet' });
    const body = {
      kind: 'risk-screening',
      title: '汛期网络隐患排查',
      trigger: '气象台暴雨预警',
      owner: '钱经理',
      scope: { tiers: ['gold'], regions: [region], serviceTypes: ['mstp'] },
      visits: { kind: 'routine', plannedDate: '2026-11-20' },
      inspections: { checklistId: LEASED_LINE, plannedDate: '2026-11-21' },
    };
    let campaign: Json = {};
    await expectEventually(async () => {
      const res = await http().post('/api/v1/campaigns').send(body);
      expect(res.status).toBe(201);
      expect(res.body.circuits).toBe(1);
      campaign = res.body;
    });
    expect(campaign).toMatchObject({ status: 'open', customers: 1, circuits: 1, createdBy: 'admin', progress: { total: 2, done: 0, cancelled: 0, percent: 0 } });
    expect(campaign.items).toEqual([
      expect.objectContaining({ kind: 'inspection', customerId: inScope.id, customerName: inScope.name, circuitCodes: [mstp.code], owner: '赵工', status: 'open' }),
      expect.objectContaining({ kind: 'visit', customerId: inScope.id, owner: '赵工', status: 'open' }),
    ]);
    const visits = (await http().get('/api/v1/visits').query({ campaignId: campaign.id }).expect(200)).body.items;
    expect(visits).toEqual([expect.objectContaining({ customerId: inScope.id, kind: 'routine', plannedDate: '2026-11-20', campaignId: campaign.id, purpose: `${campaign.number} 汛期网络隐患排查` })]);
    const inspections = (await http().get('/api/v1/inspections').query({ campaignId: campaign.id }).expect(200)).body.items;
    expect(inspections).toEqual([expect.objectContaining({ customerId: inScope.id, origin: 'campaign', circuitIds: [mstp.id], plannedDate: '2026-11-21' })]);

    await http().post(`/api/v1/visits/${visits[0].id}/record`).send({ met: ['李总'], topics: ['汛期保障'], satisfaction: 5 }).expect(200);
    await expectEventually(async () => {
      const now = (await http().get(`/api/v1/campaigns/${campaign.id}`).expect(200)).body;
      expect(now.progress).toEqual({ total: 2, done: 1, cancelled: 0, percent: 50, byKind: { visit: { total: 1, done: 1, cancelled: 0 }, inspection: { total: 1, done: 0, cancelled: 0 } } });
    });
    await http().post(`/api/v1/inspections/${inspections[0].id}/results`).send({ results: lineResults }).expect(200);
    await expectEventually(async () => {
      const now = (await http().get(`/api/v1/campaigns/${campaign.id}`).expect(200)).body;
      expect(now).toMatchObject({ status: 'completed', completedAt: expect.any(String), progress: { done: 2, percent: 100 } });
    });
    const listed = (await http().get('/api/v1/campaigns').query({ customerId: inScope.id }).expect(200)).body.items;
    expect(listed.map((c: Json) => c.id)).toEqual([campaign.id]);
    expect((await http().get('/api/v1/campaigns').query({ customerId: otherTier.id }).expect(200)).body.items).toEqual([]);
    const history = (await http().get(`/api/v1/customers/${inScope.id}/service-history`).expect(200)).body.items;
    expect(history.map((h: Json) => h.kind).sort()).toEqual(['campaign', 'inspection', 'visit']);
  });

  it('refuses a campaign that generates nothing, an empty scope and bad filters, naming the field; customers see none of it', async () => {
    const base = { kind: 'competition', title: '竞争应对', owner: '钱经理', visits: { kind: 'routine', plannedDate: '2026-11-20' } };
    const none = await http().post('/api/v1/campaigns').send({ ...base, visits: undefined, scope: {} }).expect(400);
    expect(none.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'visits' }] });
    const empty = await http().post('/api/v1/campaigns').send({ ...base, scope: { regions: ['无此地区'] } }).expect(422);
    expect(empty.body).toMatchObject({ code: 'CAMPAIGN_SCOPE_EMPTY', errors: [{ field: 'scope' }] });
    const badTier = await http().post('/api/v1/campaigns').send({ ...base, scope: { tiers: ['platinum'] } }).expect(400);
    expect(badTier.body.errors.map((e: Json) => e.field)).toEqual(['scope.tiers']);
    const customer = await createCustomer(http);
    const user = await platform.user(['customer_user'], customer.id);
    await user.http().get('/api/v1/campaigns').expect(403);
    await user.http().post('/api/v1/campaigns').send({ ...base, scope: {} }).expect(403);
  });

  it('cancels an open campaign once', async () => {
    const customer = await createCustomer(http, { tier: 'diamond' });
    let campaign: Json = {};
    await expectEventually(async () => {
      const res = await http().post('/api/v1/campaigns').send({ kind: 'customer-demand', title: '客户要求的专项巡检', owner: '钱经理', scope: { customerIds: [customer.id] }, visits: { kind: 'routine', plannedDate: '2026-11-25' } });
      expect(res.status).toBe(201);
      campaign = res.body;
    });
    const cancelled = (await http().post(`/api/v1/campaigns/${campaign.id}/cancel`).send({ reason: '客户取消' }).expect(200)).body;
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '客户取消' });
    await http().post(`/api/v1/campaigns/${campaign.id}/cancel`).send({ reason: '再次' }).expect(409);
  });
});
