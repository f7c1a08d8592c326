import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/**
 * Paging of every list. A page is one statement: `limit + 1` rows are read to learn whether more follow
 * (`hasMore`); the exact number of matching rows is counted only when asked (`count=exact`), since counting a
 * large filtered table costs more than the page itself. Lists that can, also page by cursor (`CursorPageQuery`).
 */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 1_000_000,
    default: 0,
    description: 'Rows to skip. The database still reads every skipped row: for deep pages follow `nextCursor` where a list offers it.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;

  /** A field to sort by, ascending, or descending with a leading "-" (e.g. `-openedAt`); each list names its fields. */
  @ApiPropertyOptional({ example: '-createdAt', description: 'Field to sort by; "-" for descending. Each list documents its fields; the default is newest first.' })
  @IsOptional()
  @Matches(/^-?[a-zA-Z]{1,40}$/, { message: 'sort must be a field name, optionally preceded by "-"' })
  sort?: string;

  @ApiPropertyOptional({
    enum: ['exact'],
    description: '`exact` adds `total`, the number of rows matching the filters (a second statement counting them all); without it the page answers `hasMore` only.',
  })
  @IsOptional()
  @IsIn(['exact'])
  count?: 'exact';
}

/** The paging of a list that can also be read by cursor (keyset paging): deep pages cost what the first one does. */
export class CursorPageQuery extends PageQuery {
  @ApiPropertyOptional({
    description:
      'The `nextCursor` of the previous page: the page after its last row, in the same order (send the same `sort`, or none if it had none; not with `offset`). Opaque. Unlike an offset, rows added or removed meanwhile do not shift the next page, and a deep page costs what the first one does.',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,2400}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  limit: number;
  /** The offset asked for; absent on a page read by cursor. */
  offset?: number;
  /** More rows follow this page. */
  hasMore: boolean;
  /** Present when `hasMore` on a list with cursor paging: send it as `cursor` for the next page. */
  nextCursor?: string;
  /** The number of rows matching the filters; only when asked with `count=exact`. */
  total?: number;
}

/** How a page's answer is documented: the same words in every list's OpenAPI schema. */
export const PAGE_FIELDS = {
  limit: { type: 'integer', description: 'The limit asked for (default 50)' },
  offset: { type: 'integer', description: 'The offset asked for; absent on a page read by cursor' },
  hasMore: { type: 'boolean', description: 'More rows follow this page' },
  nextCursor: { type: 'string', description: 'Present when hasMore on a list with cursor paging: send it as `cursor` to read the next page' },
  total: { type: 'integer', description: 'The number of rows matching the filters; only with `count=exact`' },
} as const;

export function pageBounds(q: PageQuery): { limit: number; offset: number } {
  return { limit: q.limit ?? 50, offset: q.offset ?? 0 };
}

/** The total, when a page read by offset tells it: the last page, unless it is empty past the end. */
export function totalOfLastPage(offset: number, rows: number, hasMore: boolean): number | undefined {
  return !hasMore && (rows > 0 || offset === 0) ? offset + rows : undefined;
}

/**
 * A page from `limit + 1` rows read at `offset` (the extra row only says more follow), for lists paged by offset
 * alone. `countAll` runs when the caller asked for the total and the page does not tell it.
 */
export async function offsetPage<R, V>(q: PageQuery, rows: R[], toView: (row: R) => V, countAll: () => Promise<number>): Promise<Page<V>> {
  const { limit, offset } = pageBounds(q);
  const hasMore = rows.length > limit;
  const page: Page<V> = { items: (hasMore ? rows.slice(0, limit) : rows).map(toView), limit, offset, hasMore };
  if (q.count === 'exact') page.total = totalOfLastPage(offset, page.items.length, hasMore) ?? (await countAll());
  return page;
}
