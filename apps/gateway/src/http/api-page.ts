import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import { PAGE_FIELDS } from '@app/shared';

/**
 * Documents a list's answer: one page of `item`, `hasMore`, the cursor of the next page where the list pages by
 * cursor (`cursor` in its query), and `total` only when asked with `count=exact`; or the items as CSV (http/csv.ts).
 */
export function ApiPage(item: Type<unknown>) {
  return applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({
      description:
        'One page. Read on with `cursor=<nextCursor>` (or `offset`) while `hasMore`; `count=exact` adds `total`. With `Accept: text/csv`, the page\'s items as CSV (UTF-8 with a byte-order mark; nested keys dotted, arrays joined with ";").',
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['items', 'limit', 'hasMore'],
            properties: { items: { type: 'array', items: { $ref: getSchemaPath(item) } }, ...PAGE_FIELDS },
          },
        },
        'text/csv': { schema: { type: 'string', description: 'A header row of the item keys, then one row per item' } },
      },
    }),
  );
}
