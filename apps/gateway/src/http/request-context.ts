import { AsyncLocalStorage } from 'node:async_hooks';
import { Caller } from '@app/shared';

/** The request being served, for code that runs on its behalf without the request object (the NATS client). */
export interface RequestContext {
  requestId: string;
  /** The authenticated user, once the authentication hook has run. */
  caller?: Caller;
  /** A POST's Idempotency-Key (scoped to the user) and body fingerprint, sent with the request's RPC. */
  idempotency?: { key: string; fingerprint: string };
}

export const requestContext = new AsyncLocalStorage<RequestContext>();
