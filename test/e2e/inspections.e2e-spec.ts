import { jetstream } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { connectNats, HOUR } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { CircuitFixture, createCircuit, createCustomer, CustomerFixture } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const bj = (local: string) => new Date(`${local}+08:00`);
const iso = (local: string) => bj(local).toISOString();

const SITE = 'c0ec1157-0000-4000-8000-000000000001';
const LEASED_LINE = 'c0ec1157-0000-4000-8000-000000000002';

/** A leased-line inspection's results: all normal unless overridden. */
const lineResults = (overrides: Record<string, unknown> = {}) =>
  Object.entries({ optical_rx_power: -12.5, optical_attenuation: 8, equipment_alarms_none: true, labels_complete: true, protection_route_available: true, ...overrides }).map(
    ([key, value]) => ({ key, value }),
  );

/** Inspections and hidden dangers through the gateway, on the injected clock: templates, judging, rectification clocks. */
describe('inspections and hidden dangers', () => {
  let platform: TestPlatform;
  let customer: CustomerFixture;
  let circuit: CircuitFixture;
  let other: CustomerFixture;
  let otherCircuit: CircuitFixture;

  const http = () => platform.http();
  const danger = async (id: string): Promise<Json> => (await http().get(`/api/v1/dangers/${id}`).expect(200)).body;

  async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
    const db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      return (await db.query(query, params)).rows as T[];
    } finally {
      await db.end();
    }
  }

  const dangerEvents = async (dangerId: string, action: string) =>
    (
      await sql<{ n: number }>(`SELECT count(*)::int AS n FROM visits.outbox WHERE type = 'evt.visits.danger.changed.v1' AND envelope->'data'->>'dangerId' = $1 AND envelope->'data'->>'action' = $2`, [
        dangerId,
        action,
      ])
    )[0].n;

  async function inspect(spec: Json, results: Json[], occurredAt?: string): Promise<Json> {
    const planned = (await http().post('/api/v1/inspections').send({ origin: 'routine', owner: '李工', plannedDate: '2026-11-06', ...spec }).expect(201)).body;
    return (await http().post(`/api/v1/inspections/${planned.id}/results`).send({ results, ...(occurredAt ? { occurredAt } : {}) }).expect(200)).body;
  }

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'visits'], serviceEnv: { DEADLINE_POLL_MS: '100' } });
    customer = await createCustomer(http);
    circuit = await createCircuit(http, customer);
    other = await createCustomer(http);
    otherCircuit = await createCircuit(http, other);
    // Visits learns of customers and circuits from provisioning's events.
    await expectEventually(async () => {
      expect((await sql(`SELECT 1 FROM visits.known_circuit WHERE id = ANY($1)`, [[circuit.id, otherCircuit.id]])).length).toBe(2);
    });
  });

  afterAll(async () => {
    await platform.close();
  });

  it('lists the shipped templates: a customer site and a leased line', async () => {
    const page = (await http().get('/api/v1/checklists').query({ count: 'exact' }).expect(200)).body;
    const shipped = Object.fromEntries(page.items.map((c: Json) => [c.id, c]));
    expect(shipped[SITE]).toMatchObject({ name: '机房/客户端站点巡检', target: 'site', version: 1 });
    expect(shipped[SITE].items.map((i: Json) => i.key)).toEqual([
      'equipment_temperature_alarm',
      'dust_filters_clean',
      'labels_complete',
      'power_supply_normal',
      'backup_power_tested',
      'room_temperature',
    ]);
    expect(shipped[SITE].items[5]).toEqual({ key: 'room_temperature', label: '机房环境温度', kind: 'range', min: 10, max: 35, unit: '℃' });
    expect(shipped[LEASED_LINE]).toMatchObject({ name: '专线巡检', target: 'circuit' });
    expect(shipped[LEASED_LINE].items[0]).toEqual({ key: 'optical_rx_power', label: '光接收功率', kind: 'range', min: -25, max: -8, unit: 'dBm' });
    expect((await http().get('/api/v1/checklists').query({ target: 'circuit' }).expect(200)).body.items.map((c: Json) => c.id)).toContain(LEASED_LINE);
    // Staff read them; only an administrator writes them; a customer's user reads neither.
    const engineer = await platform.user(['customer_engineer']);
    await engineer.http().get(`/api/v1/checklists/${SITE}`).expect(200);
    await engineer.http().post('/api/v1/checklists').send({ name: 'x', target: 'site', items: [{ key: 'a', label: '甲', kind: 'yesno', expectedYes: true }] }).expect(403);
    const user = await platform.user(['customer_user'], customer.id);
    await user.http().get('/api/v1/checklists').expect(403);
  });

  it('refuses a bad template naming the field, and versions a changed one while inspections keep theirs', async () => {
    const item = { key: 'rx', label: '光功率', kind: 'range', min: -25, max: -8, unit: 'dBm' };
    const dup = await http().post('/api/v1/checklists').send({ name: '重复', target: 'circuit', items: [item, { ...item, label: '又一个' }] }).expect(400);
    expect(dup.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'items[1].key' }] });
    const inverted = await http().post('/api/v1/checklists').send({ name: '反了', target: 'circuit', items: [{ ...item, min: -8, max: -25 }] }).expect(400);
    expect(inverted.body.errors).toEqual([{ field: 'items[0].max', reason: 'must be greater than min (-8)' }]);
    const noAnswer = await http().post('/api/v1/checklists').send({ name: '无答案', target: 'site', items: [{ key: 'a', label: '甲', kind: 'yesno' }] }).expect(400);
    expect(noAnswer.body.errors).toEqual([expect.objectContaining({ field: 'items[0].expectedYes' })]);
    const badKind = await http().post('/api/v1/checklists').send({ name: '坏', target: 'site', items: [{ key: 'a', label: '甲', kind: 'maybe' }] }).expect(400);
    expect(badKind.body.errors.map((e: Json) => e.field)).toEqual(['items.0.kind']);
    await http().post('/api/v1/checklists').send({ name: '坏', target: 'room', items: [] }).expect(400);

    const created = (await http().post('/api/v1/checklists').send({ name: '光功率抽查', target: 'circuit', items: [item] }).expect(201)).body;
    expect(created).toMatchObject({ version: 1, updatedBy: 'admin', items: [item] });
    const planned = (await http().post('/api/v1/inspections').send({ customerId: customer.id, checklistId: created.id, origin: 'warning', originRef: 'W-1', owner: '李工', plannedDate: '2026-11-09' }).expect(201)).body;
    const changed = (await http().put(`/api/v1/checklists/${created.id}`).send({ name: '光功率抽查', target: 'circuit', items: [{ ...item, min: -20 }] }).expect(200)).body;
    expect(changed.version).toBe(2);
    const told = await sql<{ envelope: Json }>(`SELECT envelope FROM visits.outbox WHERE type = 'evt.visits.checklist.changed.v1' AND envelope->>'subjectId' = $1 ORDER BY seq`, [created.id]);
    expect(told.map((e) => [e.envelope.data.action, e.envelope.data.version])).toEqual([
      ['created', 1],
      ['changed', 2],
    ]);
    const kept = (await http().get(`/api/v1/inspections/${planned.id}`).expect(200)).body;
    expect(kept).toMatchObject({ checklistVersion: 1, items: [item], status: 'planned' });
    // Judged against the version it was planned with: -22 is normal in version 1.
    const done = (await http().post(`/api/v1/inspections/${planned.id}/results`).send({ results: [{ key: 'rx', value: -22 }] }).expect(200)).body;
    expect(done).toMatchObject({ status: 'done', normalCount: 1, abnormalCount: 0, dangerIds: [] });
  });

  it('refuses unknown customers and circuits, and results that do not match the checklist, naming them', async () => {
    const base = { customerId: customer.id, checklistId: LEASED_LINE, origin: 'routine', owner: '李工', plannedDate: '2026-11-06' };
    expect((await http().post('/api/v1/inspections').send({ ...base, customerId: randomUUID() }).expect(422)).body.code).toBe('CUSTOMER_UNKNOWN');
    const mismatch = await http().post('/api/v1/inspections').send({ ...base, circuitIds: [circuit.id, otherCircuit.id] }).expect(422);
    expect(mismatch.body).toMatchObject({ code: 'CIRCUIT_CUSTOMER_MISMATCH', errors: [{ field: 'circuitIds[1]' }] });
    expect((await http().post('/api/v1/inspections').send({ ...base, circuitIds: [randomUUID()] }).expect(422)).body.code).toBe('CIRCUIT_UNKNOWN');
    expect((await http().post('/api/v1/inspections').send({ ...base, checklistId: randomUUID() }).expect(404)).body.code).toBe('CHECKLIST_NOT_FOUND');
    expect((await http().post('/api/v1/inspections').send({ ...base, origin: 'whim' }).expect(400)).body.errors.map((e: Json) => e.field)).toEqual(['origin']);

    const planned = (await http().post('/api/v1/inspections').send({ ...base, circuitIds: [circuit.id] }).expect(201)).body;
    const results = lineResults({ optical_rx_power: 'low' }).filter((r) => r.key !== 'labels_complete');
    const bad = await http()
      .post(`/api/v1/inspections/${planned.id}/results`)
      .send({ results: [...results, { key: 'humidity', value: 40 }] })
      .expect(422);
    expect(bad.body.code).toBe('CHECKLIST_RESULTS_INVALID');
    expect(bad.body.errors.map((e: Json) => e.field).sort()).toEqual(['results.humidity', 'results.labels_complete', 'results.optical_rx_power']);
    const missingValue = await http().post(`/api/v1/inspections/${planned.id}/results`).send({ results: [{ key: 'optical_rx_power' }] }).expect(400);
    expect(missingValue.body.errors.map((e: Json) => e.field)).toEqual(['results.0.value']);
    // Nothing was recorded.
    expect((await http().get(`/api/v1/inspections/${planned.id}`).expect(200)).body).toMatchObject({ status: 'planned', results: [] });
  });

  it('an abnormal item makes one hidden danger due on the 10th working day (rectificationWorkingDays), closed only with a fix and its evidence', async () => {
    // Fri 2026-11-06 10:00 Beijing: the 10th working day after it is Fri 2026-11-20, due at its close of business.
    platform.clock.set(bj('2026-11-06T10:00:00'));
    const site = await createCircuit(http, customer);
    await expectEventually(async () => expect((await sql(`SELECT 1 FROM visits.known_circuit WHERE id = $1`, [site.id])).length).toBe(1));
    const done = await inspect({ customerId: customer.id, circuitIds: [site.id], checklistId: LEASED_LINE }, lineResults({ optical_rx_power: -27.4 }));
    expect(done).toMatchObject({ status: 'done', occurredAt: iso('2026-11-06T10:00:00'), normalCount: 4, abnormalCount: 1, recordedBy: 'admin' });
    expect(done.results[0]).toMatchObject({ key: 'optical_rx_power', label: '光接收功率', value: -27.4, expected: '-25 – -8 dBm', normal: false });
    expect(done.dangerIds).toHaveLength(1);
    const found = await danger(done.dangerIds[0]);
    expect(found).toMatchObject({
      inspectionId: done.id,
      customerId: customer.id,
      circuitId: site.id,
      itemKey: 'optical_rx_power',
      label: '光接收功率',
      observed: '-27.4 dBm',
      expected: '-25 – -8 dBm',
      status: 'open',
      owner: '李工',
      reopenedCount: 0,
      rectification: { status: 'running', dueAt: iso('2026-11-20T17:00:00'), startedAt: iso('2026-11-06T10:00:00'), provisional: false },
    });
    expect(await dangerEvents(found.id, 'found')).toBe(1);
    // Warned taskWarnWorkingDays (1) working day before its due.
    const clocks = (await http().get('/api/v1/clocks/visits').query({ subjectId: found.id }).expect(200)).body.items;
    expect(clocks).toEqual([expect.objectContaining({ subjectType: 'danger', kind: 'rectification', basis: 'working-days' })]);
    const explained = (await http().get(`/api/v1/clocks/visits/${clocks[0].id}`).expect(200)).body;
    expect(explained.clock.warnBeforeMs).toEqual([8 * HOUR]);

    const fixBody = { fix: '更换弯折尾纤，清洁法兰' };
    const refused = await http().post(`/api/v1/dangers/${found.id}/fix`).send(fixBody).expect(422);
    expect(refused.body).toMatchObject({ code: 'FIX_EVIDENCE_REQUIRED', errors: [{ field: 'evidence' }] });
    expect((await danger(found.id)).status).toBe('open');

    platform.clock.set(bj('2026-11-10T15:00:00'));
    const fixed = (await http().post(`/api/v1/dangers/${found.id}/fix`).send({ ...fixBody, evidence: '整改后收光 -12.1 dBm，照片见附件 #2231' }).expect(200)).body;
    expect(fixed).toMatchObject({ status: 'fixed', fixedAt: iso('2026-11-10T15:00:00'), fixedBy: 'admin', evidence: '整改后收光 -12.1 dBm，照片见附件 #2231' });
    expect(fixed.rectification).toMatchObject({ status: 'stopped', met: true });
    expect((await http().post(`/api/v1/dangers/${found.id}/fix`).send({ ...fixBody, evidence: '再次' }).expect(409)).body.code).toBe('INVALID_TRANSITION');
    expect(await dangerEvents(found.id, 'fixed')).toBe(1);

    // A re-inspection that finds the item normal leaves it fixed; one that finds it abnormal again reopens it (no duplicate).
    platform.clock.set(bj('2026-11-12T10:00:00'));
    const normal = await inspect({ customerId: customer.id, circuitIds: [site.id], checklistId: LEASED_LINE }, lineResults());
    expect(normal.dangerIds).toEqual([]);
    expect((await danger(found.id)).status).toBe('fixed');
    platform.clock.set(bj('2026-11-13T11:00:00'));
    const again = await inspect({ customerId: customer.id, circuitIds: [site.id], checklistId: LEASED_LINE, owner: '王工' }, lineResults({ optical_rx_power: -26 }));
    expect(again.dangerIds).toEqual([found.id]);
    expect(await danger(found.id)).toMatchObject({
      status: 'reopened',
      inspectionId: again.id,
      observed: '-26 dBm',
      owner: '王工',
      reopenedCount: 1,
      rectification: { status: 'running', dueAt: iso('2026-11-27T17:00:00') },
    });
    expect(await dangerEvents(found.id, 'reopened')).toBe(1);
    // Seen abnormal once more while still open: the same danger, unchanged.
    const third = await inspect({ customerId: customer.id, circuitIds: [site.id], checklistId: LEASED_LINE }, lineResults({ optical_rx_power: -26.5 }));
    expect(third.dangerIds).toEqual([found.id]);
    expect((await http().get('/api/v1/dangers').query({ customerId: customer.id, count: 'exact' }).expect(200)).body.total).toBe(1);
  });

  it('an overdue rectification breaches once: recorded on the danger and its clock, a redelivery changes nothing', async () => {
    platform.clock.set(bj('2026-11-16T09:30:00'));
    const done = await inspect(
      { customerId: other.id, checklistId: SITE, plannedDate: '2026-11-16' },
      [
        { key: 'equipment_temperature_alarm', value: false },
        { key: 'dust_filters_clean', value: false },
        { key: 'labels_complete', value: true },
        { key: 'power_supply_normal', value: true },
        { key: 'backup_power_tested', value: true },
        { key: 'room_temperature', value: 24 },
      ],
    );
    const id = done.dangerIds[0];
    // Mon 2026-11-16 → the 10th working day is Mon 2026-11-30.
    const due = '2026-11-30T17:00:00';
    const found = await danger(id);
    expect(found).toMatchObject({ itemKey: 'dust_filters_clean', observed: '否', expected: '是', rectification: { dueAt: iso(due) } });
    expect(found).not.toHaveProperty('circuitId');

    platform.clock.set(new Date(bj(due).getTime() - 1000));
    await platform.deadlinesPolled();
    expect((await danger(id)).breachedAt).toBeUndefined();
    expect((await http().get('/api/v1/dangers').query({ customerId: other.id, overdue: 'true' }).expect(200)).body.items).toEqual([]);

    platform.clock.set(new Date(bj(due).getTime() + 60_000));
    await platform.deadlinesPolled();
    await expectEventually(async () => expect((await danger(id)).breachedAt).toBe(iso(due)));
    expect((await danger(id)).rectification).toMatchObject({ status: 'running', breachedAt: iso(due) });
    expect((await http().get('/api/v1/dangers').query({ customerId: other.id, overdue: 'true' }).expect(200)).body.items.map((d: Json) => d.id)).toEqual([id]);
    expect((await http().get('/api/v1/dangers').query({ customerId: other.id, overdue: 'false' }).expect(200)).body.items).toEqual([]);
    expect(await dangerEvents(id, 'breached')).toBe(1);

    // The same breach delivered again (as a new message, past the inbox): still one breach.
    const [breach] = await sql<{ envelope: Json }>(`SELECT envelope FROM visits.outbox WHERE type = 'evt.visits.clock.breached.v1' AND envelope->'data'->>'subjectId' = $1`, [id]);
    const nc = await connectNats(platform.natsUrl, 'redelivery');
    try {
      const again: Json = { ...breach.envelope, id: randomUUID() };
      await jetstream(nc).publish(again.type, JSON.stringify(again), { msgID: again.id });
      await expectEventually(async () => expect((await sql(`SELECT 1 FROM visits.inbox WHERE event_id = $1`, [again.id])).length).toBe(1));
    } finally {
      await nc.close();
    }
    platform.clock.set(bj('2026-12-02T10:00:00'));
    await platform.deadlinesPolled();
    expect((await danger(id)).breachedAt).toBe(iso(due));
    expect(await dangerEvents(id, 'breached')).toBe(1);

    // Fixed late: the clock stops, not met.
    const fixed = (await http().post(`/api/v1/dangers/${id}/fix`).send({ fix: '清洗防尘网', evidence: '照片 #88' }).expect(200)).body;
    expect(fixed.rectification).toMatchObject({ status: 'stopped', met: false, breachedAt: iso(due) });
  });

  it('follows rectificationWorkingDays when an administrator changes it; reassignment moves owner and due date', async () => {
    await http().put('/api/v1/settings/visits').send({ rectificationWorkingDays: 3, reason: 'pilot' }).expect(200);
    try {
      platform.clock.set(bj('2026-12-04T16:00:00'));
      const done = await inspect({ customerId: other.id, circuitIds: [otherCircuit.id], checklistId: LEASED_LINE, plannedDate: '2026-12-04' }, lineResults({ protection_route_available: false }));
      const id = done.dangerIds[0];
      // Fri 2026-12-04 → the 3rd working day is Wed 2026-12-09.
      expect((await danger(id)).rectification.dueAt).toBe(iso('2026-12-09T17:00:00'));

      const assigned = (await http().post(`/api/v1/dangers/${id}/assign`).send({ owner: '赵工', dueDate: '2026-12-18' }).expect(200)).body;
      expect(assigned).toMatchObject({ owner: '赵工', status: 'open', rectification: { status: 'running', dueAt: iso('2026-12-18T17:00:00') } });
      expect((await http().get('/api/v1/dangers').query({ owner: '赵工' }).expect(200)).body.items.map((d: Json) => d.id)).toEqual([id]);
      expect(await dangerEvents(id, 'assigned')).toBe(1);
      const past = await http().post(`/api/v1/dangers/${id}/assign`).send({ owner: '赵工', dueDate: '2026-12-03' }).expect(400);
      expect(past.body.errors).toEqual([expect.objectContaining({ field: 'dueDate' })]);
    } finally {
      await http().put('/api/v1/settings/visits').send({ rectificationWorkingDays: 10 }).expect(200);
    }
  });

  it('takes the stated inspection time back at most maxBackdateMinutes, and records the inspection events with counts', async () => {
    platform.clock.set(bj('2026-12-10T10:00:00'));
    const base = { customerId: customer.id, checklistId: SITE, origin: 'campaign', campaignId: randomUUID(), owner: '孙工', plannedDate: '2026-12-10' };
    const planned = (await http().post('/api/v1/inspections').send(base).expect(201)).body;
    const results = [
      { key: 'equipment_temperature_alarm', value: false },
      { key: 'dust_filters_clean', value: true },
      { key: 'labels_complete', value: true },
      { key: 'power_supply_normal', value: true },
      { key: 'backup_power_tested', value: true },
      { key: 'room_temperature', value: 35 },
    ];
    const tooOld = new Date(platform.clock.now().getTime() - 4320 * 60_000 - 1000).toISOString();
    const refused = await http().post(`/api/v1/inspections/${planned.id}/results`).send({ results, occurredAt: tooOld }).expect(422);
    expect(refused.body).toMatchObject({ code: 'STATED_TIME_OUT_OF_RANGE', errors: [{ field: 'occurredAt' }] });
    const oldest = new Date(platform.clock.now().getTime() - 4320 * 60_000).toISOString();
    const done = (await http().post(`/api/v1/inspections/${planned.id}/results`).send({ results, occurredAt: oldest }).expect(200)).body;
    expect(done).toMatchObject({ occurredAt: oldest, normalCount: 6, abnormalCount: 0 });
    await http().post(`/api/v1/inspections/${planned.id}/results`).send({ results }).expect(409);

    const listed = (await http().get('/api/v1/inspections').query({ campaignId: base.campaignId, origin: 'campaign', status: 'done', from: '2026-12-10', to: '2026-12-10' }).expect(200)).body;
    expect(listed.items.map((i: Json) => i.id)).toEqual([planned.id]);
    expect((await http().get('/api/v1/inspections').query({ campaignId: base.campaignId, from: '2026-12-11' }).expect(200)).body.items).toEqual([]);
    const events = await sql<{ envelope: Json }>(`SELECT envelope FROM visits.outbox WHERE type = 'evt.visits.inspection.changed.v1' AND envelope->>'subjectId' = $1 ORDER BY seq`, [planned.id]);
    expect(events.map((e) => e.envelope.data)).toEqual([
      expect.objectContaining({ action: 'planned', status: 'planned', campaignId: base.campaignId }),
      expect.objectContaining({ action: 'done', status: 'done', normal: 6, abnormal: 0, at: oldest }),
    ]);
  });

  it("keeps inspections and dangers internal: a customer's user reads and writes none of them (it sees visits, guarantees and cutovers)", async () => {
    const user = await platform.user(['customer_user'], customer.id);
    const mine = (await http().get('/api/v1/dangers').query({ customerId: customer.id }).expect(200)).body.items[0];
    await user.http().get('/api/v1/inspections').expect(403);
    await user.http().get('/api/v1/dangers').expect(403);
    await user.http().get(`/api/v1/dangers/${mine.id}`).expect(403);
    await user.http().post(`/api/v1/dangers/${mine.id}/fix`).send({ fix: 'x', evidence: 'y' }).expect(403);
    await user.http().post('/api/v1/inspections').send({ customerId: customer.id, checklistId: SITE, origin: 'routine', owner: 'x', plannedDate: '2026-12-10' }).expect(403);
  });

  it("puts planned inspections and rectifications on their owner's work plan, an overdue rectification until it is fixed", async () => {
    platform.clock.set(new Date('2026-11-16T02:00:00Z'));
    const owner = `孙工${Date.now()}`;
    const planned = (await http().post('/api/v1/inspections').send({ customerId: other.id, circuitIds: [otherCircuit.id], checklistId: LEASED_LINE, origin: 'warning', owner, plannedDate: '2026-11-17' }).expect(201)).body;
    const plan = async (from: string, to: string) => (await http().get('/api/v1/visits/work-plan').query({ owner, from, to }).expect(200)).body.items as Json[];
    expect(await plan('2026-11-16', '2026-11-30')).toEqual([{ type: 'inspection', date: '2026-11-17', inspectionId: planned.id, customerId: other.id, title: '专线巡检', overdue: false }]);
    const done = (await http().post(`/api/v1/inspections/${planned.id}/results`).send({ results: lineResults({ labels_complete: false }) }).expect(200)).body;
    // Found Monday 16 November: rectified within 10 working days, by Monday 30 November.
    const rectify = { type: 'rectification', date: '2026-11-30', dangerId: done.dangerIds[0], customerId: other.id, overdue: false };
    expect(await plan('2026-11-16', '2026-11-30')).toEqual([expect.objectContaining(rectify)]);
    expect(await plan('2026-11-16', '2026-11-29')).toEqual([]);
    platform.clock.set(new Date('2026-11-30T09:00:01Z'));
    await platform.deadlinesPolled();
    await expectEventually(async () => expect((await danger(done.dangerIds[0])).breachedAt).toBeDefined());
    // Overdue from before the period: still on the plan.
    expect(await plan('2026-12-01', '2026-12-31')).toEqual([expect.objectContaining({ ...rectify, overdue: true })]);
    await http().post(`/api/v1/dangers/${done.dangerIds[0]}/fix`).send({ fix: '补齐标签', evidence: '照片 IMG_0421' }).expect(200);
    expect(await plan('2026-12-01', '2026-12-31')).toEqual([]);
  });
});
