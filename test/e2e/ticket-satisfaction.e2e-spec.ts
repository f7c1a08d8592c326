import { jetstream } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { connectNats, FaultEvents, MIN } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { CircuitFixture, createCircuit, createCustomer, CustomerFixture, openFault } from '../support/factories';
import { startPlatform, TestPlatform, TestUser } from '../support/platform';
import { expectRebuildIdentical } from '../support/rebuild';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const bj = (local: string) => new Date(`${local}+08:00`);
const dist = (d: [number, number, number, number, number]) => ({ '1': d[0], '2': d[1], '3': d[2], '4': d[3], '5': d[4] });

/**
 * Customer satisfaction (满意度评价) in reporting: the customers' own users rate their closed tickets through the
 * gateway (the fault service's real rated events), and the fault statistics and the analysis report count them, every
 * figure computed here by hand. November 2026:
 * - bank (gold, finance, 广东, MSTP): four tickets closed; rated 5, 4 and 2 ("反馈不及时"), one not rated →
 *   3 of 4 rated (75.00 %), mean 11 / 3 = 3.67.
 * - port (silver, large enterprise, 北京, Ethernet): two tickets closed; one rated 1 ("处理太慢") → 1 of 2 (50.00 %), mean 1.
 * - a bank ticket closed on 31 October and rated in November counts with October, when it was closed.
 */
