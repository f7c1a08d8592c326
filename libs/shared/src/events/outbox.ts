import { JetStreamClient } from '@nats-io/jetstream';
import { Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { EventContract } from '../contracts/contract';
import { EventEnvelope } from '../contracts/envelope';
import { insertLater } from '../db/deferred-inserts';
import { AppError } from '../errors/app-error';
import { idempotencyContext, IdempotencyRecord, IdempotentRequest } from '../service/idempotency';
import { OutboxRecord } from './event-tables';

/** A UUID (version 5 layout) determined by a key, for events that must be recorded once per key. */
function idFromKey(key: string): string {
  const hex = createHash('sha1').update(key).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Writes events into the outbox inside the caller's transaction. */
export class OutboxWriter {
  constructor(private readonly clock: Clock) {}

  async record<T extends object>(
    manager: EntityManager,
    contract: EventContract<T>,
    subjectId: string,
    data: T,
  ): Promise<EventEnvelope<T>> {
    const envelope: EventEnvelope<T> = {
      id: randomUUID(),
      type: contract.type,
      source: contract.source,
      occurredAt: this.clock.now().toISOString(),
      subjectId,
      data,
    };
    await insertLater(manager, OutboxRecord, { id: envelope.id, type: envelope.type, envelope });
    return envelope;
  }

  /**
   * Records the event unless one with the same key was recorded before (in this service's outbox, published or not):
   * the event id is derived from the key, so replicas racing on the same key write it once. Returns whether it was new.
   */
  async recordOnce<T extends object>(manager: EntityManager, contract: EventContract<T>, subjectId: string, data: T, key: string): Promise<boolean> {
    const envelope: EventEnvelope<T> = { id: idFromKey(`${contract.type}:${key}`), type: contract.type, source: contract.source, occurredAt: this.clock.now().toISOString(), subjectId, data };
    const result = await manager.createQueryBuilder().insert().into(OutboxRecord).values({ id: envelope.id, type: envelope.type, envelope }).orIgnore().execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** Many events in one statement, for batch work such as firing due clocks. */
  async recordMany<T extends object>(
    manager: EntityManager,
    items: Array<{ contract: EventContract<T>; subjectId: string; data: T }>,
  ): Promise<void> {
    if (items.length === 0) return;
    const occurredAt = this.clock.now().toISOString();
    const rows = items.map(({ contract, subjectId, data }) => {
      const envelope: EventEnvelope<T> = { id: randomUUID(), type: contract.type, source: contract.source, occurredAt, subjectId, data };
      return { id: envelope.id, type: envelope.type, envelope };
    });
    await manager.createQueryBuilder().insert().into(OutboxRecord).values(rows).execute();
  }
}

/**
 * Publishes outbox rows to JetStream in order, with the outbox id as Nats-Msg-Id so a row published
 * twice (crash between publish and mark) is dropped by the stream. Replicas of a service take turns
 * under a transaction-scoped advisory lock, so the stream receives each row once and in order.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private draining: Promise<void> = Promise.resolve();
  private kicked = false;
  private busy = false;
  private lastFailure: string | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly js: JetStreamClient,
    private readonly pollMs: number,
    private readonly batchSize = 100,
  ) {}

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.draining;
  }

  /**
   * Called after a transaction that wrote events commits, so they go out without waiting for the poll. Kicks during a
   * drain only mark that another is due: under load one drain publishes the rows of many transactions.
   */
  kick(): void {
    if (!this.running) return;
    this.kicked = true;
    if (!this.busy) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.draining = this.draining.then(() => this.drain());
    }, delayMs);
  }

  private async drain(): Promise<void> {
    if (!this.running) return;
    this.busy = true;
    let delay = this.pollMs;
    try {
      this.kicked = false;
      let published: number;
      do {
        published = await this.publishBatch();
      } while (published === this.batchSize && this.running);
      if (this.lastFailure) {
        this.logger.log('Outbox relay recovered');
        this.lastFailure = undefined;
      }
    } catch (err) {
      const message = (err as Error).message;
      if (message !== this.lastFailure) this.logger.error(`Outbox relay failed, will retry: ${message}`);
      this.lastFailure = message;
      delay = Math.min(this.pollMs * 4, 5000);
    }
    this.busy = false;
    if (this.running) this.schedule(this.kicked ? 0 : delay);
  }

  /** Publishes one batch; returns how many rows went out. */
  async publishBatch(): Promise<number> {
    const { published, failure } = await this.dataSource.transaction(async (manager) => {
      // One publisher per schema at a time keeps the stream in commit order; other replicas skip the turn.
      const [{ locked }] = (await manager.query(
        `SELECT pg_try_advisory_xact_lock(hashtext('outbox:' || current_schema())) AS locked`,
      )) as { locked: boolean }[];
      if (!locked) return { published: 0, failure: undefined };
      const rows = await manager
        .getRepository(OutboxRecord)
        .createQueryBuilder('o')
        .where('o.published_at IS NULL')
        .orderBy('o.seq', 'ASC')
        .limit(this.batchSize)
        .getMany();
      const done: string[] = [];
      let failure: Error | undefined;
      // Sent back to back on one connection (the stream stores them in this order), acknowledged together; only the
      // rows before the first failure count as published, the rest go again (the stream drops repeats by msgID).
      const acks = await Promise.allSettled(rows.map((row) => this.js.publish(row.type, JSON.stringify(row.envelope), { msgID: row.id })));
      for (const [i, ack] of acks.entries()) {
        if (ack.status === 'fulfilled') {
          done.push(rows[i].seq);
          continue;
        }
        failure = ack.reason as Error;
        await manager.update(OutboxRecord, { seq: rows[i].seq }, { attempts: rows[i].attempts + 1, lastError: failure.message });
        break;
      }
      if (done.length > 0) {
        await manager
          .createQueryBuilder()
          .update(OutboxRecord)
          .set({ publishedAt: () => 'now()' })
          .where('seq IN (:...done)', { done })
          .execute();
      }
      return { published: done.length, failure };
    });
    // Thrown after the commit, so the rows that did go out stay marked as published.
    if (failure) throw failure;
    return published;
  }
}

