import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { freshEnvironment } from '../../../../test/support/platform';
import { DEADLINE_ENTITIES, DeadlineClock, DeadlineClockEvent } from '../deadlines/deadline.entities';
import { createServiceDataSource, isUniqueViolation, serviceDatabaseUrl } from './database';
import { insertLater } from './deferred-inserts';

/** Rows queued by insertLater reach Postgres as one statement, yet the transaction behaves as if each were inserted at once. */
describe('insertLater on real Postgres', () => {
  let env: Awaited<ReturnType<typeof freshEnvironment>>;
  let db: DataSource;
  const statements: string[] = [];

  beforeAll(async () => {
    env = await freshEnvironment();
    db = await createServiceDataSource({ url: serviceDatabaseUrl(env.databaseUrl, 'fault'), schema: 'fault', entities: DEADLINE_ENTITIES, migrations: [] }).initialize();
  });

  afterAll(async () => {
    await db.destroy();
    await env.drop();
  });

  const clock = (id = randomUUID()): Partial<DeadlineClock> => ({
    id,
    subjectType: 'ticket',
    subjectId: randomUUID(),
    kind: 'dispatch',
    basis: 'wall',
    limitMs: 600_000,
    fixedDue: false,
    warnBeforeMs: [60_000],
    status: 'running',
    startedAt: new Date('2026-12-01T02:00:00Z'),
    resumedAt: new Date('2026-12-01T02:00:00Z'),
    usedMs: 0,
    dueAt: new Date('2026-12-01T02:10:00Z'),
    warningsFired: 0,
    calendarVersions: [],
    provisional: false,
  });
  const event = (clockId: string, n: number) => ({ clockId, type: 'start' as const, at: new Date(), detail: { n, text: '开始计时' } as never });

  /** Runs a transaction, recording the statements it sends. */
  async function transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    statements.length = 0;
    return db.transaction(async (m) => {
      const query = m.queryRunner!.query.bind(m.queryRunner);
      m.queryRunner!.query = ((sql: string, ...rest: unknown[]) => {
        statements.push(sql.trim().split(/\s+/).slice(0, 2).join(' '));
        return (query as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
      }) as typeof query;
      return work(m);
    });
  }

  it('sends the rows of several tables as one statement at COMMIT, children before their parent included', async () => {
    const c = clock();
    await transaction(async (m) => {
      await insertLater(m, DeadlineClockEvent, [event(c.id!, 1), event(c.id!, 2)]);
      await insertLater(m, DeadlineClock, c);
      await insertLater(m, DeadlineClockEvent, event(c.id!, 3));
    });
    expect(statements).toEqual(['WITH w0', 'COMMIT']);
    const stored = await db.getRepository(DeadlineClockEvent).find({ where: { clockId: c.id }, order: { id: 'ASC' } });
    expect(stored.map((e) => e.detail)).toEqual([1, 2, 3].map((n) => ({ n, text: '开始计时' })));
    expect(await db.getRepository(DeadlineClock).findOneByOrFail({ id: c.id })).toMatchObject({ warnBeforeMs: [60_000], limitMs: 600_000, calendarVersions: [] });
  });

  it('sends the queue ahead of any other statement, so the transaction reads what it wrote', async () => {
    const c = clock();
    const seen = await transaction(async (m) => {
      await insertLater(m, DeadlineClock, c);
      return m.countBy(DeadlineClock, { id: c.id });
    });
    expect(seen).toBe(1);
    expect(statements).toEqual(['INSERT INTO', expect.stringMatching(/^SELECT/), 'COMMIT']);
  });

  it('drops the queue when the transaction rolls back', async () => {
    const c = clock();
    await expect(
      transaction(async (m) => {
        await insertLater(m, DeadlineClock, c);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await db.getRepository(DeadlineClock).countBy({ id: c.id })).toBe(0);
  });

  it('a constraint the rows break fails the transaction, as an insert at once would', async () => {
    const id = randomUUID();
    const failure = await transaction(async (m) => {
      await insertLater(m, DeadlineClock, [clock(id), clock(id)]);
    }).catch((err: unknown) => err);
    expect(isUniqueViolation(failure)).toBe(true);
    expect(await db.getRepository(DeadlineClock).countBy({ id })).toBe(0);
  });

  it('splits a queue too long for one statement at the parameter limit, keeping every row', async () => {
    const c = clock();
    await transaction(async (m) => {
      await insertLater(m, DeadlineClock, c);
      await insertLater(
        m,
        DeadlineClockEvent,
        Array.from({ length: 9000 }, (_, n) => event(c.id!, n)),
      );
    });
    expect(statements.filter((s) => s !== 'COMMIT').length).toBe(2);
    expect(await db.getRepository(DeadlineClockEvent).countBy({ clockId: c.id })).toBe(9000);
  });

  it('outside a transaction inserts at once', async () => {
    const c = clock();
    await insertLater(db.manager, DeadlineClock, c);
    expect(await db.getRepository(DeadlineClock).countBy({ id: c.id })).toBe(1);
  });
});
