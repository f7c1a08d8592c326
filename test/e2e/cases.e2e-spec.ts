import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { MIN } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { createCircuit, createCustomer, openFault } from '../support/factories';
import { startPlatform, TestPlatform, TestUser } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The case library (issue 16, seed 000) through the gateway: seed loading, search, suggestions, write-ups. */
describe('case library', () => {
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
  const numbers = (page: Json) => page.items.map((c: Json) => c.number);
  const search = async (q: string, extra = '') => (await http().get(`/api/v1/cases?q=${encodeURIComponent(q)}&limit=10${extra}`).expect(200)).body;

  it('loads seed 000 as 44 published, imported cases; a second load changes nothing', async () => {
    const first = (await http().post('/api/v1/cases/imports/seed-000').send({}).expect(200)).body;
    expect(first).toEqual({ cases: 44, created: 44, withBody: 6 });
    const page = (await http().get('/api/v1/cases?status=published&count=exact&limit=200&sort=number').expect(200)).body;
    expect(page.total).toBe(44);
    expect(numbers(page)).toEqual(Array.from({ length: 44 }, (_, i) => i + 1));
    expect(page.items.every((c: Json) => c.imported && c.status === 'published' && c.version === 1)).toBe(true);
    expect(page.items[3]).toMatchObject({ number: 4, title: '电信原因引发大面积电路故障', chapter: '响应重大故障', industry: 'finance', category: 'fault_handling' });
    expect(page.items[3].whatHappened).toContain('局端传输设备软件BUG');
    expect(page.items[43]).toMatchObject({ number: 44, chapter: '遵循内部管理制度要求和规定', whatHappened: '' });

    expect((await http().post('/api/v1/cases/imports/seed-000').send({}).expect(200)).body).toEqual({ cases: 44, created: 0, withBody: 6 });
    const again = (await http().get('/api/v1/cases?count=exact&limit=200&sort=number').expect(200)).body;
    expect(again.total).toBe(44);
    expect(again.items).toEqual(page.items);
    expect((await http().get(`/api/v1/cases/${page.items[0].id}/versions`).expect(200)).body.versions).toHaveLength(1);

    // `npm run cases:seed` (built in dist/ by the test run) on the same installation: nothing more.
    const out = execFileSync(process.execPath, [join(__dirname, '../../dist/tools/cases-seed.js')], {
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: platform.databaseUrl, NATS_URL: platform.natsUrl, LOG_LEVEL: 'error' },
    }).toString();
    expect(out).toContain('[cases:seed] seed 000: 44 cases, 0 loaded now (44 already there), 6 with a body');
    expect((await http().get('/api/v1/cases?count=exact&limit=1').expect(200)).body.total).toBe(44);
  });

  it('finds the seed cases about cutovers, video conferences and the call centre first (Chinese bigrams)', async () => {
    // 11 割接协调服务: cases 33–35.
    expect(numbers(await search('割接')).slice(0, 3).sort()).toEqual([33, 34, 35]);
    // 12 重要时期通信保障: cases 37–40 are about video conferences; case 5 (视频业务) and 3 (会议交流) only share a word.
    const video = await search('视频会议');
    expect(numbers(video).slice(0, 4).sort()).toEqual([37, 38, 39, 40]);
    expect(numbers(video)).not.toContain(5);
    // Case 3: the 12333 call centre (呼叫中心) that failed during a leaders' inspection.
    expect(numbers(await search('呼叫中心'))[0]).toBe(3);
    expect(numbers(await search('大面积电路中断'))[0]).toBe(4);
  });

  it('takes the search coverage from the reporting settings', async () => {
    expect((await http().get('/api/v1/settings/reporting').expect(200)).body).toMatchObject({ service: 'reporting', version: 0, values: { caseSearchMinCoveragePercent: 50 } });
    // 视频会议故障: 39 (视频会议期间故障处理) holds 4 of its 5 bigrams, 37, 38 and 40 hold 3.
    expect(numbers(await search('视频会议故障'))).toEqual([39, 37, 38, 40]);
    await http().put('/api/v1/settings/reporting').send({ caseSearchMinCoveragePercent: 70, reason: '只要高度匹配' }).expect(200);
    expect(numbers(await search('视频会议故障'))).toEqual([39]);
    await http().put('/api/v1/settings/reporting').send({ caseSearchMinCoveragePercent: 101 }).expect(400);
    await http().put('/api/v1/settings/reporting').send({ caseSearchMinCoveragePercent: 50 }).expect(200);
    expect(numbers(await search('视频会议故障'))).toEqual([39, 37, 38, 40]);
  });

  it('filters by category, industry and cause, pages, and searches English words', async () => {
    const cutovers = (await http().get('/api/v1/cases?category=cutover&count=exact&sort=number').expect(200)).body;
    expect(numbers(cutovers)).toEqual([33, 34, 35]);
    expect(numbers(await search('割接', '&industry=finance'))).toEqual([34]);
    const first = (await http().get('/api/v1/cases?q=%E8%A7%86%E9%A2%91%E4%BC%9A%E8%AE%AE&limit=2&count=exact').expect(200)).body;
    const second = (await http().get('/api/v1/cases?q=%E8%A7%86%E9%A2%91%E4%BC%9A%E8%AE%AE&limit=2&offset=2').expect(200)).body;
    expect(first).toMatchObject({ hasMore: true, total: 4 });
    expect([...numbers(first), ...numbers(second)].sort()).toEqual([37, 38, 39, 40]);
    expect(second.hasMore).toBe(false);

    const english = (
      await noc
        .http()
        .post('/api/v1/cases')
        .send({ title: 'Backbone fiber cut during a storm', category: 'fault_handling', serviceType: 'sdh', causeCategory: 'operator_fiber', symptoms: 'LOS alarms on both SDH rings' })
        .expect(201)
    ).body;
    expect(english).toMatchObject({ status: 'draft', version: 1, createdBy: noc.username });
    const full = {
      title: '全字段',
      category: 'security',
      chapter: '安全',
      industry: 'government',
      serviceType: 'internet',
      segment: 'backbone',
      causeCategory: 'third_party',
      symptoms: 'x',
      whatHappened: 'y',
      handling: 'z',
      lesson: 'w',
      tags: ['a', 'b'],
      links: [{ kind: 'order', id: english.id }],
      keepIdentity: true,
    };
    const res = await noc.http().post('/api/v1/cases').send(full);
    expect(res.body).toMatchObject(full);
    await noc.http().post('/api/v1/cases').send({ category: 'security' }).expect(400);
    await noc.http().post('/api/v1/cases').send({ ...full, links: [[{ kind: 'order', id: english.id }]] }).expect(400);
    expect((await noc.http().patch(`/api/v1/cases/${english.id}`).send({ title: null, serviceType: null }).expect(200)).body).toMatchObject({ title: english.title, serviceType: 'sdh', version: 2 });
    expect((await search('fiber cuts')).items[0].id).toBe(english.id);
    expect((await search('sdh', '&causeCategory=operator_fiber')).items.map((c: Json) => c.id)).toEqual([english.id]);
    expect((await search('sdh', '&serviceType=mstp')).items).toEqual([]);
  });

  it('goes draft → reviewed → published by a customer engineer, every change a version; customers have no access', async () => {
    const draft = (await noc.http().post('/api/v1/cases').send({ title: '光缆被挖断', category: 'fault_handling', symptoms: '两条电路同时中断' }).expect(201)).body;
    await noc.http().post(`/api/v1/cases/${draft.id}/review`).send({}).expect(403);
    await engineer.http().post(`/api/v1/cases/${draft.id}/publish`).send({}).expect(409);
    expect((await engineer.http().post(`/api/v1/cases/${draft.id}/review`).send({}).expect(200)).body).toMatchObject({ status: 'reviewed', reviewedBy: engineer.username });
    expect((await engineer.http().post(`/api/v1/cases/${draft.id}/publish`).send({}).expect(200)).body).toMatchObject({ status: 'published', publishedBy: engineer.username, version: 3 });
    const edited = (await noc.http().patch(`/api/v1/cases/${draft.id}`).send({ lesson: '施工区域提前巡线' }).expect(200)).body;
    expect(edited).toMatchObject({ status: 'draft', version: 4, lesson: '施工区域提前巡线', title: '光缆被挖断' });
    const versions = (await http().get(`/api/v1/cases/${draft.id}/versions`).expect(200)).body.versions;
    expect(versions.map((v: Json) => [v.n, v.action, v.status, v.by])).toEqual([
      [1, 'create', 'draft', noc.username],
      [2, 'review', 'reviewed', engineer.username],
      [3, 'publish', 'published', engineer.username],
      [4, 'edit', 'draft', noc.username],
    ]);
    expect(versions[2].snapshot).toMatchObject({ lesson: '', status: 'published' });

    const customer = await createCustomer(http);
    const user = await platform.user(['customer_user'], customer.id);
    await user.http().get('/api/v1/cases').expect(403);
    await user.http().get(`/api/v1/cases/${draft.id}`).expect(403);
    await user.http().get('/api/v1/cases/suggestions?symptom=%E4%B8%AD%E6%96%AD').expect(403);
    await http().get('/api/v1/cases/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('suggests seed case 4 for a ticket like it, at intake and on the ticket, says why, and keeps the NOC feedback', async () => {
    const symptom = '局端传输设备软件故障，银行多条电路大面积中断';
    const intake = (await http().get(`/api/v1/cases/suggestions?symptom=${encodeURIComponent(symptom)}&serviceType=sdh`).expect(200)).body;
    expect(intake.items.slice(0, 3).map((s: Json) => s.case.number)).toContain(4);

    const customer = await createCustomer(http, { industry: 'finance' });
    const circuit = await createCircuit(http, customer, { serviceType: 'sdh' });
    const ticket = await openFault(http, customer, circuit, { symptom });
    let suggestions: Json = {};
    await expectEventually(async () => {
      suggestions = (await noc.http().get(`/api/v1/cases/suggestions?ticketId=${ticket.id}`).expect(200)).body;
      expect(suggestions.items.length).toBeGreaterThan(0);
    });
    const top3 = suggestions.items.slice(0, 3);
    const four = top3.find((s: Json) => s.case.number === 4);
    expect(four).toBeDefined();
    expect(four.why.matchedTerms).toEqual(expect.arrayContaining(['传输', '银行', '大面']));
    expect(four.why).toMatchObject({ sameServiceType: false, sameCause: false, helpful: 0, notHelpful: 0 });

    expect((await noc.http().post('/api/v1/cases/suggestions/feedback').send({ caseId: four.case.id, ticketId: ticket.id, helpful: true }).expect(200)).body).toEqual({
      caseId: four.case.id,
      helpful: 1,
      notHelpful: 0,
    });
    // Marking again is one mark per user and ticket, changed.
    await noc.http().post('/api/v1/cases/suggestions/feedback').send({ caseId: four.case.id, ticketId: ticket.id, helpful: true }).expect(200);
    const after = (await noc.http().get(`/api/v1/cases/suggestions?ticketId=${ticket.id}`).expect(200)).body;
    const fourAfter = after.items.find((s: Json) => s.case.number === 4);
    expect(fourAfter.why.helpful).toBe(1);
    expect(fourAfter.score).toBeGreaterThan(four.score);
    await http().get('/api/v1/cases/suggestions').expect(400);
    await http().get('/api/v1/cases/suggestions?ticketId=00000000-0000-4000-8000-000000000000').expect(404);
  });

  it("writes up a closed ticket: cause, timeline summary and measures carried; the customer's name not in the published case", async () => {
    const customer = await createCustomer(http, { name: '广发银行佛山分行', tier: 'gold', industry: 'finance', contacts: [{ name: '王工', role: '网络管理员', phone: '13900139000' }] });
    const circuit = await createCircuit(http, customer, { code: `${customer.code}-SDH-01`, zEnd: { address: '佛山市某数据中心', city: '佛山', province: '广东' } });
    const t0 = new Date('2026-11-05T02:00:00Z');
    platform.clock.set(t0);
    const at = (m: number) => platform.clock.set(new Date(t0.getTime() + m * MIN));
    const fault = (path: string, body: object) => http().post(`/api/v1/faults/${ticket.id}${path}`).send(body).expect(200);
    const ticket = await openFault(http, customer, circuit, {
      symptom: `广发银行佛山分行电路 ${circuit.code} 中断，光端机LOS告警，报障人陈晓明`,
      reporterName: '陈晓明',
      faultAt: new Date(t0.getTime() - 2 * MIN).toISOString(),
    });

    await expectEventually(async () => {
      await http().get(`/api/v1/reports/faults/${ticket.id}`).expect(200);
    });
    await noc.http().post(`/api/v1/cases/from-ticket/${ticket.id}`).send({}).expect(409);

    at(3);
    const dispatched = (await fault('/dispatch', { legs: [{ unit: '广州本地网', segment: 'a_access' }, { unit: '佛山本地网', segment: 'z_access' }] })).body;
    at(4);
    for (const leg of dispatched.legs) await fault(`/legs/${leg.id}/accept`, {});
    at(45);
    await fault('/restore', {});
    at(50);
    await fault('/repair', {});
    at(55);
    await fault('/close', { causeCategory: 'operator_equipment', causeSegment: 'z_access', causeDescription: '佛山局端光端机板卡故障（广发银行佛山分行专用）', customerConfirmedBy: '客户网管' });
    await expectEventually(async () => {
      expect((await http().get(`/api/v1/reports/faults/${ticket.id}`).expect(200)).body.ticketStatus).toBe('closed');
    });
    await noc
      .http()
      .post(`/api/v1/reports/faults/${ticket.id}/versions`)
      .send({ kind: 'preliminary', measures: '更换佛山局端光端机板卡', preventiveMeasures: '排查同批次板卡', stated: {} })
      .expect(409);
    await noc
      .http()
      .post(`/api/v1/reports/faults/${ticket.id}/versions`)
      .send({ kind: 'final', measures: '更换佛山局端光端机板卡，现场联系人王工 139-0013-9000', preventiveMeasures: '排查同批次板卡', summary: '故障已恢复', stated: {} })
      .expect(201);

    const draft = (await noc.http().post(`/api/v1/cases/from-ticket/${ticket.id}`).send({}).expect(201)).body;
    expect(draft).toMatchObject({ status: 'draft', category: 'fault_handling', causeCategory: 'operator_equipment', segment: 'z_access', serviceType: 'mstp', keepIdentity: false, links: [{ kind: 'ticket', id: ticket.id }] });
    expect(draft.whatHappened).toContain('故障原因: 佛山局端光端机板卡故障');
    expect(draft.whatHappened).toContain('历时 47 分钟恢复业务');
    expect(draft.whatHappened).toMatch(/dispatch → dispatched/);
    expect(draft.whatHappened).toMatch(/close → closed/);
    expect(draft.handling).toContain('处理措施: 更换佛山局端光端机板卡');
    expect(draft.lesson).toBe('预防措施: 排查同批次板卡');

    await engineer.http().post(`/api/v1/cases/${draft.id}/review`).send({}).expect(200);
    const published = (await engineer.http().post(`/api/v1/cases/${draft.id}/publish`).send({}).expect(200)).body;
    const text = JSON.stringify(published);
    expect(text).not.toContain('广发银行佛山分行');
    expect(text).not.toContain(customer.code);
    expect(published.symptoms).toBe('某客户电路 某电路 中断，光端机LOS告警，报障人某联系人');
    expect(published.whatHappened).toContain('佛山局端光端机板卡故障（某客户专用）');
    // Personal data goes too: the contact's mobile in the measures.
    expect(text).not.toContain('139-0013-9000');
    // And people by name: the customer's contact named in the measures, the reporter in the symptom.
    expect(published.handling).toContain('现场联系人某联系人 某电话');
    expect(text).not.toContain('王工');
    expect(text).not.toContain('陈晓明');

    const kept = (await noc.http().post(`/api/v1/cases/from-ticket/${ticket.id}`).send({ keepIdentity: true }).expect(201)).body;
    expect(kept.symptoms).toContain('广发银行佛山分行');
  });
});
