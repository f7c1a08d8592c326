import { AsyncLocalStorage } from 'node:async_hooks';

/** The request being served, for code that runs on its behalf without the request object (the NATS client). */
export interface RequestContext {
  requestId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();
