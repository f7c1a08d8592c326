import { AckPolicy, ConsumerMessages, DeliverPolicy, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { EventContract } from '../contracts/contract';
import { EventEnvelope } from '../contracts/envelope';
import { fieldProblems } from '../errors/app-error';
import { DeadLetterRecord, InboxRecord } from './event-tables';
import { EVENTS_STREAM, EVENTS_SUBJECTS } from './jetstream';

export type EventHandler<T> = (data: T, envelope: EventEnvelope<T>, manager: EntityManager) => Promise<void>;

/** The handlers of one event type: several features of a service may react to the same event (their own clock events). */
interface Registered {
  contract: EventContract<object>;
  handlers: EventHandler<object>[];
}

class UnreadableEvent extends Error {}

/** The envelope id of a message, if it has one, even when the rest of it is unreadable. */
function idOf(msg: JsMsg): string | null {
  try {
    const id = (msg.json() as { id?: unknown }).id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/** Events applied together in one transaction at most (those already delivered and waiting, never more). */
const MAX_BATCH = 100;

/** Delay before the n-th redelivery of a failing event: 1 s, 2 s, 4 s ... capped at 60 s. */
export function retryDelayMs(deliveryCount: number): number {
  return Math.min(1000 * 2 ** (deliveryCount - 1), 60_000);
}

/**
 * A durable pull consumer of the events stream for one service. Each event is applied in one transaction
 * together with its inbox row, then acknowledged: a redelivery finds the inbox row and changes nothing.
 * A failing event is retried with back-off and, after `maxAttempts`, recorded as a dead letter and
 * terminated so it cannot block the ones behind it.
 */
export class EventConsumer {
  private readonly logger = new Logger(EventConsumer.name);
  private readonly handlers = new Map<string, Registered>();
  private messages: ConsumerMessages | undefined;
  /** A message asked for while a batch was taken, not yet arrived then: the first of the next batch. */
  private ahead: Promise<IteratorResult<JsMsg>> | undefined;
  private loop: Promise<void> | undefined;
  private running = false;

  constructor(
    private readonly durableName: string,
    private readonly dataSource: DataSource,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly maxAttempts: number,
  ) {}

  on<T extends object>(contract: EventContract<T>, handler: EventHandler<T>): void {
    if (this.running) throw new Error('Register event handlers before the consumer starts');
    const registered = this.handlers.get(contract.type);
    if (registered) registered.handlers.push(handler as EventHandler<object>);
    else this.handlers.set(contract.type, { contract, handlers: [handler as EventHandler<object>] });
  }

  async start(): Promise<void> {
    if (this.handlers.size === 0) return;
    this.running = true;
    await this.ensureConsumer();
    this.loop = this.consumeForever();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.messages?.stop();
    await this.loop;
  }

  private async ensureConsumer(): Promise<void> {
    const config = {
      durable_name: this.durableName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(30_000),
      max_ack_pending: 1000,
      // One consumer over every event keeps the stream's order across types (a customer before its
      // tickets). Multi-subject filters would need nats-server 2.10; events without a handler are acked.
      filter_subject: EVENTS_SUBJECTS[0],
    };
    try {
      await this.jsm.consumers.info(EVENTS_STREAM, this.durableName);
    } catch {
      await this.jsm.consumers.add(EVENTS_STREAM, config);
    }
  }

  private async consumeForever(): Promise<void> {
    while (this.running) {
      try {
        const consumer = await this.js.consumers.get(EVENTS_STREAM, this.durableName);
        this.messages = await consumer.consume({ max_messages: 100 });
        this.ahead = undefined;
        const delivered = this.messages[Symbol.asyncIterator]();
        for (let batch = await this.nextBatch(delivered); batch.length > 0; batch = await this.nextBatch(delivered)) {
          await this.handleBatch(batch);
          if (!this.running) break;
        }
      } catch (err) {
        if (!this.running) break;
        this.logger.warn(`Event consumer ${this.durableName} interrupted, resuming: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 1000));
        await this.ensureConsumer().catch(() => undefined);
      }
    }
  }

  /** The next message that arrives, and with it those already delivered and waiting (at most MAX_BATCH); none at the end. */
  private async nextBatch(delivered: AsyncIterator<JsMsg>): Promise<JsMsg[]> {
    const first = await (this.ahead ?? delivered.next());
    this.ahead = undefined;
    if (first.done) return [];
    const batch = [first.value];
    while (batch.length < MAX_BATCH) {
      const next = delivered.next();
      // Awaited in a later round if it has not come yet; a failure is thrown there, not left unhandled meanwhile.
      next.catch(() => undefined);
      const waiting = await Promise.race([next, new Promise<'none'>((resolve) => setImmediate(() => resolve('none')))]).catch(() => 'none' as const);
      if (waiting === 'none' || waiting.done) {
        this.ahead = next;
        break;
      }
      batch.push(waiting.value);
    }
    return batch;
  }

  /**
   * Events delivered together, applied in one transaction with their inbox rows (one statement for those), in stream
   * order, and acknowledged once it commits: a consumer catching up with a storm pays one transaction per batch, not one
   * per event. Each event is still applied once and tried as often as alone: when a handler throws, nothing of the
   * batch is applied; that event has had its attempt (retried later with back-off, or dead-lettered, as `handle` does)
   * and the others run again without it (those before it a second time, their first effects rolled back). A database
   * error may surface at a later statement than the one that caused it, and a redelivered or unreadable event needs its
   * own attempt count: then every event of the batch goes alone, through `handle`.
   */
  private async handleBatch(msgs: JsMsg[]): Promise<void> {
    const mine = msgs.filter((msg) => this.handlers.has(msg.subject));
    for (const msg of msgs) if (!this.handlers.has(msg.subject)) msg.ack();
    if (mine.length <= 1 || mine.some((msg) => msg.info.deliveryCount > 1)) {
      for (const msg of mine) await this.handle(msg);
      return;
    }
    let events: Array<ReturnType<EventConsumer['read']>>;
    try {
      events = mine.map((msg) => this.read(msg));
    } catch {
      for (const msg of mine) await this.handle(msg);
      return;
    }
    let current = -1;
    try {
      await this.dataSource.transaction(async (manager) => {
        const inserted = (await manager.query('INSERT INTO inbox (event_id, type) SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT DO NOTHING RETURNING event_id', [
          events.map((e) => e.envelope.id),
          events.map((e) => e.envelope.type),
        ])) as Array<{ event_id: string }>;
        const fresh = new Set(inserted.map((r) => r.event_id));
        for (const [i, { envelope: env, registered }] of events.entries()) {
          // Applied once, even when the stream delivered the same event twice in this batch.
          if (!fresh.delete(env.id)) continue;
          current = i;
          for (const handler of registered.handlers) await handler(env.data, env, manager);
        }
        current = -1;
      });
    } catch (err) {
      if (current < 0 || err instanceof QueryFailedError) {
        for (const msg of mine) await this.handle(msg);
        return;
      }
      await this.handleBatch(mine.slice(0, current));
      await this.failed(mine[current], err as Error);
      await this.handleBatch(mine.slice(current + 1));
      return;
    }
    for (const msg of mine) msg.ack();
  }

  private async handle(msg: JsMsg): Promise<void> {
    if (!this.handlers.has(msg.subject)) {
      msg.ack();
      return;
    }
    try {
      const { envelope: env, registered } = this.read(msg);
      await this.dataSource.transaction(async (manager) => {
        const inserted = await manager
          .createQueryBuilder()
          .insert()
          .into(InboxRecord)
          .values({ eventId: env.id, type: env.type })
          .orIgnore()
          .returning(['eventId'])
          .execute();
        if (inserted.raw.length === 0) return;
        // Every handler in the one transaction of the inbox row: all of them apply, or none.
        for (const handler of registered.handlers) await handler(env.data, env, manager);
      });
      msg.ack();
    } catch (err) {
      await this.failed(msg, err as Error);
    }
  }

  /** An attempt at an event failed: retried later with back-off, or once out of attempts (or unreadable) a dead letter. */
  private async failed(msg: JsMsg, error: Error): Promise<void> {
    const attempts = msg.info.deliveryCount;
    if (!(error instanceof UnreadableEvent) && attempts < this.maxAttempts) {
      this.logger.warn(`Event ${msg.subject} #${msg.seq} failed (attempt ${attempts}/${this.maxAttempts}): ${error.message}`);
      msg.nak(retryDelayMs(attempts));
      return;
    }
    await this.deadLetter(msg, error, attempts);
  }

  private read(msg: JsMsg): { envelope: EventEnvelope<object>; registered: Registered } {
    let raw: unknown;
    try {
      raw = msg.json();
    } catch {
      throw new UnreadableEvent('payload is not JSON');
    }
    const envelope = plainToInstance(EventEnvelope, raw);
    const envelopeErrors = validateSync(envelope);
    if (envelopeErrors.length > 0) {
      throw new UnreadableEvent(`bad envelope: ${JSON.stringify(fieldProblems(envelopeErrors))}`);
    }
    const registered = this.handlers.get(msg.subject);
    if (!registered) throw new UnreadableEvent(`no handler for ${msg.subject}`);
    const data = plainToInstance(registered.contract.data, envelope.data);
    const dataErrors = validateSync(data, { whitelist: false });
    if (dataErrors.length > 0) {
      throw new UnreadableEvent(`bad data: ${JSON.stringify(fieldProblems(dataErrors))}`);
    }
    return { envelope: { ...envelope, data }, registered };
  }

  private async deadLetter(msg: JsMsg, error: Error, attempts: number): Promise<void> {
    try {
      const eventId = idOf(msg);
      await this.dataSource.getRepository(DeadLetterRecord).insert({
        eventId,
        subject: msg.subject,
        streamSeq: String(msg.seq),
        payload: msg.string(),
        error: error.stack ?? error.message,
        attempts,
      });
      this.logger.error(`Event ${msg.subject} #${msg.seq} dead-lettered after ${attempts} attempt(s): ${error.message}`);
      msg.term(error.message);
    } catch (dlqErr) {
      this.logger.error(`Could not dead-letter ${msg.subject} #${msg.seq}, will retry: ${(dlqErr as Error).message}`);
      msg.nak(retryDelayMs(Math.min(attempts, 6)));
    }
  }
}
