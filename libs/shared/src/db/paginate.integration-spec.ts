import { randomUUID } from 'node:crypto';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { freshEnvironment } from '../../../../test/support/platform';
import { CursorPageQuery } from '../contracts/paging';
import { createServiceDataSource, serviceDatabaseUrl } from './database';
import { paginate } from './paginate';

@Entity({ name: 'paging_probe' })
class Probe {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'int', nullable: true }) rank!: number | null;
  @Column({ type: 'text' }) name!: string;
}

/** Ties on every sort key, and NULLs, which Postgres puts last ascending and first descending. */
const ROWS = Array.from({ length: 23 }, (_, i) => ({
  id: randomUUID(),
  at: new Date(Date.UTC(2026, 10, 2, 1, 0, 0, Math.floor(i / 3))),
  rank: i % 4 === 0 ? null : i % 5,
  name: `probe-${i % 7}`,
}));

describe('paging on real Postgres', () => {
  let env: Awaited<ReturnType<typeof freshEnvironment>>;
  let db: DataSource;

  beforeAll(async () => {
    env = await freshEnvironment();
    db = await createServiceDataSource({ url: serviceDatabaseUrl(env.databaseUrl, 'reporting'), schema: 'reporting', entities: [Probe], migrations: [], events: false }).initialize();
    await db.query('CREATE TABLE paging_probe (id uuid PRIMARY KEY, at timestamptz NOT NULL, rank int, name text NOT NULL)');
    await db.getRepository(Probe).insert(ROWS);
  });

  afterAll(async () => {
    await db.destroy();
    await env.drop();
  });

  const page = (q: CursorPageQuery, filter?: string) => {
    const qb = db.getRepository(Probe).createQueryBuilder('p');
    if (filter) qb.where(filter);
    return paginate(qb, q, 'at', (p) => p.id, ['rank', 'name']);
  };

  /** Every id in the order Postgres itself gives for `column direction, id`. */
  const ordered = async (column: string, direction: 'ASC' | 'DESC', filter = 'true') =>
    ((await db.query(`SELECT id FROM paging_probe WHERE ${filter} ORDER BY ${column} ${direction}, id ASC`)) as { id: string }[]).map((r) => r.id);

  it.each([
    ['-at', 'at', 'DESC'],
    ['at', 'at', 'ASC'],
    ['rank', 'rank', 'ASC'],
    ['-rank', 'rank', 'DESC'],
    ['name', 'name', 'ASC'],
  ] as const)('walks sort=%s by cursor through every row once, in the order of an offset listing', async (sort, column, direction) => {
    // As in every list, a filter with OR is in parentheses: query builders join conditions with a bare AND.
    for (const filter of [undefined, '(p.rank IS NULL OR p.rank > 1)']) {
      const expected = await ordered(column, direction, filter?.replace(/p\./g, ''));
      for (const limit of [1, 4, 7]) {
        const ids: string[] = [];
        let cursor: string | undefined;
        do {
          expect(ids.length).toBeLessThanOrEqual(ROWS.length);
          const p = await page({ sort, limit, ...(cursor ? { cursor } : {}) }, filter);
          expect(p.items.length).toBeLessThanOrEqual(limit);
          ids.push(...p.items);
          cursor = p.nextCursor;
          expect(p.hasMore).toBe(cursor !== undefined);
        } while (cursor);
        expect(ids).toEqual(expected);
      }
    }
  });

  it('answers hasMore without a total unless asked, and a last page read by offset tells its total', async () => {
    const first = await page({ limit: 10 });
    expect(first).toMatchObject({ limit: 10, offset: 0, hasMore: true });
    expect(first.total).toBeUndefined();
    expect((await page({ limit: 10, count: 'exact' })).total).toBe(23);
    expect(await page({ limit: 10, offset: 20, count: 'exact' })).toMatchObject({ hasMore: false, total: 23 });
    expect(await page({ limit: 10, offset: 40, count: 'exact' })).toMatchObject({ items: [], hasMore: false, total: 23 });
    expect((await page({ limit: 10, cursor: first.nextCursor, count: 'exact' })).total).toBe(23);
    expect(await page({ limit: 10, offset: 30 })).toEqual({ items: [], limit: 10, offset: 30, hasMore: false });
  });
});
