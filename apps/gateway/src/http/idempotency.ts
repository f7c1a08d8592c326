import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KV } from '@nats-io/kv';
import { Clock } from '@app/shared';
import { authOf } from '../identity/authenticate';
import { NatsLink } from './nats-link';
import { problem, RETRY_AFTER_SECONDS } from './problem.filter';
import { requestContext } from './request-context';

const HEADER = 'idempotency-key';
const BUCKET = 'idempotency';

interface IdempotencyRecord {
  state: 'pending' | 'done';
  fingerprint: string;
  /** A pending record is owned by the request running it until then (epoch ms); after it, a retry takes over. */
  leaseUntil?: number;
  status?: number;
  contentType?: string;
  body?: string;
}

interface Owned {
  kvKey: string;
  fingerprint: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function refuse(reply: FastifyReply, request: FastifyRequest, status: number, code: string, detail: string) {
  // A 503 says when to come back, as every other 503 of the gateway does (the problem filter's Retry-After).
  if (status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply.status(status).header('content-type', 'application/problem+json; charset=utf-8').send(problem(status, code, detail, request.url));
}

/**
 * `Idempotency-Key` on POST, per user. The first request with a key runs; a retry with the same key and body gets
 * the same answer without running again; a key reused for another body is refused (422).
 *
 * Two layers make it exactly-once. The owning service records the answer under the key in the transaction of the
 * change itself (UnitOfWork), so whatever is lost between attempts (a gateway killed mid-request, NATS down when
 * the answer is stored, a 504), a retry reaches the service and gets the original answer. In front of it, a record
 * in a NATS key-value bucket replays finished answers at once and holds a short lease while the first attempt runs
 * (409 IN_PROGRESS only while that lease lasts). Only a definite failure (4xx: the transaction rolled back) forgets
 * the key; after a 5xx the key is kept and its lease released, so the retry goes straight to the service.
 */
export function registerIdempotency(fastify: FastifyInstance, nats: NatsLink, opts: { ttlSeconds: number; leaseMs: number; clock: Clock }): void {
  const logger = new Logger('Idempotency');
  const owned = new WeakMap<FastifyRequest, Owned>();
  const bucket = () => nats.bucket(BUCKET, opts.ttlSeconds * 1000);
  const pending = (fingerprint: string) => JSON.stringify({ state: 'pending', fingerprint, leaseUntil: opts.clock.now().getTime() + opts.leaseMs } satisfies IdempotencyRecord);

  const own = (request: FastifyRequest, kvKey: string, fingerprint: string) => {
    owned.set(request, { kvKey, fingerprint });
    const context = requestContext.getStore();
    if (context) context.idempotency = { key: kvKey, fingerprint };
  };

  /** Takes the key, or answers from its record. Returns true when the request should run. */
  const claim = async (kv: KV, request: FastifyRequest, reply: FastifyReply, kvKey: string, fingerprint: string): Promise<boolean> => {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await kv.create(kvKey, pending(fingerprint));
        own(request, kvKey, fingerprint);
        return true;
      } catch {
        const entry = await kv.get(kvKey);
        if (!entry || entry.operation !== 'PUT') continue;
        const existing = entry.json<IdempotencyRecord>();
        if (existing.fingerprint !== fingerprint) {
          await refuse(reply, request, 422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request body');
          return false;
        }
        if (existing.state === 'done') {
          await reply
            .status(existing.status!)
            .header('content-type', existing.contentType ?? 'application/json; charset=utf-8')
            .header('idempotent-replayed', 'true')
            .send(existing.body);
          return false;
        }
        const leftMs = (existing.leaseUntil ?? 0) - opts.clock.now().getTime();
        if (leftMs > 0) {
          void reply.header('retry-after', String(Math.ceil(leftMs / 1000)));
          await refuse(reply, request, 409, 'IDEMPOTENCY_IN_PROGRESS', 'The first request with this Idempotency-Key is still running');
          return false;
        }
        // The first attempt's lease ran out (its gateway died, or its outcome was unknown): take over. The service
        // answers from its own record if that attempt committed.
        try {
          await kv.update(kvKey, pending(fingerprint), entry.revision);
          own(request, kvKey, fingerprint);
          return true;
        } catch {
          continue;
        }
      }
    }
    await refuse(reply, request, 409, 'IDEMPOTENCY_IN_PROGRESS', 'Another request with this Idempotency-Key is running');
    return false;
  };

  fastify.addHook('preHandler', async (request, reply) => {
    const raw = request.headers[HEADER];
    if (request.method !== 'POST' || raw === undefined) return;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key || key.length > 255) return refuse(reply, request, 400, 'VALIDATION_FAILED', 'Idempotency-Key must be 1 to 255 characters');
    // Per user: two users who happen to pick the same key never see each other's answers.
    const user = authOf(request).caller?.sub ?? 'anonymous';
    const kvKey = sha256(`${user} ${request.method} ${request.url} ${key}`);
    const fingerprint = sha256(JSON.stringify(request.body ?? null));
    let kv: KV;
    try {
      kv = await bucket();
    } catch {
      return refuse(reply, request, 503, 'SERVICE_UNAVAILABLE', 'Idempotency records are unavailable (NATS); retry shortly');
    }
    try {
      await claim(kv, request, reply, kvKey, fingerprint);
    } catch {
      return refuse(reply, request, 503, 'SERVICE_UNAVAILABLE', 'Idempotency records are unavailable (NATS); retry shortly');
    }
  });

  fastify.addHook('onSend', async (request, reply, payload) => {
    const mine = owned.get(request);
    if (!mine) return payload;
    owned.delete(request);
    try {
      const kv = await bucket();
      if (reply.statusCode < 400) {
        const record: IdempotencyRecord = {
          state: 'done',
          fingerprint: mine.fingerprint,
          status: reply.statusCode,
          contentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
          body: typeof payload === 'string' ? payload : JSON.stringify(payload),
        };
        await kv.put(mine.kvKey, JSON.stringify(record));
      } else if (reply.statusCode < 500) {
        await kv.delete(mine.kvKey);
      } else {
        await kv.put(mine.kvKey, JSON.stringify({ state: 'pending', fingerprint: mine.fingerprint, leaseUntil: 0 } satisfies IdempotencyRecord));
      }
    } catch (err) {
      // The lease runs out by itself and the service keeps the answer: a retry still gets it.
      logger.warn(`Could not record the outcome of an idempotent request: ${(err as Error).message}`);
    }
    return payload;
  });
}
