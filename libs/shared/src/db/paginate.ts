import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { CursorPageQuery, Page, pageBounds, totalOfLastPage } from '../contracts/paging';
import { AppError } from '../errors/app-error';

/** The order of a page: `sort` when it names one of `fields`, else `defaultColumn` newest first. */
export function sortOrder(q: { sort?: string }, defaultColumn: string, fields: readonly string[]): { column: string; direction: 'ASC' | 'DESC' } {
  if (!q.sort) return { column: defaultColumn, direction: 'DESC' };
  const descending = q.sort.startsWith('-');
  const column = descending ? q.sort.slice(1) : q.sort;
  if (!fields.includes(column)) {
    throw new AppError('VALIDATION_FAILED', `This list cannot be sorted by ${column}`, {
      fields: [{ field: 'sort', reason: `must be one of ${fields.join(', ')} (with "-" for descending)` }],
    });
  }
  return { column, direction: descending ? 'DESC' : 'ASC' };
}

type KeyValue = string | number | null;

/** What a cursor holds: the order it was made for, and the sort value and id of the last row of its page. */
interface Cursor {
  sort: string;
  value: KeyValue;
  id: string;
}

const badCursor = (reason: string) => new AppError('VALIDATION_FAILED', `Invalid cursor: ${reason}`, { fields: [{ field: 'cursor', reason }] });

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.id])).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badCursor('must be the nextCursor of a previous page');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || typeof parsed[0] !== 'string' || typeof parsed[2] !== 'string') {
    throw badCursor('must be the nextCursor of a previous page');
  }
  const [sort, value, id] = parsed as [string, unknown, string];
  if (value !== null && typeof value !== 'string' && typeof value !== 'number') throw badCursor('must be the nextCursor of a previous page');
  return { sort, value, id };
}

const TIME_TYPES = new Set<unknown>(['timestamptz', 'timestamp', 'timestamp with time zone', 'timestamp without time zone']);
const INTEGER_TYPES = new Set<unknown>(['int', 'integer', 'int4', 'smallint', 'int2', Number]);
const BIGINT_TYPES = new Set<unknown>(['bigint', 'int8']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An instant as `toISOString()` writes it, of a day that exists (Postgres refuses 30 February; Date rolls it over). */
function isInstant(text: string): boolean {
  const time = Date.parse(text);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text) && !Number.isNaN(time) && new Date(time).toISOString() === text;
}

/** A cursor value as the database reads it, checked against the column, so a forged cursor is a 400 and never a database error. */
function keyParameter(column: ColumnMetadata, value: KeyValue): KeyValue {
  if (value === null) {
    if (!column.isNullable) throw badCursor('does not fit this list');
    return null;
  }
  const fits = TIME_TYPES.has(column.type)
    ? typeof value === 'string' && isInstant(value)
    : column.type === 'date'
      ? typeof value === 'string' && isInstant(`${value}T00:00:00.000Z`)
      : INTEGER_TYPES.has(column.type)
        ? typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 2 ** 31
        : BIGINT_TYPES.has(column.type)
          ? typeof value === 'string' && /^-?\d{1,18}$/.test(value)
          : typeof value === 'string' && value.length <= 1000 && !value.includes('\u0000');
  if (!fits) throw badCursor('does not fit this list');
  return value;
}

function idParameter(column: ColumnMetadata, id: string): string {
  const fits = column.type === 'uuid' ? UUID.test(id) : /^\d{1,18}$/.test(id);
  if (!fits) throw badCursor('does not fit this list');
  return id;
}

/**
 * The rows after the cursor's row in the order `key direction, id ASC`. Postgres puts NULLs last ascending and
 * first descending. The redundant bound on the key alone (`key <= v`) is what lets an index on the key start the
 * scan at the cursor instead of reading every row before it.
 */
