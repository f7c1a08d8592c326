import { Client } from 'pg';
import { FaultEvents, RATING_COMMENT_MAX } from '@app/shared';
import { createCircuit, createCustomer, CustomerFixture, openFault } from '../support/factories';
import { startPlatform, TestPlatform, TestUser } from '../support/platform';

/** A customer rates its closed ticket (满意度评价): once, by its own customer's user, only once closed. */
describe('a customer rates its closed ticket', () => {
  let platform: TestPlatform;
  let db: Client;
  let customer: CustomerFixture;
  let own: TestUser;
  let stranger: TestUser;
  let noc: TestUser;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'fault'] });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    customer = await createCustomer(platform.http);
    const other = await createCustomer(platform.http);
    own = await platform.user(['customer_user'], customer.id);
    stranger = await platform.user(['customer_user'], other.id);
    noc = await platform.user(['noc']);
  });

  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  const rate = (user: TestUser, id: string, body: object) => user.http().post(`/api/v1/faults/${id}/rating`).send(body);

  async function closedTicket(): Promise<{ id: string; number: string }> {
    const ticket = await openFault(platform.http, customer, await createCircuit(platform.http, customer));
    await noc.http().post(`/api/v1/faults/${ticket.id}/restore`).send({}).expect(200);
    await noc
      .http()
      .post(`/api/v1/faults/${ticket.id}/close`)
      .send({ causeCategory: 'operator_fiber', causeSegment: 'a_access', causeDescription: '光缆被挖断', customerFacingCause: '线路故障已修复', customerConfirmedBy: '张工' })
      .expect(200);
    return ticket;
  }

  it('refuses a ticket not yet closed with 409 TICKET_NOT_CLOSED', async () => {
    const ticket = await openFault(platform.http, customer, await createCircuit(platform.http, customer));
    const res = await rate(own, ticket.id, { score: 5 }).expect(409);
    expect(res.body).toMatchObject({ code: 'TICKET_NOT_CLOSED' });
    await noc.http().post(`/api/v1/faults/${ticket.id}/restore`).send({}).expect(200);
    expect((await rate(own, ticket.id, { score: 5 }).expect(409)).body.code).toBe('TICKET_NOT_CLOSED');
  });

  it('stores the rating once, by the signed-in user, shows it to staff and customer, and publishes it', async () => {
    const ticket = await closedTicket();
    const comment = '恢复及时，反馈清楚';
    // Who rated is the signed-in user: a body cannot name another.
    expect((await rate(own, ticket.id, { score: 4, ratedBy: 'someone-else' }).expect(400)).body.errors.map((e: { field: string }) => e.field)).toContain('ratedBy');
    const res = await rate(own, ticket.id, { score: 4, comment }).expect(201);
    expect(res.body.rating).toEqual({ score: 4, comment, ratedBy: own.username, ratedAt: expect.any(String) });
    // The customer's view still shows only the cause it was told.
    expect(res.body.causeDescription).toBe('线路故障已修复');
    expect(res.body.legs).toBeUndefined();

    const again = await rate(own, ticket.id, { score: 1, comment: '再评一次' }).expect(409);
    expect(again.body).toMatchObject({ code: 'TICKET_ALREADY_RATED' });

    const staffView = (await noc.http().get(`/api/v1/faults/${ticket.id}`).expect(200)).body;
    expect(staffView.rating).toEqual(res.body.rating);
    expect(staffView.version).toBe((await own.http().get(`/api/v1/faults/${ticket.id}`).expect(200)).body.version);
    const listed = (await own.http().get('/api/v1/faults').expect(200)).body.items.find((t: { id: string }) => t.id === ticket.id);
    expect(listed.rating).toMatchObject({ score: 4 });
    const timeline = (await noc.http().get(`/api/v1/faults/${ticket.id}/timeline`).expect(200)).body as { type: string; by: string; detail: object }[];
    expect(timeline.filter((e) => e.type === 'rate')).toEqual([expect.objectContaining({ by: own.username, detail: { score: 4, comment } })]);

    const events = await db.query(`SELECT envelope->'data' AS data FROM fault.outbox WHERE type = $1 AND envelope->>'subjectId' = $2`, [FaultEvents.ticketRated.type, ticket.id]);
    expect(events.rows.map((r) => r.data)).toEqual([
      expect.objectContaining({ ticketId: ticket.id, number: ticket.number, customerId: customer.id, score: 4, comment, ratedBy: own.username, causeCategory: 'operator_fiber' }),
    ]);
  });

  it("refuses another customer's user (as not found), staff (403) and bad input (400 naming the field)", async () => {
    const ticket = await closedTicket();
    await rate(stranger, ticket.id, { score: 5 }).expect(404);
    const staff = await rate(noc, ticket.id, { score: 5 }).expect(403);
    expect(staff.body.code).toBe('FORBIDDEN');
    expect((await platform.http().post(`/api/v1/faults/${ticket.id}/rating`).send({ score: 5 }).expect(403)).body.code).toBe('FORBIDDEN');
    for (const [body, field] of [
      [{ score: 0 }, 'score'],
      [{ score: 6 }, 'score'],
      [{ score: 3.5 }, 'score'],
      [{}, 'score'],
      [{ score: 5, comment: 'x'.repeat(RATING_COMMENT_MAX + 1) }, 'comment'],
      [{ score: 5, comment: '' }, 'comment'],
    ] as const) {
      const res = await rate(own, ticket.id, body).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    await own.http().post('/api/v1/faults/not-a-uuid/rating').send({ score: 5 }).expect(400);
    // With If-Match, the rating applies to the ticket as the customer last read it.
    expect((await own.http().post(`/api/v1/faults/${ticket.id}/rating`).set('If-Match', '"0"').send({ score: 5 }).expect(412)).body.code).toBe('STALE_VERSION');
    expect((await own.http().post(`/api/v1/faults/${ticket.id}/rating`).set('If-Match', 'abc').send({ score: 5 }).expect(400)).body.errors[0].field).toBe('If-Match');
    // Nothing was stored by the refusals: the first good rating is still accepted.
    await rate(own, ticket.id, { score: 5 }).expect(201);
  });
});
