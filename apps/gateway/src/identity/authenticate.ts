import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, Caller } from '@app/shared';
import { requestContext } from '../http/request-context';
import { TokenService } from './tokens';

export interface RequestAuth {
  /** The raw bearer token, if one was sent. */
  bearer?: string;
  caller?: Caller;
  /** Why the token sent was refused (expired, forged, ...), answered on routes that need a user. */
  error?: AppError;
}

const auths = new WeakMap<FastifyRequest, RequestAuth>();

export function authOf(request: FastifyRequest): RequestAuth {
  return auths.get(request) ?? {};
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : '';
  }
  // Browsers' EventSource cannot send headers: the event stream alone accepts the token as a query parameter.
  if (request.method === 'GET' && request.url.split('?')[0].endsWith('/events/stream')) {
    const token = new URL(request.url, 'http://gateway').searchParams.get('access_token');
    return token ?? undefined;
  }
  return undefined;
}

/**
 * Verifies the bearer token of every request before anything else runs (rate limits and idempotency are per user),
 * and records the caller for the NATS headers. A bad token is not refused here: public routes ignore it.
 */
export function registerAuthentication(fastify: FastifyInstance, tokens: TokenService): void {
  fastify.addHook('onRequest', async (request) => {
    const bearer = bearerOf(request);
    if (bearer === undefined) return;
    const auth: RequestAuth = { bearer };
    try {
      if (!bearer) throw new AppError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>"');
      auth.caller = await tokens.verify(bearer);
      const context = requestContext.getStore();
      if (context) context.caller = auth.caller;
    } catch (err) {
      auth.error = err instanceof AppError ? err : new AppError('UNAUTHENTICATED', 'The access token is not valid');
    }
    auths.set(request, auth);
  });
}