function after(key: string, id: string, direction: 'ASC' | 'DESC', value: KeyValue, nullable: boolean): string {
  const [cmp, cmpOrEqual] = direction === 'ASC' ? ['>', '>='] : ['<', '<='];
  if (value === null) return direction === 'ASC' ? `(${key} IS NULL AND ${id} > :pageId)` : `(${key} IS NOT NULL OR ${id} > :pageId)`;
  const beyond = `(${key} ${cmpOrEqual} :pageKey AND (${key} ${cmp} :pageKey OR ${id} > :pageId))`;
  return nullable && direction === 'ASC' ? `(${beyond} OR ${key} IS NULL)` : beyond;
}

function keyValue(row: ObjectLiteral, property: string): KeyValue {
  const value: unknown = row[property];
  if (value instanceof Date) return value.toISOString();
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value : String(value);
}

/**
 * One page of a filtered query, in one statement: `limit + 1` rows say whether more follow. Sorted by `q.sort`
 * when it is one of `sortable` (entity property names), else newest first by `orderColumn`; the id breaks ties so
 * pages never overlap. The page after a cursor starts at the cursor's row through the index of the order; the
 * offset still works. The exact total only with `count=exact`. As with any `andWhere`, a filter holding OR must be
 * in parentheses: the cursor's condition is joined to the filters with AND.
 */
export async function paginate<E extends ObjectLiteral, V>(
  qb: SelectQueryBuilder<E>,
  q: CursorPageQuery,
  orderColumn: string,
  toView: (row: E) => V,
  sortable: readonly string[] = [orderColumn],
): Promise<Page<V>> {
  const { limit, offset } = pageBounds(q);
  const alias = qb.alias;
  const { column, direction } = sortOrder(q, orderColumn, [...new Set([orderColumn, ...sortable])]);
  const sort = `${direction === 'DESC' ? '-' : ''}${column}`;
  const metadata = qb.expressionMap.mainAlias!.metadata;
  const keyColumn = metadata.findColumnWithPropertyPath(column)!;
  const idColumn = metadata.primaryColumns[0];
  const counted = q.count === 'exact' ? qb.clone() : undefined;
  qb.orderBy(`${alias}.${column}`, direction).take(limit + 1);
  // The id breaks ties of the sort key (ordered by the id itself, there are none: a second ORDER BY id would replace the first).
  if (column !== idColumn.propertyName) qb.addOrderBy(`${alias}.${idColumn.propertyName}`, 'ASC');
  if (q.cursor) {
    if (q.offset) throw badCursor('a page is read either by cursor or by offset, not both');
    const cursor = decodeCursor(q.cursor);
    if (cursor.sort !== sort) throw badCursor(`it was made for sort=${cursor.sort}; send that sort with it`);
    const pageKey = keyParameter(keyColumn, cursor.value);
    const pageId = idParameter(idColumn, cursor.id);
    qb.andWhere(after(`${alias}.${keyColumn.databaseName}`, `${alias}.${idColumn.databaseName}`, direction, pageKey, keyColumn.isNullable), { pageKey, pageId });
  } else {
    qb.skip(offset);
  }
  const rows = await qb.getMany();
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  const page: Page<V> = { items: kept.map(toView), limit, ...(q.cursor ? {} : { offset }), hasMore };
  const last = kept.at(-1);
  if (hasMore && last) page.nextCursor = encodeCursor({ sort, value: keyValue(last, column), id: String(last[idColumn.propertyName]) });
  if (counted) page.total = (q.cursor ? undefined : totalOfLastPage(offset, kept.length, hasMore)) ?? (await counted.getCount());
  return page;
}

/**
 * Rows grouped by the item of a page they belong to, in the order read: what a page shows of each item is read in
 * one statement for the whole page (`WHERE owner IN (...)`), not one statement an item.
 */
export function groupedBy<T>(rows: T[], owner: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(owner(row));
    if (group) group.push(row);
    else groups.set(owner(row), [row]);
  }
  return groups;
}

/** Escapes LIKE/ILIKE wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
