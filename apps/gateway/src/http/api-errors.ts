import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: `errors` names each field and the reason',
  404: 'Not found',
  406: 'The route offers none of the media types in Accept',
  409: 'Conflicts with the current state; `code` says why',
  422: 'Refers to something the service does not know',
  503: 'The owning service is not running',
  504: 'The owning service did not answer in time',
};

/** Documents the problem+json answers a route may give. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ...[...statuses, 503, 504].map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status], content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } }),
    ),
  );
}
