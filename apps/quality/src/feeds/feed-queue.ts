import { AckPolicy, ConsumerMessages, DeliverPolicy, jetstream, JetStreamApiError, jetstreamManager, JsMsg, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos, NatsConnection } from '@nats-io/transport-node';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppError, SOURCE_PATTERN } from '@app/shared';

/** How one feed of outside systems reaches quality over JetStream. */
export interface FeedQueueConfig {
  /** What it carries, for the log ('Sample batch', 'Dial test result'). */
  what: string;
  stream: string;
  /** Messages arrive on `<subjectPrefix>.<source>`; their outcomes go out on `<outcomePrefix>.<source>`. */
  subjectPrefix: string;
  outcomePrefix: string;
  durable: string;
  /** How long an unread message is kept. */
  maxAgeMs: number;
  /** Messages handled at once (1: one at a time, in the order sent). */
  inFlight: number;
  replicas: number;
}

/** One message's work, told by the feed: answer an outcome, or refuse it (never delivered again). */
export interface FeedMessage {
  msg: JsMsg;
  source: string;
  /** Logs, publishes `{ source, <idField>: id, refused }` as its outcome and terminates the message. */
  refuse: (id: string | null, refused: string) => void;
}

/**
 * A work queue of an outside system's messages (network management systems' sample batches, probe systems' dial test
 * results): a JetStream stream of `<subjectPrefix>.<source>` kept `maxAgeMs`, read by one durable pull consumer shared
 * by the replicas. Each message's outcome (the same answer as over HTTP, or why it was refused) is published on
 * `<outcomePrefix>.<source>`, then the message is acknowledged; one that failed for a passing reason (database down)
 * is delivered again after 5 s. The feed says only how to read and apply one message (`apply`).
 */
export abstract class FeedQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger: Logger;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private running = false;

  protected constructor(
    protected readonly nc: NatsConnection,
    private readonly config: FeedQueueConfig,
    /** The outcome's field naming the message ('batchId', 'dialTestId'). */
    private readonly idField: string,
  ) {
    this.logger = new Logger(new.target.name);
  }

  /** Reads and applies one message; answers its outcome, or refuses it through `m.refuse`. An AppError refuses it too. */
  protected abstract apply(m: FeedMessage): Promise<object | void>;

  async onApplicationBootstrap(): Promise<void> {
    const c = this.config;
    const jsm = await jetstreamManager(this.nc);
    try {
      await jsm.streams.info(c.stream);
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.status === 404)) throw err;
      await jsm.streams
        .add({
          name: c.stream,
          subjects: [`${c.subjectPrefix}.>`],
          // A message is gone from the stream once handled; one consumer reads each subject.
          retention: RetentionPolicy.Workqueue,
          storage: StorageType.File,
          max_age: nanos(c.maxAgeMs),
          duplicate_window: nanos(10 * 60_000),
          num_replicas: c.replicas,
        })
        // Another replica made it meanwhile.
        .catch(async (addErr: unknown) => {
          await jsm.streams.info(c.stream).catch(() => {
            throw addErr;
          });
        });
    }
    await jsm.consumers.info(c.stream, c.durable).catch(() =>
      jsm.consumers.add(c.stream, {
        durable_name: c.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(60_000),
        max_ack_pending: Math.max(c.inFlight * 4, 16),
      }),
    );
    this.running = true;
    this.loop = this.consumeForever();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.messages?.stop();
    await this.loop;
  }

  private async consumeForever(): Promise<void> {
    const js = jetstream(this.nc);
    while (this.running) {
      try {
        const consumer = await js.consumers.get(this.config.stream, this.config.durable);
        this.messages = await consumer.consume({ max_messages: Math.max(this.config.inFlight, 16) });
        const inFlight = new Set<Promise<void>>();
        for await (const msg of this.messages) {
          const p = this.handle(msg).finally(() => inFlight.delete(p));
          inFlight.add(p);
          if (inFlight.size >= this.config.inFlight) await Promise.race(inFlight);
          if (!this.running) break;
        }
        await Promise.all(inFlight);
      } catch (err) {
        if (!this.running) break;
        this.logger.warn(`${this.config.what} consumer interrupted, resuming: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    const c = this.config;
    const source = msg.subject.slice(c.subjectPrefix.length + 1);
    let id: string | null = null;
    let refused = false;
    const refuse = (given: string | null, reason: string) => {
      refused = true;
      this.logger.warn(`${c.what} ${given ?? '(no id)'} from ${source} refused: ${reason}`);
      this.publish(source, { source, [this.idField]: given, refused: reason });
      msg.term(reason);
    };
    if (!SOURCE_PATTERN.test(source)) return refuse(null, `the subject must be ${c.subjectPrefix}.<source>, the source 1-40 letters, digits, "_" or "-"`);
    try {
      const outcome = await this.apply({ msg, source, refuse: (given, reason) => refuse((id = given), reason) });
      if (refused) return;
      if (outcome) this.publish(source, outcome);
      msg.ack();
    } catch (err) {
      if (err instanceof AppError) {
        const fields = (err.details?.fields ?? []).map((p) => `${p.field}: ${p.reason}`);
        return refuse(id ?? idOf(msg, this.idField), fields.length > 0 ? fields.join('; ') : err.message);
      }
      this.logger.warn(`${c.what} from ${source} failed, will be delivered again: ${(err as Error).message}`);
      msg.nak(5000);
    }
  }

  private publish(source: string, outcome: object): void {
    this.nc.publish(`${this.config.outcomePrefix}.${source}`, JSON.stringify(outcome));
  }
}

/** The message's own id, when it is readable: for the outcome of a message refused while it was applied. */
function idOf(msg: JsMsg, field: string): string | null {
  try {
    const value = (msg.json() as Record<string, unknown>)?.[field];
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}
