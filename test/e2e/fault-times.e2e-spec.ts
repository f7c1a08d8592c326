import { MIN } from '@app/shared';
import { createCircuit, createCustomer, intake, openFault } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Every limit runs from when it happened in the world (DOMAIN.md "Counting working days", last point): the report
 * time stated at intake, the restore and repair times the acceptor states; the recording time and recorder beside them.
 */
describe('fault times as stated by the recorder', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform({ serviceEnv: { DEADLINE_POLL_MS: '100' } });
  });

  afterAll(async () => {
    await platform.close();
  });

  const http = () => platform.http();
  const iso = (from: Date, minutes: number) => new Date(from.getTime() + minutes * MIN).toISOString();
  const clocksOf = async (id: string): Promise<Json[]> => (await http().get('/api/v1/clocks/fault').query({ subjectId: id, limit: 50 }).expect(200)).body.items;
  const clockOf = async (id: string, kind: string): Promise<Json> => (await clocksOf(id)).find((c) => c.kind === kind)!;

  async function goldCircuit() {
    const customer = await createCustomer(http, { tier: 'gold' });
    return { customer, circuit: await createCircuit(http, customer) };
  }

  it('runs every ticket clock from the stated report time, and keeps the recording time and recorder beside it', async () => {
    const { customer, circuit } = await goldCircuit();
    const t0 = new Date('2026-11-16T02:00:00Z');
    platform.clock.set(t0);
    // The customer called at 01:48; the acceptor typed the ticket in at 02:00.
    const ticket = await openFault(http, customer, circuit, { faultAt: iso(t0, -20), reportedAt: iso(t0, -12) });
    expect(ticket).toMatchObject({ reportedAt: iso(t0, -12), openedAt: t0.toISOString(), openedBy: 'admin', faultAt: iso(t0, -20) });
    const due = Object.fromEntries((await clocksOf(ticket.id)).map((c) => [c.kind, c.dueAt]));
    expect(due).toEqual({
      dispatch: iso(t0, -12 + 5),
      'first-feedback': iso(t0, -12 + 30),
      resolution: iso(t0, -12 + 360),
      'joint-handling': iso(t0, -12 + 60),
      // Staff on site within 2 h of the fault itself.
      'on-site': iso(t0, -20 + 120),
    });
  });

  it('refuses a report time in the future, before the fault, or further back than maxBackdateMinutes, naming the field', async () => {
    const { customer, circuit } = await goldCircuit();
    const t0 = new Date('2026-11-16T04:00:00Z');
    platform.clock.set(t0);
    const send = (overrides: Record<string, unknown>) => http().post('/api/v1/faults').send(intake(customer, circuit, overrides));
    for (const [overrides, field, reason] of [
      [{ reportedAt: iso(t0, 1) }, 'reportedAt', 'future'],
      [{ faultAt: iso(t0, -5), reportedAt: iso(t0, -6) }, 'reportedAt', 'faultAt'],
      [{ faultAt: iso(t0, -1441), reportedAt: iso(t0, -1441) }, 'reportedAt', 'maxBackdateMinutes'],
      [{ faultAt: iso(t0, 1) }, 'faultAt', 'future'],
    ] as const) {
      const refused = await send(overrides).expect(422);
      expect(refused.body).toMatchObject({ code: 'STATED_TIME_OUT_OF_RANGE', errors: [{ field, reason: expect.stringContaining(reason) }] });
    }
    await send({ reportedAt: '2026-02-30T01:00:00Z' }).expect(400);
    await openFault(http, customer, circuit, { faultAt: iso(t0, -1440), reportedAt: iso(t0, -1440) });
  });

  it('stops the resolution clock at the restore time the acceptor states, not when it is recorded', async () => {
    const { customer, circuit } = await goldCircuit();
    const t0 = new Date('2026-11-17T02:00:00Z');
    platform.clock.set(t0);
    const ticket = await openFault(http, customer, circuit);
    // Recorded 10 min after its 6 h limit; service was back 10 min before it.
    platform.clock.set(new Date(t0.getTime() + 370 * MIN));
    await platform.deadlinesPolled();
    expect((await clockOf(ticket.id, 'resolution')).breachedAt).toBe(iso(t0, 360));
    const post = (path: string, body: object, status = 200) => http().post(`/api/v1/faults/${ticket.id}/${path}`).send(body).expect(status);
    for (const [occurredAt, reason] of [
      [iso(t0, 371), 'future'],
      [iso(t0, -1), 'report'],
    ] as const) {
      const refused = await post('restore', { occurredAt }, 422);
      expect(refused.body).toMatchObject({ code: 'STATED_TIME_OUT_OF_RANGE', errors: [{ field: 'occurredAt', reason: expect.stringContaining(reason) }] });
    }
    const restored = (await post('restore', { occurredAt: iso(t0, 350) })).body;
    expect(restored).toMatchObject({ status: 'restored', restoredAt: iso(t0, 350) });
    const resolution = await clockOf(ticket.id, 'resolution');
    expect(resolution).toMatchObject({ status: 'stopped', stoppedAt: iso(t0, 350), met: true });
    const repaired = (await post('repair', { occurredAt: iso(t0, 365) })).body;
    expect(repaired.repairedAt).toBe(iso(t0, 365));
    await post('close', { causeCategory: 'operator_fiber', causeSegment: 'a_access', causeDescription: '光缆中断', customerConfirmedBy: '张工' });
    expect(await clockOf(ticket.id, 'resolution')).toMatchObject({ met: true, stoppedAt: iso(t0, 350) });
    const timeline = (await http().get(`/api/v1/faults/${ticket.id}/timeline`).expect(200)).body as Json[];
    expect(timeline.find((e) => e.type === 'restore')).toMatchObject({ at: iso(t0, 370), by: 'admin', detail: { restoredAt: iso(t0, 350) } });
    expect(timeline.find((e) => e.type === 'repair')).toMatchObject({ at: iso(t0, 370), detail: { repairedAt: iso(t0, 365) } });
  });

  it('takes no actor from a request body: who acted is the caller', async () => {
    const { customer, circuit } = await goldCircuit();
    const ticket = await openFault(http, customer, circuit);
    const noc = await platform.user(['noc']);
    const refused = await noc.http().post(`/api/v1/faults/${ticket.id}/feedback`).send({ by: '冒名', content: '已受理', customerContact: '张工', channel: 'phone' }).expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'by' })]);
    await noc.http().post(`/api/v1/faults/${ticket.id}/feedback`).send({ content: '已受理', customerContact: '张工', channel: 'phone' }).expect(200);
    await http().post('/api/v1/complaints').send({ by: '客服', customerId: customer.id, important: false, involvesOtherDepartments: false, description: 'x' }).expect(400);
    await http().post('/api/v1/incidents').send({ by: 'NOC', title: 't', kind: 'equipment' }).expect(400);
    const timeline = (await http().get(`/api/v1/faults/${ticket.id}/timeline`).expect(200)).body as Json[];
    expect(timeline.find((e) => e.type === 'feedback')).toMatchObject({ by: noc.username });
    expect(timeline.find((e) => e.type === 'intake')).toMatchObject({ by: 'admin', detail: { reporterName: '张工' } });
  });
});
