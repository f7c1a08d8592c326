import { AddressInfo } from 'node:net';
import { headers as natsHeaders, NatsConnection } from '@nats-io/transport-node';
import { Client } from 'pg';
import { Caller, CALLER_HEADER, connectNats, encodeCaller, FaultRpc, RpcClient } from '@app/shared';
import { expectEventually } from '../support/eventually';
import { createCircuit, createCustomer, CustomerFixture, intake, openFault, orderRequest } from '../support/factories';
import { subscribe } from '../support/event-stream';
import { startPlatform, TestPlatform, TestUser } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** The customer-site checklist every installation ships with. */

describe('customer isolation', () => {
  let platform: TestPlatform;
  let base: string;
  let a: CustomerFixture;
  let b: CustomerFixture;
  let userA: TestUser;
  let userB: TestUser;
  const mine: Json = {};
  const theirs: Json = {};

  beforeAll(async () => {
    // Every service, the notifier included: its deliveries and inboxes are probed below.
    platform = await startPlatform({ services: ['provisioning', 'fault', 'visits', 'reporting', 'notifier', 'quality'] });
    await platform.gateway.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(platform.gateway.getHttpServer().address() as AddressInfo).port}`;
    a = await createCustomer(platform.http, { name: '甲银行' });
    b = await createCustomer(platform.http, { name: '乙证券' });
    userA = await platform.user(['customer_user'], a.id);
    userB = await platform.user(['customer_user'], b.id);
    // The notifier knows both customer users (from the gateway's user events) before their customers' tickets are
    // opened: the rule ticket-opened-customer then puts a message in each one's inbox.
    await expectEventually(async () => expect(await directoryUsers([userA.id, userB.id])).toBe(2));
    for (const [customer, into] of [[a, theirs], [b, mine]] as const) {
      into.customer = customer;
      into.circuit = await createCircuit(platform.http, customer);
      into.ticket = await openFault(platform.http, customer, into.circuit);
      // A submitted preliminary fault report, once reporting has learned of the ticket.
      await expectEventually(async () => {
        await platform.http().post(`/api/v1/reports/faults/${into.ticket.id}/versions`).send({ kind: 'preliminary', measures: '派单排查', preventiveMeasures: '待定', stated: {} }).expect(201);
      });
      await platform.http().post(`/api/v1/reports/faults/${into.ticket.id}/versions/1/submit`).send({}).expect(200);
      into.order = (
        await platform
          .http()
          .post('/api/v1/orders')
          .send(orderRequest(customer, { progressReportsRequired: false, crossDomain: false }))
          .expect(201)
      ).body;
      await expectEventually(async () => {
        into.complaint = (
          await platform.http().post('/api/v1/complaints').send({ customerId: customer.id, important: false, involvesOtherDepartments: false, description: '回复慢' }).expect(201)
        ).body;
      });
      const now = platform.clock.now().getTime();
      await expectEventually(async () => {
        into.guarantee = (
          await platform
            .http()
            .post('/api/v1/guarantees')
            .send({
              customerId: customer.id,
              title: '重要时期保障',
              startsAt: new Date(now + 3_600_000).toISOString(),
              endsAt: new Date(now + 7_200_000).toISOString(),
              circuitCodes: [into.circuit.code],
              staff: [{ name: '李工', role: '现场保障', phone: '13800000001' }],
            })
            .expect(201)
        ).body;
      });
      await expectEventually(async () => {
        into.visit = (await platform.http().post('/api/v1/visits').send({ customerId: customer.id, kind: 'routine', owner: 'wang', plannedDate: '2026-12-01' }).expect(201)).body;
      });
    }
    // KPI samples of both circuits, three of them over the latency threshold: each circuit has a trend and a warning.
    for (const into of [theirs, mine]) {
      const at = (i: number) => new Date(platform.clock.now().getTime() - (3 - i) * 300_000).toISOString();
      await expectEventually(async () => {
        const reply = await platform
          .http()
          .post('/api/v1/quality/samples')
          .send({ source: 'iso', batchId: `iso-${into.circuit.code}`, samples: [0, 1, 2].map((i) => ({ circuitCode: into.circuit.code, at: at(i), latencyMs: 200 })) })
          .expect(200);
        expect(reply.body.accepted).toBe(3);
      });
    }
    // A dial test of each customer's circuit asked from its ticket, answered failed by a probe system.
    for (const into of [theirs, mine]) {
      await expectEventually(async () => {
        into.dialTest = (await platform.http().post(`/api/v1/faults/${into.ticket.id}/dial-tests`).send({ kind: 'ping' }).expect(201)).body;
      });
      const at = (m: number) => new Date(platform.clock.now().getTime() - m * 60_000).toISOString();
      const result = { dialTestId: into.dialTest.dialTestId, outcome: 'failed', startedAt: at(2), finishedAt: at(1), ping: { sent: 10, received: 4 }, faultySegment: 'a_access' };
      await platform.http().post('/api/v1/quality/dial-tests/results').send(result).expect(200);
    }
    // A cutover over both customers' circuits, and one over the other customer's only.
    const cutover = (circuitCodes: string[]) => ({ title: '割接', description: '设备升级', owner: '王工', circuitCodes, windowStart: '2026-11-20T17:00:00.000Z', windowEnd: '2026-11-20T21:00:00.000Z' });
    await expectEventually(async () => {
      mine.sharedCutover = (await platform.http().post('/api/v1/cutovers').send(cutover([theirs.circuit.code, mine.circuit.code])).expect(201)).body;
    });
    theirs.cutover = (await platform.http().post('/api/v1/cutovers').send(cutover([theirs.circuit.code])).expect(201)).body;
    // Each customer has deliveries to its own people and its user a message in the inbox (its ticket was taken).
    for (const [into, user] of [[theirs, userA], [mine, userB]] as const) {
      await expectEventually(async () => {
        into.deliveries = await deliveriesOf(into.customer.id);
        expect(into.deliveries.some((d: Json) => d.audience === 'customer')).toBe(true);
        into.inbox = (await user.http().get('/api/v1/notifications/inbox').query({ limit: 200 }).expect(200)).body.items;
        expect(into.inbox.map((m: Json) => [m.subjectId, m.customerId])).toContainEqual([into.ticket.id, into.customer.id]);
      });
    }
  });

  afterAll(async () => {
    await platform.close();
  });

  /** A customer's deliveries, as the administrator lists them (to its people and to the staff). */
  const deliveriesOf = async (customerId: string): Promise<Json[]> => (await platform.http().get('/api/v1/notifications').query({ customerId, limit: 200 }).expect(200)).body.items;

  /** How many of these users the notifier's directory holds. */
  async function directoryUsers(ids: string[]): Promise<number> {
    const db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      return (await db.query('SELECT 1 FROM notifier.directory_users WHERE id = ANY($1)', [ids])).rowCount ?? 0;
    } finally {
      await db.end();
    }
  }

  /** For each read route a customer's user may call: what it must see of its own customer and never of another. */
  const probes: Record<string, (http: TestUser['http']) => Promise<void>> = {
    'get /api/v1/customers/{id}': async (http) => {
      await http().get(`/api/v1/customers/${theirs.customer.id}`).expect(404);
      expect((await http().get(`/api/v1/customers/${mine.customer.id}`).expect(200)).body.id).toBe(mine.customer.id);
    },
    'get /api/v1/circuits': async (http) => {
      for (const query of [{}, { customerId: theirs.customer.id }, { code: theirs.circuit.code }]) {
        const page = (await http().get('/api/v1/circuits').query(query).expect(200)).body;
        expect(page.items.every((c: Json) => c.customerId === mine.customer.id)).toBe(true);
        expect(page.items.some((c: Json) => c.id === theirs.circuit.id)).toBe(false);
      }
      expect((await http().get('/api/v1/circuits').query({ count: 'exact' }).expect(200)).body.total).toBe(1);
    },
    'get /api/v1/circuits/{id}': async (http) => {
      await http().get(`/api/v1/circuits/${theirs.circuit.id}`).expect(404);
      await http().get(`/api/v1/circuits/${mine.circuit.id}`).expect(200);
    },
    'get /api/v1/faults': async (http) => {
      for (const query of [{}, { customerId: theirs.customer.id }, { circuitCode: theirs.circuit.code }]) {
        const page = (await http().get('/api/v1/faults').query(query).expect(200)).body;
        expect(page.items.some((t: Json) => t.id === theirs.ticket.id)).toBe(false);
        expect(page.items.every((t: Json) => t.customerId === mine.customer.id)).toBe(true);
      }
      expect((await http().get('/api/v1/faults').expect(200)).body.items.map((t: Json) => t.id)).toEqual([mine.ticket.id]);
    },
    'get /api/v1/faults/{id}': async (http) => {
      await http().get(`/api/v1/faults/${theirs.ticket.id}`).expect(404);
      await http().get(`/api/v1/faults/${mine.ticket.id}`).expect(200);
    },
    'get /api/v1/clocks/{service}': async (http) => {
      for (const query of [{}, { subjectId: theirs.ticket.id }, { subjectType: 'leg' }, { kind: 'dispatch' }]) {
        const page = (await http().get('/api/v1/clocks/fault').query({ ...query, limit: 200 }).expect(200)).body;
        expect(page.items.every((c: Json) => c.subjectId === mine.ticket.id && ['first-feedback', 'feedback', 'resolution'].includes(c.kind))).toBe(true);
      }
      expect((await http().get('/api/v1/clocks/fault').expect(200)).body.items.length).toBeGreaterThan(0);
      for (const service of ['provisioning', 'visits']) await http().get(`/api/v1/clocks/${service}`).expect(403);
    },
    'get /api/v1/clocks/{service}/{id}': async (http) => {
      const clockOf = async (ticketId: string): Promise<Json> =>
        (await platform.http().get('/api/v1/clocks/fault').query({ subjectId: ticketId, kind: 'first-feedback' }).expect(200)).body.items[0];
      await http().get(`/api/v1/clocks/fault/${(await clockOf(theirs.ticket.id)).id}`).expect(404);
      expect((await http().get(`/api/v1/clocks/fault/${(await clockOf(mine.ticket.id)).id}`).expect(200)).body.clock.subjectId).toBe(mine.ticket.id);
    },
    'get /api/v1/orders': async (http) => {
      for (const query of [{}, { customerId: theirs.customer.id }]) {
        const page = (await http().get('/api/v1/orders').query(query).expect(200)).body;
        expect(page.items.map((o: Json) => o.id)).toEqual([mine.order.id]);
      }
    },
    'get /api/v1/orders/{id}': async (http) => {
      await http().get(`/api/v1/orders/${theirs.order.id}`).expect(404);
      await http().get(`/api/v1/orders/${mine.order.id}`).expect(200);
    },
    'get /api/v1/complaints': async (http) => {
      for (const query of [{}, { customerId: theirs.customer.id }]) {
        const page = (await http().get('/api/v1/complaints').query(query).expect(200)).body;
        expect(page.items.map((c: Json) => c.id)).toEqual([mine.complaint.id]);
      }
    },
    'get /api/v1/complaints/{id}': async (http) => {
      await http().get(`/api/v1/complaints/${theirs.complaint.id}`).expect(404);
      await http().get(`/api/v1/complaints/${mine.complaint.id}`).expect(200);
    },
    'get /api/v1/cutovers': async (http) => {
      for (const query of [{}, { customerId: theirs.customer.id }, { circuitCode: theirs.circuit.code }]) {
        const page = (await http().get('/api/v1/cutovers').query(query).expect(200)).body;
        expect(page.items.every((c: Json) => c.id === mine.sharedCutover.id)).toBe(true);
        for (const text of [theirs.customer.id, theirs.circuit.code]) expect(JSON.stringify(page)).not.toContain(text);
      }
      expect((await http().get('/api/v1/cutovers').expect(200)).body.items.map((c: Json) => c.id)).toEqual([mine.sharedCutover.id]);
      expect((await http().get('/api/v1/cutovers').query({ circuitCode: theirs.circuit.code }).expect(200)).body.items).toEqual([]);
    },
    'get /api/v1/cutovers/{id}': async (http) => {
      await http().get(`/api/v1/cutovers/${theirs.cutover.id}`).expect(404);
      const shared = (await http().get(`/api/v1/cutovers/${mine.sharedCutover.id}`).expect(200)).body;
      expect(shared).toMatchObject({ circuitCodes: [mine.circuit.code], customerIds: [mine.customer.id] });
      for (const text of [theirs.customer.id, theirs.circuit.code]) expect(JSON.stringify(shared)).not.toContain(text);
    },
    'get /api/v1/guarantees': async (http) => {
      for (const query of [{}, { customerId: theirs.customer.id }, { circuitCode: theirs.circuit.code }]) {
        const page = (await http().get('/api/v1/guarantees').query(query).expect(200)).body;
        expect(page.items.every((g: Json) => g.customerId === mine.customer.id)).toBe(true);
        expect(page.items.some((g: Json) => g.id === theirs.guarantee.id)).toBe(false);
      }
      expect((await http().get('/api/v1/guarantees').expect(200)).body.items.map((g: Json) => g.id)).toEqual([mine.guarantee.id]);
    },
    'get /api/v1/guarantees/{id}': async (http) => {
      await http().get(`/api/v1/guarantees/${theirs.guarantee.id}`).expect(404);
      await http().get(`/api/v1/guarantees/${mine.guarantee.id}`).expect(200);
    },
    'get /api/v1/reports/faults/{id}': async (http) => {
      await http().get(`/api/v1/reports/faults/${theirs.ticket.id}`).expect(404);
      expect((await http().get(`/api/v1/reports/faults/${mine.ticket.id}`).expect(200)).body).toMatchObject({ ticketId: mine.ticket.id, customerId: mine.customer.id });
      // The same route's documents (HTML, PDF): the same confinement.
      await http().get(`/api/v1/reports/faults/${theirs.ticket.id}`).set('Accept', 'text/html').expect(404);
      await http().get(`/api/v1/reports/faults/${theirs.ticket.id}`).set('Accept', 'application/pdf').expect(404);
      const html = (await http().get(`/api/v1/reports/faults/${mine.ticket.id}`).set('Accept', 'text/html').expect(200)).text;
      expect(html).toContain(mine.customer.name);
      expect(html).not.toContain(theirs.customer.name);
    },
    'get /api/v1/reports/faults': async (http) => {
      const page = (await http().get('/api/v1/reports/faults').query({ customerId: theirs.customer.id }).expect(200)).body;
      expect(page.items.map((r: Json) => r.ticketId)).toEqual([mine.ticket.id]);
    },
    'get /api/v1/reports/analysis/{customerId}': async (http) => {
      await http().get(`/api/v1/reports/analysis/${theirs.customer.id}`).expect(404);
      const day = new Date(platform.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      const report = (await http().get(`/api/v1/reports/analysis/${mine.customer.id}`).query({ from: day, to: day }).expect(200)).body;
      expect(report).toMatchObject({ customerId: mine.customer.id, customer: { id: mine.customer.id } });
      expect(report.availability.map((c: Json) => c.circuitId)).toEqual([mine.circuit.id]);
      for (const id of [theirs.customer.id, theirs.circuit.id, theirs.ticket.id]) expect(JSON.stringify(report)).not.toContain(id);
      // The same route's documents (HTML, PDF): the same confinement.
      await http().get(`/api/v1/reports/analysis/${theirs.customer.id}`).set('Accept', 'text/html').expect(404);
      await http().get(`/api/v1/reports/analysis/${theirs.customer.id}`).set('Accept', 'application/pdf').expect(404);
      const html = (await http().get(`/api/v1/reports/analysis/${mine.customer.id}`).query({ from: day, to: day }).set('Accept', 'text/html').expect(200)).text;
      expect(html).toContain(mine.circuit.code);
      expect(html).not.toContain(theirs.circuit.code);
    },
    'get /api/v1/customers/{id}/service-history': async (http) => {
      await http().get(`/api/v1/customers/${theirs.customer.id}/service-history`).expect(404);
      const page = (await http().get(`/api/v1/customers/${mine.customer.id}/service-history`).expect(200)).body;
      expect(page.items.map((h: Json) => h.id)).toEqual(expect.arrayContaining([mine.guarantee.id]));
      expect(page.items.every((h: Json) => h.customerId === mine.customer.id)).toBe(true);
    },
    'get /api/v1/visits': async (http) => {
      for (const query of [{}, { customerId: theirs.customer.id }]) {
        const page = (await http().get('/api/v1/visits').query(query).expect(200)).body;
        expect(page.items.map((v: Json) => v.id)).toEqual([mine.visit.id]);
      }
    },
    'get /api/v1/visits/{id}': async (http) => {
      await http().get(`/api/v1/visits/${theirs.visit.id}`).expect(404);
      await http().get(`/api/v1/visits/${mine.visit.id}`).expect(200);
    },
    // Its customer's deliveries to the customer's people; none of the other customer's (as the administrator lists them).
    'get /api/v1/notifications': async (http) => {
      const others = theirs.deliveries.map((d: Json) => d.id);
      const own = mine.deliveries.filter((d: Json) => d.audience === 'customer').map((d: Json) => d.id);
      for (const query of [{}, { customerId: theirs.customer.id }]) {
        const page = (await http().get('/api/v1/notifications').query({ ...query, limit: 200 }).expect(200)).body;
        expect(page.items.length).toBeGreaterThan(0);
        expect(page.items.every((d: Json) => d.customerId === mine.customer.id && d.audience === 'customer')).toBe(true);
        expect(page.items.map((d: Json) => d.id)).toEqual(expect.arrayContaining(own));
        expect(page.items.filter((d: Json) => others.includes(d.id))).toEqual([]);
      }
    },
    'get /api/v1/notifications/{id}': async (http) => {
      const others = theirs.deliveries.filter((d: Json) => d.audience === 'customer');
      expect(others.length).toBeGreaterThan(0);
      for (const d of others.slice(0, 5)) await http().get(`/api/v1/notifications/${d.id}`).expect(404);
      // Not even the staff's deliveries about its own customer.
      for (const d of mine.deliveries.filter((x: Json) => x.audience === 'staff').slice(0, 2)) await http().get(`/api/v1/notifications/${d.id}`).expect(404);
      const own = mine.deliveries.find((d: Json) => d.audience === 'customer');
      expect((await http().get(`/api/v1/notifications/${own.id}`).expect(200)).body).toMatchObject({ id: own.id, customerId: mine.customer.id });
    },
    // An inbox is its own user's: its messages, nothing of the other customer's user's.
    'get /api/v1/notifications/inbox': async (http) => {
      const others = theirs.inbox.map((m: Json) => m.id);
      expect(others.length).toBeGreaterThan(0);
      const page = (await http().get('/api/v1/notifications/inbox').query({ limit: 200 }).expect(200)).body;
      expect(page.items.map((m: Json) => m.subjectId)).toContain(mine.ticket.id);
      expect(page.items.filter((m: Json) => others.includes(m.id))).toEqual([]);
      expect(page.items.every((m: Json) => m.customerId === mine.customer.id)).toBe(true);
    },
    'get /api/v1/notifications/inbox/count': async (http) => {
      const unread = (await http().get('/api/v1/notifications/inbox').query({ unread: true, count: 'exact' }).expect(200)).body.total;
      expect(unread).toBeGreaterThan(0);
      expect((await http().get('/api/v1/notifications/inbox/count').expect(200)).body).toEqual({ unread });
    },
    'get /api/v1/quality/circuits/{id}/trend': async (http) => {
      await http().get(`/api/v1/quality/circuits/${theirs.circuit.id}/trend`).expect(404);
      expect((await http().get(`/api/v1/quality/circuits/${mine.circuit.id}/trend`).expect(200)).body.series.latencyMs).toHaveLength(3);
    },
    'get /api/v1/quality/customers/{id}/worst-circuits': async (http) => {
      await http().get(`/api/v1/quality/customers/${theirs.customer.id}/worst-circuits`).expect(404);
      const worst = (await http().get(`/api/v1/quality/customers/${mine.customer.id}/worst-circuits`).expect(200)).body;
      expect(worst.circuits.map((c: Json) => c.circuitId)).toEqual([mine.circuit.id]);
    },
    'get /api/v1/quality/warnings': async (http) => {
      for (const query of [{}, { customerId: theirs.customer.id }, { circuitId: theirs.circuit.id }]) {
        const page = (await http().get('/api/v1/quality/warnings').query(query).expect(200)).body;
        expect(page.items.every((w: Json) => w.customerId === mine.customer.id)).toBe(true);
      }
      const own = (await http().get('/api/v1/quality/warnings').expect(200)).body.items;
      expect(own.map((w: Json) => w.circuitId)).toContain(mine.circuit.id);
    },
    'get /api/v1/quality/dial-tests': async (http) => {
      for (const query of [{}, { customerId: theirs.customer.id }, { circuitId: theirs.circuit.id }, { ticketId: theirs.ticket.id }]) {
        const page = (await http().get('/api/v1/quality/dial-tests').query(query).expect(200)).body;
        expect(page.items.every((d: Json) => d.customerId === mine.customer.id)).toBe(true);
      }
      expect((await http().get('/api/v1/quality/dial-tests').expect(200)).body.items.map((d: Json) => d.dialTestId)).toEqual([mine.dialTest.dialTestId]);
    },
    'get /api/v1/quality/dial-tests/{id}': async (http) => {
      await http().get(`/api/v1/quality/dial-tests/${theirs.dialTest.dialTestId}`).expect(404);
      expect((await http().get(`/api/v1/quality/dial-tests/${mine.dialTest.dialTestId}`).expect(200)).body).toMatchObject({ status: 'failed', customerId: mine.customer.id });
    },
    'get /api/v1/faults/{id}/dial-tests': async (http) => {
      await http().get(`/api/v1/faults/${theirs.ticket.id}/dial-tests`).expect(404);
      expect((await http().get(`/api/v1/faults/${mine.ticket.id}/dial-tests`).expect(200)).body.items.map((d: Json) => d.dialTestId)).toEqual([mine.dialTest.dialTestId]);
    },
    'get /api/v1/quality/statistics': async (http) => {
      const from = new Date(platform.clock.now().getTime() - 86_400_000).toISOString();
      const to = new Date(platform.clock.now().getTime() + 86_400_000).toISOString();
      for (const query of [{ groupBy: 'customer' }, { groupBy: 'customer', customerId: theirs.customer.id }]) {
        const page = (await http().get('/api/v1/quality/statistics').query({ ...query, from, to }).expect(200)).body;
        expect(page.items.map((r: Json) => r.key)).toEqual([mine.customer.id]);
      }
      const circuits = (await http().get('/api/v1/quality/statistics').query({ groupBy: 'circuit', from, to }).expect(200)).body;
      expect(circuits.items.map((r: Json) => r.key)).toEqual([mine.circuit.id]);
      for (const groupBy of ['serviceType', 'region']) {
        const page = (await http().get('/api/v1/quality/statistics').query({ groupBy, from, to }).expect(200)).body;
        expect(page.items.reduce((n: number, r: Json) => n + r.circuits, 0)).toBe(1);
      }
    },
    'get /api/v1/auth/me': async (http) => {
      expect((await http().get('/api/v1/auth/me').expect(200)).body.customerId).toBe(mine.customer.id);
    },
    // Not customer data: the same for everyone.
    'get /api/v1/calendar/years': async (http) => {
      await http().get('/api/v1/calendar/years').expect(200);
    },
    'get /api/v1/calendar/years/{year}': async (http) => {
      await http().get('/api/v1/calendar/years/2026').expect(200);
    },
    // Opens for the customer's user; which events it delivers is tried below, with live events of both customers.
    'get /api/v1/events/stream': async () => {
      const stream = await subscribe(base, userB.token);
      stream.close();
    },
  };

  it("tries every read route a customer's user may call as another customer, and sees only its own", async () => {
    const doc = (await platform.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, { 'x-roles': string[] }>> };
    const readable = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method, op]) => method === 'get' && op['x-roles'].includes('customer_user'))
        .map(([method]) => `${method} ${path}`),
    );
    // A new route a customer may read must come with its probe here.
    expect(readable.sort()).toEqual(Object.keys(probes).sort());
    for (const route of readable) await probes[route](userB.http);
  });

  it("cannot report a fault on another customer's circuit, and learns nothing of it", async () => {
    const refused = await userB
      .http()
      .post('/api/v1/faults')
      .send({
        customerCode: theirs.customer.code,
        customerName: theirs.customer.name,
        serviceType: 'mstp',
        circuitCode: theirs.circuit.code,
        direction: 'A—Z',
        faultAt: platform.clock.now().toISOString(),
        symptom: '中断',
        reporterName: '乙',
        reporterContact: '13900000000',
        channel: 'portal',
      })
      .expect(422);
    expect(refused.body.code).toBe('CIRCUIT_UNKNOWN');
    expect(JSON.stringify(refused.body)).not.toContain(theirs.customer.code);
    // Its own circuit: already open, so the report is linked to the open ticket.
    const own = await userB.http().post('/api/v1/faults').send(intake(mine.customer, mine.circuit, { channel: 'portal' })).expect(200);
    expect(own.body.id).toBe(mine.ticket.id);
    await userB.http().get(`/api/v1/faults/${mine.ticket.id}/timeline`).expect(403);
  });

  it('keeps Idempotency-Key records per user: the same key from two users opens two complaints', async () => {
    const manager = await platform.user(['customer_manager']);
    const body = { customerId: mine.customer.id, important: false, involvesOtherDepartments: false, description: '同一个键' };
    const first = await platform.http().post('/api/v1/complaints').set('Idempotency-Key', 'shared-key-1').send(body).expect(201);
    const other = await manager.http().post('/api/v1/complaints').set('Idempotency-Key', 'shared-key-1').send({ ...body, description: '另一位用户' }).expect(201);
    expect(other.body.id).not.toBe(first.body.id);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    const retry = await platform.http().post('/api/v1/complaints').set('Idempotency-Key', 'shared-key-1').send(body).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
  });

  it('is enforced by the services themselves, whatever reaches them over NATS', async () => {
    const nc: NatsConnection = await connectNats(platform.natsUrl, 'isolation-test');
    try {
      const rpc = new RpcClient(nc, 3000);
      const callerB: Caller = { sub: userB.id, username: userB.username, roles: ['customer_user'], customerId: mine.customer.id };
      await expect(rpc.send(FaultRpc.getTicket, { id: theirs.ticket.id }, { caller: callerB })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const page = await rpc.send(FaultRpc.listTickets, { customerId: theirs.customer.id }, { caller: callerB });
      expect(page.items.map((t) => t.id)).toEqual([mine.ticket.id]);
      await expect(rpc.send(FaultRpc.timeline, { id: mine.ticket.id }, { caller: callerB })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(rpc.send(FaultRpc.cancel, { id: theirs.ticket.id, reason: 'x' }, { caller: callerB })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      // No caller at all: refused.
      const headers = natsHeaders();
      headers.set('x-request-id', 'no-caller');
      const bare = await nc.request(FaultRpc.getTicket.subject, JSON.stringify({ pattern: FaultRpc.getTicket.subject, data: { id: mine.ticket.id }, id: '1' }), { timeout: 3000, headers });
      expect(bare.json<{ err: { code: string } }>().err.code).toBe('UNAUTHENTICATED');
      // A caller header that is not a caller: refused too.
      headers.set(CALLER_HEADER, encodeCaller(callerB).slice(3));
      const garbled = await nc.request(FaultRpc.getTicket.subject, JSON.stringify({ pattern: FaultRpc.getTicket.subject, data: { id: mine.ticket.id }, id: '2' }), { timeout: 3000, headers });
      expect(garbled.json<{ err: { code: string } }>().err.code).toBe('UNAUTHENTICATED');
    } finally {
      await nc.close();
    }
  });

  it('streams a status change to the customer who owns the ticket and not to another, and resumes with Last-Event-ID', async () => {
    const streamA = await subscribe(base, userA.token);
    const streamB = await subscribe(base, userB.token);
    const noc = await platform.user(['noc']);
    const streamNoc = await subscribe(base, noc.token);
    try {
      await platform.http().post(`/api/v1/faults/${theirs.ticket.id}/cancel`).send({ reason: '客户误报' }).expect(200);
      await expectEventually(() => {
        expect(streamA.events).toEqual([expect.objectContaining({ event: 'ticket.changed', data: expect.objectContaining({ subjectId: theirs.ticket.id }) })]);
        expect(streamA.events[0].data.data).toMatchObject({ ticketId: theirs.ticket.id, customerId: a.id, status: 'cancelled' });
        expect(streamNoc.events.some((e) => e.data.subjectId === theirs.ticket.id && e.event === 'ticket.changed')).toBe(true);
      });
      // B's own change arrives at B, so B's stream works; A's never did.
      await platform.http().post(`/api/v1/faults/${mine.ticket.id}/cancel`).send({ reason: '测试' }).expect(200);
      await expectEventually(() => expect(streamB.events.map((e) => e.data.subjectId)).toEqual([mine.ticket.id]));
      expect(streamA.events.some((e) => e.data.subjectId === mine.ticket.id)).toBe(false);
    } finally {
      streamA.close();
      streamB.close();
      streamNoc.close();
    }

    // While A is away a new fault of its circuit is reported; reconnecting after the last event it saw, it misses nothing.
    const lastSeen = streamA.events[streamA.events.length - 1].id;
    const missed = await openFault(platform.http, a, theirs.circuit, { symptom: '再次中断' });
    const back = await subscribe(base, userA.token, lastSeen);
    try {
      await expectEventually(() => expect(back.events.map((e) => [e.event, e.data.subjectId])).toContainEqual(['ticket.opened', missed.id]));
      expect(back.events.every((e) => e.data.data.customerId === a.id)).toBe(true);
      expect(Number(back.events[0].id)).toBeGreaterThan(Number(lastSeen));
    } finally {
      back.close();
    }
  });

  it('shows a customer the cause it was told, never the true cause, escalations or dispatch legs — over REST, NATS and SSE alike', async () => {
    const noc = await platform.user(['noc']);
    const streamB = await subscribe(base, userB.token);
    const streamNoc = await subscribe(base, noc.token);
    const circuit = await createCircuit(platform.http, b);
    const ticket = await openFault(platform.http, b, circuit, { symptom: '专线中断' });
    const act = (path: string, body: object) => platform.http().post(`/api/v1/faults/${ticket.id}/${path}`).send(body).expect(200);
    try {
      await act('dispatch', { legs: [{ unit: '广州本地网传输中心', segment: 'a_access' }, { unit: '北京本地网传输中心', segment: 'z_access' }] });
      await act('escalations', { level: 'supervisor', reason: '内部升级：配置误操作疑似' });
      // The customer's own second report is answered with the customer's view of the open ticket.
      const duplicate = (await userB.http().post('/api/v1/faults').send(intake(b, circuit, { channel: 'portal' })).expect(200)).body;
      expect(duplicate).toMatchObject({ id: ticket.id, duplicateReports: 1 });
      for (const key of ['legs', 'escalations', 'escalationLevel']) expect(duplicate).not.toHaveProperty(key);
      await act('restore', {});
      await act('close', {
        causeCategory: 'operator_configuration',
        causeSegment: 'backbone',
        causeDescription: '骨干网配置误操作',
        customerFacingCause: '传输设备故障',
        customerConfirmedBy: '客户网管',
      });
      const internal = ['骨干网配置误操作', 'operator_configuration', 'backbone', '广州本地网传输中心', '内部升级', 'supervisor', 'escalat'];
      const expectCustomerView = (view: Json) => {
        expect(view).toMatchObject({ id: ticket.id, status: 'closed', causeDescription: '传输设备故障' });
        for (const key of ['legs', 'escalations', 'escalationLevel', 'causeCategory', 'causeSegment', 'customerFacingCause', 'causeDiffersFromCustomerReply']) expect(view).not.toHaveProperty(key);
        for (const text of internal) expect(JSON.stringify(view)).not.toContain(text);
      };

      // REST
      expectCustomerView((await userB.http().get(`/api/v1/faults/${ticket.id}`).expect(200)).body);
      expectCustomerView((await userB.http().get('/api/v1/faults').query({ circuitCode: circuit.code }).expect(200)).body.items[0]);
      // Staff see the true cause.
      expect((await noc.http().get(`/api/v1/faults/${ticket.id}`).expect(200)).body).toMatchObject({ causeDescription: '骨干网配置误操作', customerFacingCause: '传输设备故障', causeDiffersFromCustomerReply: true });

      // NATS, straight to the fault service
      const nc: NatsConnection = await connectNats(platform.natsUrl, 'isolation-projection');
      try {
        const rpc = new RpcClient(nc, 3000);
        const callerB: Caller = { sub: userB.id, username: userB.username, roles: ['customer_user'], customerId: mine.customer.id };
        expectCustomerView(await rpc.send(FaultRpc.getTicket, { id: ticket.id }, { caller: callerB }));
        expectCustomerView((await rpc.send(FaultRpc.listTickets, { circuitCode: circuit.code }, { caller: callerB })).items[0]);
      } finally {
        await nc.close();
      }

      // SSE: the customer gets the projected part of each status change, and nothing of internal actions.
      await expectEventually(() => {
        const mineOnly = streamB.events.filter((e) => e.data.subjectId === ticket.id);
        expect(mineOnly.map((e) => `${e.event} ${e.data.data.action ?? ''}`)).toEqual(['ticket.opened intake', 'ticket.changed dispatch', 'ticket.changed duplicate-report', 'ticket.changed restore', 'ticket.changed close']);
        expect(mineOnly[4].data.data).toMatchObject({ ticketId: ticket.id, status: 'closed', causeDescription: '传输设备故障' });
        for (const e of mineOnly) for (const text of internal) expect(JSON.stringify(e)).not.toContain(text);
        expect(streamNoc.events.find((e) => e.data.subjectId === ticket.id && e.data.data.action === 'close')?.data.data).toMatchObject({ causeCategory: 'operator_configuration' });
        expect(streamNoc.events.some((e) => e.data.subjectId === ticket.id && e.event === 'ticket.escalated')).toBe(true);
      });
    } finally {
      streamB.close();
      streamNoc.close();
    }
  });
});
