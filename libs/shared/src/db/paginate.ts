import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Page, PageQuery, pageBounds } from '../contracts/paging';

/** One page of a filtered query, newest first by `orderColumn` with the id as tie-breaker, and the total. */
export async function paginate<E extends ObjectLiteral, V>(
  qb: SelectQueryBuilder<E>,
  q: PageQuery,
  orderColumn: string,
  toView: (row: E) => V,
): Promise<Page<V>> {
  const { limit, offset } = pageBounds(q);
  const alias = qb.alias;
  const [rows, total] = await qb.orderBy(`${alias}.${orderColumn}`, 'DESC').addOrderBy(`${alias}.id`).take(limit).skip(offset).getManyAndCount();
  return { items: rows.map(toView), total, limit, offset };
}