/** Runs a change and its events in one transaction, then wakes the relay. */
export class UnitOfWork {
  private recorded = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    /** How long an answer stays recorded under its idempotency key (the gateway keeps keys as long). */
    private readonly idempotencyTtlSeconds = 24 * 3600,
  ) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const keyed = idempotencyContext.getStore();
    const result = keyed && !keyed.settled ? await this.runOnce(keyed, work) : await this.dataSource.transaction(work);
    this.relay.kick();
    return result;
  }

  /**
   * The first transaction of a request that carries an idempotency key: its answer is recorded under the key in the
   * same transaction, so either the change and its answer are both stored or neither is. A retry finds the answer.
   */
  private async runOnce<T>(keyed: IdempotentRequest, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(async (m) => {
      const stored = (await this.answersFor<T>(m, [keyed])).get(keyed.key);
      if (stored) return stored();
      const response = await work(m);
      await this.recordAnswer(m, keyed, response);
      return response;
    });
    this.settled([keyed]);
    return result;
  }

  /**
   * One transaction for the work of several requests at once (group commit). Their idempotency keys are the work's
   * to handle, with `answersFor` and `recordAnswer`, and `settled` once committed.
   */
  async runForMany<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.relay.kick();
    return result;
  }

  /**
   * Locks the keys for this transaction (the same request arriving twice at once waits here for the first to commit)
   * and reads the answers recorded under them: for each key answered before, a function giving the answer, or throwing
   * 409 IDEMPOTENCY_KEY_REUSED when the key came with a different body.
   */
  async answersFor<T>(m: EntityManager, requests: IdempotentRequest[]): Promise<Map<string, () => T>> {
    const keys = [...new Set(requests.map((r) => r.key))].sort();
    // Locked in one order by every transaction, so two batches sharing keys cannot deadlock.
    await m.query('SELECT pg_advisory_xact_lock(hashtextextended(k, 7)) FROM unnest($1::text[]) AS k', [keys]);
    const rows = (await m.query('SELECT key, fingerprint, response FROM idempotency_record WHERE key = ANY($1)', [keys])) as { key: string; fingerprint: string; response: T }[];
    const answers = new Map<string, () => T>();
    for (const request of requests) {
      const row = rows.find((r) => r.key === request.key);
      if (!row) continue;
      answers.set(request.key, () => {
        if (row.fingerprint !== request.fingerprint) throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request body');
        return row.response;
      });
    }
    return answers;
  }

  /** Records the answer under the request's key, in the transaction that made it. */
  recordAnswer(m: EntityManager, keyed: IdempotentRequest, response: unknown): Promise<void> {
    return insertLater(m, IdempotencyRecord, { key: keyed.key, fingerprint: keyed.fingerprint, response: (response ?? null) as never });
  }

  /** Marks requests whose answer is now recorded (or was found): their further transactions run as usual. */
  settled(requests: IdempotentRequest[]): void {
    for (const r of requests) r.settled = true;
    this.recorded += requests.length;
    if (this.recorded >= 500) {
      this.recorded = 0;
      void this.forgetExpired().catch(() => undefined);
    }
  }

  private async forgetExpired(): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_record WHERE created_at < now() - make_interval(secs => $1)`, [this.idempotencyTtlSeconds]);
  }
}