describe('customer satisfaction in statistics and the analysis report', () => {
  let platform: TestPlatform;
  let bank: CustomerFixture;
  let port: CustomerFixture;
  let bankLine: CircuitFixture;
  let portLine: CircuitFixture;
  let bankUser: TestUser;
  let portUser: TestUser;
  const bankTickets: Json[] = [];
  const portTickets: Json[] = [];

  const http = () => platform.http();
  const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };
  const stats = async (query: Record<string, string> = {}): Promise<Json[]> =>
    (await http().get('/api/v1/reports/statistics/faults').query({ ...NOVEMBER, ...query }).expect(200)).body.items;
  const satisfactionOf = (rows: Json[], group: string) => rows.find((r) => r.group === group)?.satisfaction;
  const report = async (as: TestUser | null, customer: CustomerFixture, query: Record<string, string> = NOVEMBER): Promise<Json> =>
    (await (as ? as.http() : http()).get(`/api/v1/reports/analysis/${customer.id}`).query(query).expect(200)).body;

  async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
    const db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      return (await db.query(query, params)).rows as T[];
    } finally {
      await db.end();
    }
  }

  /** Opened at `local` (Beijing), restored 30 minutes later and closed at +40. */
  async function closedTicket(customer: CustomerFixture, circuit: CircuitFixture, local: string): Promise<Json> {
    const t0 = bj(local);
    platform.clock.set(t0);
    const ticket = await openFault(http, customer, circuit);
    platform.clock.set(new Date(t0.getTime() + 30 * MIN));
    await http().post(`/api/v1/faults/${ticket.id}/restore`).send({}).expect(200);
    platform.clock.set(new Date(t0.getTime() + 40 * MIN));
    await http()
      .post(`/api/v1/faults/${ticket.id}/close`)
      .send({ causeCategory: 'operator_fiber', causeSegment: 'a_access', causeDescription: '光缆中断', customerConfirmedBy: '张工' })
      .expect(200);
    return ticket;
  }

  const rate = (user: TestUser, ticket: Json, body: object) => user.http().post(`/api/v1/faults/${ticket.id}/rating`).send(body).expect(201);

  beforeAll(async () => {
    platform = await startPlatform({ services: ['fault', 'provisioning', 'reporting'] });
    platform.clock.set(bj('2026-10-20T10:00:00'));
    bank = await createCustomer(http, { name: '某银行', tier: 'gold', industry: 'finance', region: '广东' });
    port = await createCustomer(http, { name: '某港口集团', tier: 'silver', industry: 'large_enterprise', region: '北京' });
    bankLine = await createCircuit(http, bank);
    portLine = await createCircuit(http, port, { serviceType: 'ethernet' });
    bankUser = await platform.user(['customer_user'], bank.id);
    portUser = await platform.user(['customer_user'], port.id);
  });

  afterAll(async () => {
    await platform.close();
  });

  it("the customers' users rate their closed tickets through the gateway", async () => {
    const october = await closedTicket(bank, bankLine, '2026-10-31T20:00:00');
    for (const day of ['03', '05', '09', '12']) bankTickets.push(await closedTicket(bank, bankLine, `2026-11-${day}T10:00:00`));
    for (const day of ['06', '18']) portTickets.push(await closedTicket(port, portLine, `2026-11-${day}T10:00:00`));

    platform.clock.set(bj('2026-11-20T10:00:00'));
    await rate(bankUser, october, { score: 1, comment: '十月的工单' });
    await rate(bankUser, bankTickets[0], { score: 5, comment: '恢复及时' });
    await rate(bankUser, bankTickets[1], { score: 4 });
    await rate(bankUser, bankTickets[2], { score: 2, comment: '反馈不及时' });
    await rate(portUser, portTickets[0], { score: 1, comment: '处理太慢' });
    // A user of another customer cannot rate the bank's last ticket: it stays unrated.
    await portUser.http().post(`/api/v1/faults/${bankTickets[3].id}/rating`).send({ score: 5 }).expect(404);
  });

  it('fault statistics per customer: rated, share of those closed, mean score and distribution', async () => {
    await expectEventually(async () => {
      const rows = await stats();
      expect(rows.find((r) => r.group === bank.id)).toMatchObject({ closed: 4, satisfaction: { rated: 3, ratedShare: 75, averageScore: 3.67, distribution: dist([0, 1, 0, 1, 1]) } });
      expect(satisfactionOf(rows, port.id)).toEqual({ rated: 1, ratedShare: 50, averageScore: 1, distribution: dist([1, 0, 0, 0, 0]) });
    });
  });

  it('groups like the other figures: tier, service type, region, industry, month; October has its own rating', async () => {
    expect(satisfactionOf(await stats({ groupBy: 'tier' }), 'gold')).toEqual({ rated: 3, ratedShare: 75, averageScore: 3.67, distribution: dist([0, 1, 0, 1, 1]) });
    const byType = await stats({ groupBy: 'serviceType' });
    expect(byType.map((r) => r.group)).toEqual(['ethernet', 'mstp']);
    expect(satisfactionOf(byType, 'ethernet')).toEqual({ rated: 1, ratedShare: 50, averageScore: 1, distribution: dist([1, 0, 0, 0, 0]) });
    expect(satisfactionOf(byType, 'mstp')).toMatchObject({ rated: 3, averageScore: 3.67 });
    expect(satisfactionOf(await stats({ groupBy: 'region' }), '北京')).toMatchObject({ rated: 1, ratedShare: 50 });
    expect(satisfactionOf(await stats({ groupBy: 'industry', serviceType: 'mstp' }), 'finance')).toMatchObject({ rated: 3, ratedShare: 75 });
    // Both customers together: 4 of 6 rated (66.67 %), (5 + 4 + 2 + 1) / 4 = 3.
    expect(await stats({ groupBy: 'month' })).toEqual([
      expect.objectContaining({ group: '2026-11', closed: 6, satisfaction: { rated: 4, ratedShare: 66.67, averageScore: 3, distribution: dist([1, 1, 0, 1, 1]) } }),
    ]);
    // Closed on 31 October (Beijing), rated in November: counted with October.
    expect(await stats({ from: '2026-10-01', to: '2026-10-31', customerId: bank.id })).toEqual([
      expect.objectContaining({ closed: 1, satisfaction: { rated: 1, ratedShare: 100, averageScore: 1, distribution: dist([1, 0, 0, 0, 0]) } }),
    ]);
    // The first half of November: the bank's first three closed, all rated; the port's first.
    expect(satisfactionOf(await stats({ to: '2026-11-10' }), bank.id)).toEqual({ rated: 3, ratedShare: 100, averageScore: 3.67, distribution: dist([0, 1, 0, 1, 1]) });
  });

  it('answers as CSV with the satisfaction columns', async () => {
    const res = await http()
      .get('/api/v1/reports/statistics/faults')
      .query({ ...NOVEMBER, customerId: port.id })
      .set('accept', 'text/csv')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      })
      .expect(200);
    const [header, line] = (res.body as string).split('\r\n');
    const columns = header.split(',');
    const cells = line.split(',');
    const satisfaction = ['satisfaction.rated', 'satisfaction.ratedShare', 'satisfaction.averageScore', ...[1, 2, 3, 4, 5].map((n) => `satisfaction.distribution.${n}`)];
    expect(columns.slice(-satisfaction.length)).toEqual(satisfaction);
    expect(cells.slice(-satisfaction.length)).toEqual(['1', '50', '1', '1', '0', '0', '0', '0']);
  });

  it('the analysis report: the period\'s ratings, the low ones with ticket number and comment', async () => {
    const expected = {
      closed: 4,
      rated: 3,
      ratedShare: 75,
      averageScore: 3.67,
      distribution: dist([0, 1, 0, 1, 1]),
      lowScores: [{ ticketId: bankTickets[2].id, number: bankTickets[2].number, circuitCode: bankLine.code, score: 2, comment: '反馈不及时', ratedAt: bj('2026-11-20T10:00:00').toISOString() }],
      lowScoresTruncated: false,
    };
    expect((await report(null, bank)).satisfaction).toEqual(expected);
    // The customer's own view: its own ratings and comments, nothing of another customer's.
    const own = await report(bankUser, bank);
    expect(own.satisfaction).toEqual(expected);
    for (const other of ['处理太慢', portTickets[0].number]) expect(JSON.stringify(own)).not.toContain(other);
    expect((await report(portUser, port)).satisfaction).toMatchObject({ closed: 2, rated: 1, ratedShare: 50, averageScore: 1, lowScores: [{ number: portTickets[0].number, score: 1, comment: '处理太慢' }] });
    await portUser.http().get(`/api/v1/reports/analysis/${bank.id}`).query(NOVEMBER).expect(404);
    expect((await report(bankUser, bank, { from: '2026-10-01', to: '2026-10-31' })).satisfaction).toMatchObject({ closed: 1, rated: 1, lowScores: [{ score: 1, comment: '十月的工单' }] });

    const html = (await bankUser.http().get(`/api/v1/reports/analysis/${bank.id}`).query(NOVEMBER).set('Accept', 'text/html').expect(200)).text;
    for (const text of ['七、客户满意度', '75.00%', '3.67', bankTickets[2].number, '反馈不及时']) expect(html).toContain(text);
    expect(html).not.toContain('处理太慢');
  });

  it('a rating event delivered again, with its id or as a new event, changes no figure', async () => {
    const before = await stats();
    const reportBefore = JSON.stringify(await report(null, bank));
    const [rated] = await sql<{ envelope: Json }>(`SELECT envelope FROM fault.outbox WHERE type = $1 AND envelope->>'subjectId' = $2`, [FaultEvents.ticketRated.type, bankTickets[0].id]);
    expect(rated.envelope.data).toMatchObject({ score: 5 });
    const nc = await connectNats(platform.natsUrl, 'redelivery');
    try {
      const js = jetstream(nc);
      // The same event as a second message (past the stream's de-duplication): the inbox applies it once.
      await js.publish(rated.envelope.type, JSON.stringify(rated.envelope), { msgID: randomUUID() });
      // The same rating as a new event: the rating is kept per ticket.
      const again: Json = { ...rated.envelope, id: randomUUID() };
      await js.publish(again.type, JSON.stringify(again), { msgID: again.id });
      await expectEventually(async () => expect(await sql(`SELECT 1 FROM reporting.inbox WHERE event_id = $1`, [again.id])).toHaveLength(1));
    } finally {
      await nc.close();
    }
    expect(await stats()).toEqual(before);
    expect(JSON.stringify(await report(null, bank))).toBe(reportBefore);
    expect(await sql(`SELECT score FROM reporting.rating_fact WHERE ticket_id = $1`, [bankTickets[0].id])).toEqual([{ score: 5 }]);
  });

  it('gives byte-identical satisfaction figures after the read models are rebuilt from the stream', async () => {
    const read = async () => [
      (await http().get('/api/v1/reports/statistics/faults').query({ ...NOVEMBER, groupBy: 'customer' }).expect(200)).text,
      (await http().get(`/api/v1/reports/analysis/${bank.id}`).query(NOVEMBER).expect(200)).text,
    ];
    await expectRebuildIdentical(platform, read, ['DELETE FROM rating_fact']);
  });
});
