import { headers as natsHeaders, NatsConnection, RequestError, TimeoutError } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { RpcContract } from '../contracts/contract';
import { AppError } from '../errors/app-error';
import { isErrorBody } from '../errors/error-codes';
import { Caller, CALLER_HEADER, encodeCaller } from '../identity/caller';
import { IDEMPOTENCY_FINGERPRINT_HEADER, IDEMPOTENCY_KEY_HEADER } from '../service/idempotency';

/** Carries the gateway's request id to the services, so one id ties together every log line of a request. */
export const REQUEST_ID_HEADER = 'x-request-id';

export interface RpcOptions {
  caller: Caller;
  requestId?: string;
  timeoutMs?: number;
  /** A POST's Idempotency-Key (scoped to the user) and body fingerprint: the service runs it once. */
  idempotency?: { key: string; fingerprint: string };
}

/** Nest's NATS reply packet. */
interface ReplyPacket {
  id?: string;
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

/**
 * Request/reply client speaking Nest's NATS packet format. It uses a real NATS request, so a subject with
 * no subscriber fails at once (no responders → SERVICE_UNAVAILABLE) instead of waiting for the timeout;
 * a service that does not answer in time fails with SERVICE_TIMEOUT.
 */
export class RpcClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly defaultTimeoutMs: number,
  ) {}

  /** Every request names its caller: services refuse one without, and confine a customer's users to its data. */
  async send<Req, Res>(contract: RpcContract<Req, Res>, data: Req, opts: RpcOptions): Promise<Res> {
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    const packet = { pattern: contract.subject, data, id: randomUUID() };
    const headers = natsHeaders();
    headers.set(CALLER_HEADER, encodeCaller(opts.caller));
    if (opts.requestId) headers.set(REQUEST_ID_HEADER, opts.requestId);
    if (opts.idempotency) {
      headers.set(IDEMPOTENCY_KEY_HEADER, opts.idempotency.key);
      headers.set(IDEMPOTENCY_FINGERPRINT_HEADER, opts.idempotency.fingerprint);
    }
    let reply: ReplyPacket;
    try {
      const msg = await this.nc.request(contract.subject, JSON.stringify(packet), { timeout: timeoutMs, headers });
      reply = msg.json<ReplyPacket>();
    } catch (err) {
      throw toTransportError(contract.subject, timeoutMs, err);
    }
    if (reply.err !== undefined && reply.err !== null) {
      if (isErrorBody(reply.err)) throw new AppError(reply.err.code, reply.err.message, reply.err.details);
      throw new AppError('INTERNAL', `Service failed on ${contract.subject}`, { cause: String(reply.err) });
    }
    return reply.response as Res;
  }
}

function toTransportError(subject: string, timeoutMs: number, err: unknown): AppError {
  const service = subject.split('.')[1];
  if (err instanceof RequestError && err.isNoResponders()) {
    return new AppError('SERVICE_UNAVAILABLE', `The ${service} service is not running`, { service });
  }
  if (err instanceof TimeoutError || (err instanceof RequestError && err.cause instanceof TimeoutError)) {
    return new AppError('SERVICE_TIMEOUT', `The ${service} service did not answer within ${timeoutMs} ms`, { service });
  }
  return new AppError('SERVICE_UNAVAILABLE', `NATS request to ${service} failed: ${(err as Error).message}`, { service });
}
