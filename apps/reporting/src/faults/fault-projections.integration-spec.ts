import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CircuitEvents, clockEvents, createServiceDataSource, EventContract, EventEnvelope, FaultEvents, ProvisioningEvents, serviceDatabaseUrl } from '@app/shared';
import { freshEnvironment } from '../../../../test/support/platform';
import { REPORTING_ENTITIES } from '../reporting.module';
import { REPORTING_READ_MODELS } from '../read-models';
import { registerFaultProjections } from './fault-projections';

type Applied = (m: EntityManager) => Promise<void>;

/** The fault read models give the same rows whatever order their events arrive in, and however often. */
describe('fault read models on real Postgres', () => {
  let env: Awaited<ReturnType<typeof freshEnvironment>>;
  let db: DataSource;
  const handlers = new Map<string, Array<(data: object, e: EventEnvelope<object>, m: EntityManager) => Promise<void>>>();
  registerFaultProjections({
    on: (contract, handler) => handlers.set(contract.type, [...(handlers.get(contract.type) ?? []), handler as never]),
  });

  beforeAll(async () => {
    env = await freshEnvironment();
    db = await createServiceDataSource({ url: serviceDatabaseUrl(env.databaseUrl, 'reporting'), schema: 'reporting', entities: REPORTING_ENTITIES, migrations: [] }).initialize();
  });

  afterAll(async () => {
    await db.destroy();
    await env.drop();
  });

  function event<T extends object>(contract: EventContract<T>, occurredAt: string, data: T): Applied {
    const envelope: EventEnvelope<T> = { id: randomUUID(), type: contract.type, source: contract.source, occurredAt, subjectId: 'x', data };
    return async (m) => {
      for (const handler of handlers.get(contract.type)!) await handler(data, envelope as EventEnvelope<object>, m);
    };
  }

  const customerId = randomUUID();
  const circuitId = randomUUID();
  const ticketId = randomUUID();
  const clockId = randomUUID();
  const circuit = (business: string) => ({
    id: circuitId,
    code: 'CIR-1',
    customerId,
    serviceType: 'mstp' as const,
    bandwidthMbps: 100,
    aEnd: { address: 'a', city: '广州', province: '广东' },
    zEnd: { address: 'z', city: '北京', province: '北京' },
    grade: 'AA' as const,
    business,
    importance: 'high' as const,
    protection: 'main' as const,
    state: 'live' as const,
  });
  const ticket = { ticketId, number: 'GZ-1', customerId };
  const whole = { circuitId, circuitCode: 'CIR-1', faultAt: '2026-11-02T01:58:00Z', reportedAt: '2026-11-02T02:00:00Z', openedAt: '2026-11-02T02:00:00Z', suspended: false, closedWithoutRestoration: false };
  const told = (status: 'dispatched' | 'restored' | 'closed', action: string, at: string) => ({ status, action, at });
  const clock = { clockId, subjectType: 'ticket', subjectId: ticketId, customerId, kind: 'resolution', basis: 'wall' as const, limitMs: 3_600_000, dueAt: '2026-11-02T03:00:00Z' };
  const EVENTS: Applied[] = [
    event(ProvisioningEvents.customerCreated, '2026-11-01T00:00:00Z', { id: customerId, code: 'C-1', name: '甲银行', industry: 'finance', tier: 'diamond', customerEngineer: '赵工', region: '广东' }),
    event(CircuitEvents.created, '2026-11-01T00:01:00Z', circuit('视频会议')),
    event(CircuitEvents.updated, '2026-11-01T00:02:00Z', circuit('呼叫中心')),
    event(FaultEvents.ticketOpened, '2026-11-02T02:00:00Z', {
      ...ticket,
      circuitId,
      circuitCode: 'CIR-1',
      serviceType: 'mstp',
      channel: 'hotline',
      faultAt: whole.faultAt,
      reportedAt: whole.reportedAt,
      openedAt: whole.openedAt,
      symptom: '中断',
      version: 0,
      customerView: { status: 'open', action: 'intake', at: whole.openedAt },
    }),
    event(FaultEvents.ticketChanged, '2026-11-02T02:03:00Z', { ...ticket, ...whole, status: 'dispatched', action: 'dispatch', at: '2026-11-02T02:03:00Z', version: 1, customerView: told('dispatched', 'dispatch', '2026-11-02T02:03:00Z') }),
    event(FaultEvents.ticketChanged, '2026-11-02T02:03:00Z', { ...ticket, ...whole, status: 'dispatched', action: 'escalate', at: '2026-11-02T02:03:00Z', version: 2 }),
    event(clockEvents('fault').breached, '2026-11-02T03:00:00Z', { ...clock, breachedAt: '2026-11-02T03:00:00Z' }),
    event(FaultEvents.ticketChanged, '2026-11-02T03:10:00Z', { ...ticket, ...whole, status: 'restored', action: 'restore', at: '2026-11-02T03:10:00Z', version: 3, restoredAt: '2026-11-02T03:10:00Z', customerView: told('restored', 'restore', '2026-11-02T03:10:00Z') }),
    event(clockEvents('fault').stopped, '2026-11-02T03:10:00Z', { ...clock, stoppedAt: '2026-11-02T03:10:00Z', met: false, countedMs: 4_200_000, exemptMs: 0, reason: 'restore' }),
    event(FaultEvents.ticketChanged, '2026-11-02T03:20:00Z', {
      ...ticket,
      ...whole,
      status: 'closed',
      action: 'close',
      at: '2026-11-02T03:20:00Z',
      version: 4,
      restoredAt: '2026-11-02T03:10:00Z',
      closedAt: '2026-11-02T03:20:00Z',
      causeCategory: 'customer_equipment',
      causeSegment: 'customer_premises',
      causeDescription: '客户路由器故障',
      customerFacingCause: '传输线路瞬断',
      customerView: told('closed', 'close', '2026-11-02T03:20:00Z'),
    }),
    event(FaultEvents.ticketRated, '2026-11-03T01:00:00Z', {
      ...ticket,
      circuitCode: 'CIR-1',
      score: 2,
      comment: '反馈慢',
      ratedBy: 'bank-user',
      ratedAt: '2026-11-03T01:00:00Z',
      closedAt: '2026-11-02T03:20:00Z',
      causeCategory: 'customer_equipment',
    }),
  ];

  async function tables(order: Applied[]): Promise<string> {
    return db.transaction(async (m) => {
      await m.query(`TRUNCATE ${[...REPORTING_READ_MODELS.map((e) => db.getMetadata(e).tableName), 'rating_fact'].join(', ')}`);
      for (const apply of order) await apply(m);
      const rows: unknown[] = [];
      for (const table of ['customer_dim', 'circuit_dim', 'fault_fact', 'ticket_timeline', 'clock_fact', 'rating_fact']) rows.push(await m.query(`SELECT * FROM ${table} ORDER BY 1, 2`));
      return JSON.stringify(rows);
    });
  }

  it('applied in order, the rows describe the ticket after its last change', async () => {
    const rows = JSON.parse(await tables(EVENTS)) as Array<Array<Record<string, unknown>>>;
    expect(rows[1][0]).toMatchObject({ business: '呼叫中心', a_province: '广东', z_province: '北京' });
    expect(rows[2][0]).toMatchObject({ status: 'closed', ticket_version: 4, cause_description: '客户路由器故障', customer_facing_cause: '传输线路瞬断', symptom: '中断', circuit_code: 'CIR-1' });
    expect(rows[3].map((r) => [r.action, r.customer_visible]).sort()).toEqual([['close', true], ['dispatch', true], ['escalate', false], ['intake', true], ['restore', true]]);
    expect(rows[4][0]).toMatchObject({ kind: 'resolution', met: false, counted_ms: '4200000', breached_at: '2026-11-02T03:00:00.000Z' });
    expect(rows[5]).toEqual([{ ticket_id: ticketId, customer_id: customerId, number: 'GZ-1', circuit_code: 'CIR-1', score: 2, comment: '反馈慢', rated_at: '2026-11-03T01:00:00.000Z', closed_at: '2026-11-02T03:20:00.000Z' }]);
  });

  it('gives the same rows reversed, shuffled, and with every event applied twice', async () => {
    const inOrder = await tables(EVENTS);
    expect(await tables([...EVENTS].reverse())).toBe(inOrder);
    // The rating first: before its ticket is known.
    const shuffled = [EVENTS[10], EVENTS[7], EVENTS[2], EVENTS[9], EVENTS[4], EVENTS[0], EVENTS[8], EVENTS[3], EVENTS[6], EVENTS[1], EVENTS[5]];
    expect(await tables(shuffled)).toBe(inOrder);
    expect(await tables(EVENTS.flatMap((e) => [e, e]))).toBe(inOrder);
  });
});
