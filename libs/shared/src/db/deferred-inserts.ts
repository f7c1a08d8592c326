import { EntityManager, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** A column value left to the table's default. */
const DEFAULT = Symbol('DEFAULT');

interface PendingTable {
  table: string;
  columns: string[];
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
  const columns = metadata.columns.filter((c) => !c.isVirtual && c.isInsert);
  for (const row of Array.isArray(rows) ? rows : [rows]) {
    const present = columns.filter((c) => c.getEntityValue(row) !== undefined);
    const values = present.map((c) => m.connection.driver.preparePersistentValue(c.getEntityValue(row), c) as unknown);
    queue(runner, metadata.tablePath.split('.').map(quote).join('.'), present.map((c) => c.databaseName), values);
  }
}

function queue(runner: QueryRunner, table: string, columns: string[], values: unknown[]): void {
  let pending = pendingByRunner.get(runner);
  if (!pending) {
    pending = [];
    pendingByRunner.set(runner, pending);
    sendQueueFirst(runner, pending);
  }
  const key = columns.join(',');
  let group = pending.find((p) => p.table === table);
  if (group && group.columns.join(',') !== key) {
    // The same table with other columns: widen both to the union, the missing ones taking the default.
    const union = [...new Set([...group.columns, ...columns])];
    group.rows = group.rows.map((r) => union.map((c) => (group!.columns.includes(c) ? r[group!.columns.indexOf(c)] : DEFAULT)));
    group.columns = union;
  }
  if (!group) {
    group = { table, columns: [...columns], rows: [] };
    pending.push(group);
  }
  group.rows.push(group.columns.map((c) => (columns.includes(c) ? values[columns.indexOf(c)] : DEFAULT)));
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
