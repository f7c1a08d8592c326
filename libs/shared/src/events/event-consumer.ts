import { AckPolicy, ConsumerMessages, DeliverPolicy, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { EventContract } from '../contracts/contract';
import { EventEnvelope } from '../contracts/envelope';
import { fieldProblems } from '../errors/app-error';
import { DeadLetterRecord, InboxRecord } from './event-tables';
import { EVENTS_STREAM, EVENTS_SUBJECTS } from './jetstream';

export type EventHandler<T> = (data: T, envelope: EventEnvelope<T>, manager: EntityManager) => Promise<void>;

/** The handlers of one event type: several features of a service may react to it (each filters what concerns it). */
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
  private loop: Promise<void> | undefined;
  private running = false;

  constructor(
    private readonly durableName: string,
    private readonly dataSource: DataSource,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly maxAttempts: number,
  ) {}

  /** Several handlers of one type (features sharing the clock events) run in the order registered, in the event's one transaction. */
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
        for await (const msg of this.messages) {
          await this.handle(msg);
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

  private async handle(msg: JsMsg): Promise<void> {
    const attempts = msg.info.deliveryCount;
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
        for (const handler of registered.handlers) await handler(env.data, env, manager);
      });
      msg.ack();
    } catch (err) {
      const error = err as Error;
      if (!(error instanceof UnreadableEvent) && attempts < this.maxAttempts) {
        this.logger.warn(`Event ${msg.subject} #${msg.seq} failed (attempt ${attempts}/${this.maxAttempts}): ${error.message}`);
        msg.nak(retryDelayMs(attempts));
        return;
      }
      await this.deadLetter(msg, error, attempts);
    }
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
