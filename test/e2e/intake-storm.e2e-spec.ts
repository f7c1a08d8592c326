import { NatsConnection } from '@nats-io/transport-node';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { Caller, connectNats, FaultRpc, OpenTicketReply, RpcClient } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { CircuitFixture, createCircuit, createCustomer, CustomerFixture, intake, openFault, useFactoryClock } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Reports arriving together are opened together (group commit in the fault service): one transaction for the lot.
 * Each must still get exactly the answer it would get alone: a new ticket, a link to the open ticket of its circuit
 * (also when that ticket was opened by another report of the same batch), its own refusal, or, under an idempotency
 * key sent twice at once, the one answer recorded under it.
 */
describe('Fault intake: a storm of reports arriving at once', () => {
  let platform: TestPlatform;
  let db: Client;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let admin: Caller;
  let customer: CustomerFixture;
  const http = () => platform.http();

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'fault'] });
    useFactoryClock(() => platform.clock.now());
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    nc = await connectNats(platform.natsUrl, 'intake-storm-test');
    rpc = new RpcClient(nc, 10_000);
    const me = (await http().get('/api/v1/auth/me').expect(200)).body;
    admin = { sub: me.sub, username: me.username, roles: me.roles };
    customer = await createCustomer(http);
  });

  afterAll(async () => {
    await nc.close();
    await db.end();
    await platform.close();
  });

  async function circuits(n: number): Promise<CircuitFixture[]> {
    const made: CircuitFixture[] = [];
    for (let i = 0; i < n; i++) made.push(await createCircuit(http, customer));
    const codes = made.map((c) => c.code);
    await expectEventually(async () => expect((await db.query('SELECT count(*)::int AS n FROM fault.known_circuit WHERE code = ANY($1)', [codes])).rows[0].n).toBe(n));
    return made;
  }

  const ticketsOf = async (circuit: CircuitFixture) =>
    (await db.query('SELECT id, number, duplicate_reports FROM fault.ticket WHERE circuit_id = $1', [circuit.id])).rows as { id: string; number: string; duplicate_reports: number }[];

  it('every report gets its own answer, as if it had come alone', async () => {
    const [open, twice, ...fresh] = await circuits(22);
    const reference = await openFault(http, customer, open);
    const clocksOfOne = (await db.query('SELECT count(*)::int AS n FROM fault.deadline_clock WHERE subject_id = $1', [reference.id])).rows[0].n;
    const future = new Date(platform.clock.now().getTime() + 3_600_000).toISOString();

    const send = (body: object) => http().post('/api/v1/faults').send(body);
    const storm = await Promise.all([
      ...fresh.map((c) => send(intake(customer, c))),
      ...[1, 2, 3, 4, 5].map(() => send(intake(customer, open))),
      ...[1, 2, 3].map(() => send(intake(customer, twice))),
      ...[1, 2, 3, 4].map((i) => send(intake(customer, { ...fresh[0], code: `NO-SUCH-CIRCUIT-${i}` }))),
      ...[1, 2].map(() => send(intake(customer, fresh[1], { reportedAt: future }))),
    ]);
    const answers = { fresh: storm.slice(0, 20), open: storm.slice(20, 25), twice: storm.slice(25, 28), unknown: storm.slice(28, 32), future: storm.slice(32) };

    // The two reports of fresh[1] with a report time in the future were refused; that circuit's own report opened it.
    for (const [i, res] of answers.fresh.entries()) {
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ circuitCode: fresh[i].code, customerId: customer.id, status: 'open' });
    }
    expect(new Set(answers.fresh.map((r) => r.body.number)).size).toBe(20);
    for (const res of answers.open) expect(res).toMatchObject({ status: 200, body: { id: reference.id, duplicateReports: expect.any(Number) } });
    expect(answers.twice.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.twice.map((r) => r.body.id)).size).toBe(1);
    for (const res of answers.unknown) expect(res).toMatchObject({ status: 422, body: { code: 'CIRCUIT_UNKNOWN', errors: [{ field: 'circuitCode' }] } });
    for (const res of answers.future) expect(res).toMatchObject({ status: 422, body: { code: 'STATED_TIME_OUT_OF_RANGE', errors: [{ field: 'reportedAt' }] } });

    // In the database: one ticket per circuit with its duplicates counted, each with the clocks of a ticket opened alone.
    expect(await ticketsOf(open)).toEqual([expect.objectContaining({ id: reference.id, duplicate_reports: 5 })]);
    expect(await ticketsOf(twice)).toEqual([expect.objectContaining({ duplicate_reports: 2 })]);
    for (const c of fresh) expect(await ticketsOf(c)).toEqual([expect.objectContaining({ duplicate_reports: 0 })]);
    const ids = [...answers.fresh, answers.twice.find((r) => r.status === 201)!].map((r) => r.body.id as string);
    const clocks = await db.query('SELECT subject_id, count(*)::int AS n FROM fault.deadline_clock WHERE subject_id = ANY($1) GROUP BY subject_id', [ids]);
    expect(clocks.rows).toHaveLength(21);
    for (const row of clocks.rows) expect(row.n).toBe(clocksOfOne);
    const opened = await db.query(`SELECT count(*)::int AS n FROM fault.outbox WHERE type = 'evt.fault.ticket.opened.v1' AND envelope->'data'->>'ticketId' = ANY($1)`, [ids]);
    expect(opened.rows[0].n).toBe(21);
    const timeline = await http().get(`/api/v1/faults/${ids[0]}/timeline`).expect(200);
    expect(timeline.body.filter((e: { type: string }) => e.type === 'intake')).toHaveLength(1);
  });

  it('the same idempotency key arriving several times at once runs once, and every attempt gets that answer', async () => {
    const [circuit, other] = await circuits(2);
    const body = intake(customer, circuit);
    const key = sha256(`storm-${circuit.code}`);
    const keyed = (b: object) => rpc.send(FaultRpc.openTicket, b as never, { caller: admin, idempotency: { key, fingerprint: sha256(JSON.stringify(b)) } });
    const unkeyed = await Promise.all([1, 2, 3].map(() => rpc.send(FaultRpc.openTicket, intake(customer, other) as never, { caller: admin })));
    const replies = (await Promise.all([1, 2, 3, 4].map(() => keyed(body)))) as OpenTicketReply[];

    expect(replies.map((r) => r.duplicate)).toEqual([false, false, false, false]);
    expect(new Set(replies.map((r) => r.ticket.id)).size).toBe(1);
    expect(await ticketsOf(circuit)).toEqual([expect.objectContaining({ id: replies[0].ticket.id, duplicate_reports: 0 })]);
    expect((await db.query('SELECT count(*)::int AS n FROM fault.idempotency_record WHERE key = $1', [key])).rows[0].n).toBe(1);
    // Without a key, three reports of one circuit are one ticket and two linked reports.
    expect(unkeyed.map((r) => (r as OpenTicketReply).duplicate).sort()).toEqual([false, true, true]);
    // The key with another body is refused, not run.
    await expect(keyed({ ...body, symptom: '另一个故障' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});
