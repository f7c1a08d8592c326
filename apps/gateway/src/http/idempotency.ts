import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authOf } from '../identity/authenticate';
import { NatsLink } from './nats-link';
import { problem } from './problem.filter';

const HEADER = 'idempotency-key';
const BUCKET = 'idempotency';

interface IdempotencyRecord {
  state: 'pending' | 'done';
  fingerprint: string;
  status?: number;
  contentType?: string;
  body?: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function refuse(reply: FastifyReply, request: FastifyRequest, status: number, code: string, detail: string) {
  return reply.status(status).header('content-type', 'application/problem+json; charset=utf-8').send(problem(status, code, detail, request.url));
}

/**
 * `Idempotency-Key` on POST, per user: the first request with a key runs and its answer is kept (in a NATS key-value bucket,
 * for IDEMPOTENCY_TTL_SECONDS); a retry with the same key and body gets the same answer without running again. A key
 * reused for a different body is refused (422); one whose first request is still running answers 409. A failed
 * request (4xx/5xx) is forgotten, so it can be retried.
 */
export function registerIdempotency(fastify: FastifyInstance, nats: NatsLink, ttlSeconds: number): void {
  const keys = new WeakMap<FastifyRequest, string>();

  fastify.addHook('preHandler', async (request, reply) => {
    const raw = request.headers[HEADER];
    if (request.method !== 'POST' || raw === undefined) return;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key || key.length > 255) return refuse(reply, request, 400, 'VALIDATION_FAILED', 'Idempotency-Key must be 1 to 255 characters');
    // Per user: two users who happen to pick the same key never see each other's answers.
    const user = authOf(request).caller?.sub ?? 'anonymous';
    const kvKey = sha256(`${user} ${request.method} ${request.url} ${key}`);
    const fingerprint = sha256(JSON.stringify(request.body ?? null));
    let kv;
    try {
      kv = await nats.bucket(BUCKET, ttlSeconds * 1000);
    } catch {
      return refuse(reply, request, 503, 'SERVICE_UNAVAILABLE', 'Idempotency records are unavailable (NATS)');
    }
    try {
      await kv.create(kvKey, JSON.stringify({ state: 'pending', fingerprint } satisfies IdempotencyRecord));
      keys.set(request, kvKey);
      return;
    } catch {
      const existing = (await kv.get(kvKey))?.json<IdempotencyRecord>();
      if (!existing) return refuse(reply, request, 409, 'CONFLICT', 'The first request with this Idempotency-Key is being forgotten; retry');
      if (existing.fingerprint !== fingerprint) {
        return refuse(reply, request, 422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request body');
      }
      if (existing.state === 'pending') return refuse(reply, request, 409, 'IDEMPOTENCY_IN_PROGRESS', 'The first request with this Idempotency-Key is still running');
      return reply
        .status(existing.status!)
        .header('content-type', existing.contentType ?? 'application/json; charset=utf-8')
        .header('idempotent-replayed', 'true')
        .send(existing.body);
    }
  });

  fastify.addHook('onSend', async (request, reply, payload) => {
    const kvKey = keys.get(request);
    if (!kvKey) return payload;
    keys.delete(request);
    const kv = await nats.bucket(BUCKET, ttlSeconds * 1000);
    if (reply.statusCode >= 400) {
      await kv.delete(kvKey);
      return payload;
    }
    const record: IdempotencyRecord = {
      state: 'done',
      fingerprint: (await kv.get(kvKey))?.json<IdempotencyRecord>().fingerprint ?? '',
      status: reply.statusCode,
      contentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    };
    await kv.put(kvKey, JSON.stringify(record));
    return payload;
  });
}
