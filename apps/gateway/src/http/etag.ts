import { CallHandler, createParamDecorator, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { AppError } from '@app/shared';

/** `If-Match: "7"` → `{ expectedVersion: 7 }`, spread into an action's payload; nothing when the header is absent. */
export const IfMatch = createParamDecorator((_: unknown, ctx: ExecutionContext): { expectedVersion?: number } => {
  const header = ctx.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  if (header === undefined) return {};
  // A version this API issues fits in an integer column: a longer number is no ETag of it (and no "stale version").
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(String(header).trim());
  if (!match) throw new AppError('VALIDATION_FAILED', 'If-Match must be an ETag from this API, e.g. "7"', { fields: [{ field: 'If-Match', reason: 'not an ETag of this API' }] });
  return { expectedVersion: Number(match[1]) };
});

/** Answers that carry a `version` get it as their ETag, for the next If-Match. */
@Injectable()
export class VersionETag implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const version = (body as { version?: unknown } | null)?.version;
        if (typeof version === 'number') void reply.header('etag', `"${version}"`);
        return body;
      }),
    );
  }
}
