import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** A column value left to the table's default. */
const DEFAULT = Symbol('DEFAULT');

interface PendingTable {
  table: string;
  columns: string[];
  /** `columns` joined: a row with the same columns (the usual case) joins without any rearranging. */
  key: string;
  rows: unknown[][];
}

/** Postgres allows 65,535 parameters in one statement; stay well below. */
const MAX_PARAMS = 30_000;

const pendingByRunner = new WeakMap<QueryRunner, PendingTable[]>();

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Queues rows for insertion at the end of the caller's transaction, where every queued row of every table reaches
 * Postgres in one statement instead of one round trip each. Any other statement the transaction runs first sends the
 * queue ahead of it, so the transaction reads what it wrote and the order of the writes is kept; an error (a unique
 * violation, say) surfaces at that statement or at COMMIT, still inside the transaction. Outside a transaction the rows
 * are inserted at once. For rows whose generated values the caller does not need back.
 */
export async function insertLater<E extends ObjectLiteral>(m: EntityManager, target: EntityTarget<E>, rows: QueryDeepPartialEntity<E> | QueryDeepPartialEntity<E>[]): Promise<void> {
  const runner = m.queryRunner;
  if (!runner?.isTransactionActive) {
    await m.insert(target, rows);
    return;
  }
  const metadata = m.connection.getMetadata(target);
  const { table, columns } = insertableOf(metadata);
  const driver = m.connection.driver;
  for (const row of Array.isArray(rows) ? rows : [rows]) {
    // Each column read once (this runs for every row of every intake: the ticket's fifty columns, the clocks').
    const names: string[] = [];
    const values: unknown[] = [];
    for (const c of columns) {
      const value: unknown = c.getEntityValue(row);
      if (value === undefined) continue;
      names.push(c.databaseName);
      values.push(driver.preparePersistentValue(value, c));
    }
    queue(runner, table, names, values);
  }
}

const insertable = new WeakMap<EntityMetadata, { table: string; columns: ColumnMetadata[] }>();

/** An entity's quoted table path and insertable columns, worked out once. */
function insertableOf(metadata: EntityMetadata): { table: string; columns: ColumnMetadata[] } {
  let known = insertable.get(metadata);
  if (!known) {
    known = { table: metadata.tablePath.split('.').map(quote).join('.'), columns: metadata.columns.filter((c) => !c.isVirtual && c.isInsert) };
    insertable.set(metadata, known);
  }
  return known;
}

function queue(runner: QueryRunner, table: string, columns: string[], values: unknown[]): void {
  let pending = pendingByRunner.get(runner);
  if (!pending) {
    pending = [];
    pendingByRunner.set(runner, pending);
    sendQueueFirst(runner, pending);
  }
  const key = columns.join(',');
  const group = pending.find((p) => p.table === table);
  if (!group) {
    pending.push({ table, columns: [...columns], key, rows: [values] });
    return;
  }
  if (group.key === key) {
    group.rows.push(values);
    return;
  }
  // The same table with other columns: widen both to the union, the missing ones taking the default.
  const union = [...new Set([...group.columns, ...columns])];
  if (union.length !== group.columns.length) {
    const at = new Map(group.columns.map((c, i) => [c, i]));
    group.rows = group.rows.map((r) => union.map((c) => (at.has(c) ? r[at.get(c)!] : DEFAULT)));
    group.columns = union;
    group.key = union.join(',');
  }
  const mine = new Map(columns.map((c, i) => [c, i]));
  group.rows.push(group.columns.map((c) => (mine.has(c) ? values[mine.get(c)!] : DEFAULT)));
}

/** Makes the runner send its queued rows before whatever it runs next (COMMIT included); a ROLLBACK drops them. */
function sendQueueFirst(runner: QueryRunner, pending: PendingTable[]): void {
  const query = runner.query.bind(runner) as (sql: string, ...rest: unknown[]) => Promise<unknown>;
  runner.query = (async (sql: string, ...rest: unknown[]) => {
    if (pending.length > 0) {
      const tables = pending.splice(0);
      if (!/^\s*ROLLBACK/i.test(sql)) for (const statement of insertStatements(tables)) await query(statement.sql, statement.params);
    }
    return query(sql, ...rest);
  }) as QueryRunner['query'];
}

/** The queued rows as few statements as the parameter limit allows: one INSERT per table, joined as CTEs. */
export function insertStatements(tables: PendingTable[]): Array<{ sql: string; params: unknown[] }> {
  const statements: Array<{ sql: string; params: unknown[] }> = [];
  let parts: string[] = [];
  let params: unknown[] = [];
  const close = () => {
    if (parts.length === 0) return;
    const last = parts.pop()!;
    statements.push({ sql: parts.length === 0 ? last : `WITH ${parts.map((p, i) => `w${i} AS (${p})`).join(', ')} ${last}`, params });
    parts = [];
    params = [];
  };
  for (const t of tables) {
    let values: string[] = [];
    const flushTable = () => {
      if (values.length > 0) parts.push(`INSERT INTO ${t.table} (${t.columns.map(quote).join(', ')}) VALUES ${values.join(', ')}`);
      values = [];
    };
    for (const row of t.rows) {
      if (params.length + row.length > MAX_PARAMS) {
        flushTable();
        close();
      }
      values.push(`(${row.map((v) => (v === DEFAULT ? 'DEFAULT' : `$${params.push(v)}`)).join(', ')})`);
    }
    flushTable();
  }
  close();
  return statements;
}
