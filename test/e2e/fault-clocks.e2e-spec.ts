import { MIN, SECOND as SEC } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { createCircuit, createCustomer, openFault } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Each clock of §1 pinned through the gateway: its exact due instant, nothing fired a second before, the breach a
 * second after. Removing a clock or changing its limit fails here.
 */
describe('fault clocks, pinned', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform({ serviceEnv: { DEADLINE_POLL_MS: '100' } });
  });

  afterAll(async () => {
    await platform.close();
  });

  const http = () => platform.http();
  const at = (from: Date, ms: number) => new Date(from.getTime() + ms);
  const post = (id: string, path: string, body: object = {}) => http().post(`/api/v1/faults/${id}/${path}`).send(body).expect(200);
  const clocksOf = async (subjectId: string, kind: string): Promise<Json[]> =>
    (await http().get('/api/v1/clocks/fault').query({ subjectId, kind, limit: 50 }).expect(200)).body.items;

  /** The one running clock of this kind is due exactly then; it has not fired a second before, and has a second after. */
  async function pin(subjectId: string, kind: string, due: Date): Promise<Json> {
    const running = (await clocksOf(subjectId, kind)).filter((c) => c.status === 'running' && !c.breachedAt);
    expect(running.map((c) => c.dueAt)).toEqual([due.toISOString()]);
    const id = running[0].id;
    const state = async () => (await clocksOf(subjectId, kind)).find((c) => c.id === id)!;
    platform.clock.set(at(due, -SEC));
    await platform.deadlinesPolled();
    expect((await state()).breachedAt ?? null).toBeNull();
    platform.clock.set(at(due, SEC));
    await platform.deadlinesPolled();
    expect((await state()).breachedAt).toBe(due.toISOString());
    return state();
  }

  async function ticketOn(tier: string, t0: Date, circuit: Record<string, unknown> = {}, intake: Record<string, unknown> = {}) {
    platform.clock.set(t0);
    const customer = await createCustomer(http, { tier });
    return openFault(http, customer, await createCircuit(http, customer, circuit), intake);
  }

  async function dispatchedAndAccepted(ticket: Json, t0: Date): Promise<string> {
    platform.clock.set(at(t0, 1 * MIN));
    const dispatched = (await post(ticket.id, 'dispatch', { legs: [{ unit: '广州本地网', segment: 'a_access' }, { unit: '北京本地网', segment: 'z_access' }] })).body;
    const leg = dispatched.legs.find((l: Json) => l.segment === 'a_access').id;
    platform.clock.set(at(t0, 2 * MIN));
    await post(ticket.id, `legs/${leg}/accept`);
    return leg;
  }

  it('progress every 30 min (MSTP), re-armed by each report, which obliges the dispatcher to answer within 5 min', async () => {
    const t0 = new Date('2026-11-20T02:00:00Z');
    const ticket = await ticketOn('silver', t0);
    const leg = await dispatchedAndAccepted(ticket, t0);
    await pin(leg, 'progress', at(t0, 32 * MIN));
    platform.clock.set(at(t0, 40 * MIN));
    await post(ticket.id, `legs/${leg}/progress`, { source: '现场', progress: '排查中' });
    await pin(leg, 'answer', at(t0, 45 * MIN));
    await pin(leg, 'progress', at(t0, 70 * MIN));
    // The answer stops the dispatcher's clock.
    platform.clock.set(at(t0, 71 * MIN));
    await post(ticket.id, `legs/${leg}/progress`, { source: '现场', progress: '仍在排查' });
    await post(ticket.id, 'answers', { content: '收到' });
    expect((await clocksOf(leg, 'answer')).filter((c) => c.status === 'running')).toEqual([]);
  });

  it('progress every 60 min for voice', async () => {
    const t0 = new Date('2026-11-21T02:00:00Z');
    const ticket = await ticketOn('silver', t0, { serviceType: 'voice' });
    const leg = await dispatchedAndAccepted(ticket, t0);
    await pin(leg, 'progress', at(t0, 62 * MIN));
  });

  it('feedback to the customer every 2 h, re-armed after each feedback', async () => {
    const t0 = new Date('2026-11-22T02:00:00Z');
    const ticket = await ticketOn('silver', t0);
    platform.clock.set(at(t0, 10 * MIN));
    await post(ticket.id, 'feedback', { content: '已受理', customerContact: '张工', channel: 'phone' });
    await pin(ticket.id, 'feedback', at(t0, 130 * MIN));
    platform.clock.set(at(t0, 140 * MIN));
    await post(ticket.id, 'feedback', { content: '仍在处理', customerContact: '张工', channel: 'phone' });
    await pin(ticket.id, 'feedback', at(t0, 260 * MIN));
  });

  it('broadcasts every hour during joint handling, re-armed after each broadcast and after a missed one', async () => {
    const t0 = new Date('2026-11-23T02:00:00Z');
    const ticket = await ticketOn('gold', t0);
    await dispatchedAndAccepted(ticket, t0);
    // Joint handling at 1 h; the first broadcast is due an hour after.
    await pin(ticket.id, 'joint-handling', at(t0, 60 * MIN));
    await expectEventually(async () => expect((await clocksOf(ticket.id, 'broadcast')).length).toBe(1));
    await pin(ticket.id, 'broadcast', at(t0, 120 * MIN));
    // Missed: the next one is due an hour after the missed one.
    await expectEventually(async () => expect((await clocksOf(ticket.id, 'broadcast')).filter((c) => !c.breachedAt).length).toBe(1));
    await pin(ticket.id, 'broadcast', at(t0, 180 * MIN));
    await expectEventually(async () => expect((await clocksOf(ticket.id, 'broadcast')).filter((c) => !c.breachedAt).length).toBe(1));
    // A broadcast (the dispatcher's answer to all units) re-arms it from then.
    platform.clock.set(at(t0, 190 * MIN));
    await post(ticket.id, 'answers', { content: '联合处理进展通报' });
    await pin(ticket.id, 'broadcast', at(t0, 250 * MIN));
  });

  it('staff on site within 2 h of the fault (important customers)', async () => {
    const t0 = new Date('2026-11-24T02:00:00Z');
    const ticket = await ticketOn('diamond', t0, {}, { faultAt: at(t0, -10 * MIN).toISOString() });
    await pin(ticket.id, 'on-site', at(t0, 110 * MIN));
    const standard = await ticketOn('standard', t0);
    expect(await clocksOf(standard.id, 'on-site')).toEqual([]);
  });

  it('changing firstFeedbackMinutes through the settings route changes the next ticket, not an open one', async () => {
    const t0 = new Date('2026-11-25T02:00:00Z');
    const open = await ticketOn('silver', t0);
    await http().put('/api/v1/settings/fault').send({ firstFeedbackMinutes: 20, reason: '试行更快的首次反馈' }).expect(200);
    try {
      const next = await ticketOn('silver', at(t0, MIN));
      expect((await clocksOf(next.id, 'first-feedback'))[0].dueAt).toBe(at(t0, 21 * MIN).toISOString());
      expect((await clocksOf(open.id, 'first-feedback'))[0].dueAt).toBe(at(t0, 30 * MIN).toISOString());
      await pin(next.id, 'first-feedback', at(t0, 21 * MIN));
    } finally {
      await http().put('/api/v1/settings/fault').send({ firstFeedbackMinutes: 30 }).expect(200);
    }
  });
});
