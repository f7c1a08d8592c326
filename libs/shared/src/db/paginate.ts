import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Page, PageQuery, pageBounds } from '../contracts/paging';
import { AppError } from '../errors/app-error';

/** The order of a page: `sort` when it names one of `fields`, else `defaultColumn` newest first. */
export function sortOrder(q: PageQuery, defaultColumn: string, fields: readonly string[]): { column: string; direction: 'ASC' | 'DESC' } {
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

/**
 * One page of a filtered query and the total. Sorted by `q.sort` when it is one of `sortable` (entity property
 * names), else newest first by `orderColumn`; the id breaks ties so pages never overlap.
 */
export async function paginate<E extends ObjectLiteral, V>(
  qb: SelectQueryBuilder<E>,
  q: PageQuery,
  orderColumn: string,
  toView: (row: E) => V,
  sortable: readonly string[] = [orderColumn],
): Promise<Page<V>> {
  const { limit, offset } = pageBounds(q);
  const alias = qb.alias;
  const { column, direction } = sortOrder(q, orderColumn, [...new Set([orderColumn, ...sortable])]);
  const [rows, total] = await qb.orderBy(`${alias}.${column}`, direction).addOrderBy(`${alias}.id`).take(limit).skip(offset).getManyAndCount();
  return { items: rows.map(toView), total, limit, offset };
}

/** Escapes LIKE/ILIKE wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
