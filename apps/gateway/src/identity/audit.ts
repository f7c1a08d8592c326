import { Controller, Get, Injectable, Logger, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { AppError, Clock, escapeLike, GroupCommit, Page, paginate } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { Allow } from './access';
import { authOf } from './authenticate';
import { AuditEntryView, ListAuditQuery } from './identity.dto';
import { AuditEntry } from './identity.entities';

/** Audit batches written at the same time (each one statement), so a request never waits behind more than a few. */
const AUDIT_WRITES_AT_ONCE = 4;
const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SECRET_KEY = /password|token|secret/i;

/** The body as recorded: secrets replaced, so the log never holds a password or a token. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '***' : redact(v)]));
}

/**
 * One INSERT for a batch of entries, the whole batch one JSON parameter: the columns and their types come from the
 * entity (what TypeORM would write), so the statement follows the entity when a column is added.
 */
function entriesInsert(db: DataSource): { sql: string; rows: (entries: Array<Omit<AuditEntry, 'id'>>) => string } {
  const columns = db.getMetadata(AuditEntry).columns.filter((c) => !c.isGenerated);
  const names = columns.map((c) => c.databaseName).join(', ');
  const definition = columns.map((c) => `${c.databaseName} ${String(c.type)}${c.isArray ? '[]' : ''}`).join(', ');
  return {
    sql: `INSERT INTO audit_log (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS e(${definition}) RETURNING id`,
    rows: (entries) => JSON.stringify(entries.map((e) => Object.fromEntries(columns.map((c) => [c.databaseName, c.getEntityValue(e) as unknown])))),
  };
}

function view(e: AuditEntry): AuditEntryView {
  return { ...e, at: e.at.toISOString() };
}

/** Every change made through the gateway, and every refused attempt: who, what, when, from where. */
@Injectable()
export class AuditLog {
  private readonly logger = new Logger('Audit');
  /** Entries of concurrent requests go to the log together: one statement per batch, each request awaiting its own. */
  private readonly entries: GroupCommit<Omit<AuditEntry, 'id'>, string>;
  private readonly statuses: GroupCommit<{ id: string; status: number }, undefined>;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {
    const insert = entriesInsert(db);
    this.entries = new GroupCommit(async (entries) => {
      // One parameter for the whole batch; Postgres inserts (and returns) the rows in the order of the array.
      const rows = (await this.db.query(insert.sql, [insert.rows(entries)])) as Array<{ id: string }>;
      return rows.map((r) => String(r.id));
    }, 500, AUDIT_WRITES_AT_ONCE);
    this.statuses = new GroupCommit(async (answers) => {
      await this.db.query('UPDATE audit_log a SET status = v.status FROM unnest($1::bigint[], $2::int[]) AS v(id, status) WHERE a.id = v.id', [
        answers.map((a) => a.id),
        answers.map((a) => a.status),
      ]);
      return answers.map(() => undefined);
    }, 500, AUDIT_WRITES_AT_ONCE);
  }

  /**
   * A change is logged before it runs (preHandler: if the log cannot be written, the change is refused with 503 and
   * does not run) and its status filled in before the answer leaves. A request refused before its handler (bad
   * body, no token) is logged when answered.
   */
  register(fastify: FastifyInstance): void {
    const logged = new WeakMap<FastifyRequest, string>();
    fastify.addHook('preHandler', async (request, reply) => {
      if (!CHANGES.has(request.method) || reply.sent) return;
      try {
        logged.set(request, await this.record(request, null));
      } catch (err) {
        this.logger.error(`Could not log ${request.method} ${request.url} (requestId=${request.id}): ${(err as Error).message}`);
        throw new AppError('SERVICE_UNAVAILABLE', 'The audit log cannot be written, so no change is made; retry shortly');
      }
    });
    fastify.addHook('onSend', async (request, reply, payload) => {
      if (!CHANGES.has(request.method)) return payload;
      const id = logged.get(request);
      try {
        if (id) await this.statuses.submit({ id, status: reply.statusCode });
        else await this.record(request, reply.statusCode);
      } catch (err) {
        this.logger.error(`Could not record the answer of ${request.method} ${request.url} (requestId=${request.id}): ${(err as Error).message}`);
      }
      return payload;
    });
  }

  private async record(request: FastifyRequest, status: number | null): Promise<string> {
    const caller = authOf(request).caller;
    const body = request.body as Record<string, unknown> | undefined;
    const entry: Omit<AuditEntry, 'id'> = {
      at: this.clock.now(),
      userId: caller?.sub ?? null,
      // A sign-in has no user yet: the name it tried is what matters.
      username: caller?.username ?? (typeof body?.username === 'string' ? body.username : null),
      roles: caller?.roles ?? [],
      customerId: caller?.customerId ?? null,
      method: request.method,
      path: request.url.split('?')[0],
      route: request.routeOptions.url ?? 'unmatched',
      status,
      requestId: request.id,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      body: body === undefined ? null : (redact(body) as Record<string, unknown>),
    };
    return this.entries.submit(entry);
  }

  async list(q: ListAuditQuery): Promise<Page<AuditEntryView>> {
    const qb = this.db.manager.createQueryBuilder(AuditEntry, 'a');
    if (q.userId) qb.andWhere('a.user_id = :userId', { userId: q.userId });
    if (q.method) qb.andWhere('a.method = :method', { method: q.method });
    if (q.pathPrefix) qb.andWhere('a.path LIKE :prefix', { prefix: `${escapeLike(q.pathPrefix)}%` });
    if (q.failed !== undefined) qb.andWhere(q.failed ? 'a.status >= 400' : 'a.status < 400');
    if (q.from) qb.andWhere('a.at >= :from', { from: q.from });
    if (q.to) qb.andWhere('a.at < :to', { to: q.to });
    // Newest first by the order of recording (the id), which ties of `at` (one millisecond, one batch) cannot blur.
    return paginate(qb, q, 'id', view, ['id', 'at', 'status', 'path']);
  }
}

@ApiTags('audit')
@Controller('audit')
@Allow()
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @ApiOperation({ summary: 'The audit log, newest first: every change and refused attempt, paged and filtered' })
  @ApiPage(AuditEntryView)
  @ApiProblems(400)
  list(@Query() query: ListAuditQuery) {
    return this.audit.list(query);
  }
}
