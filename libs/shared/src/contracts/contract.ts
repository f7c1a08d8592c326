/** A request/reply operation: its NATS subject and the class that validates its payload. */
export interface RpcContract<Req, Res> {
  readonly subject: string;
  readonly request: new () => Req;
  /** Phantom field: carries the reply type for the typed client; never set. */
  readonly response?: Res;
}

export function rpc<Req, Res>(subject: `rpc.${string}.${string}`, request: new () => Req): RpcContract<Req, Res> {
  return { subject, request };
}

/** A durable event: its JetStream subject (also the envelope's `type`) and the class of its `data`. */
export interface EventContract<T> {
  readonly type: string;
  readonly source: string;
  readonly data: new () => T;
}

export function event<T>(type: `evt.${string}.${string}.${string}.v${number}`, data: new () => T): EventContract<T> {
  return { type, source: type.split('.')[1], data };
}

/** The payload-less request used by health and other argument-free queries. */
export class EmptyRequest {}
