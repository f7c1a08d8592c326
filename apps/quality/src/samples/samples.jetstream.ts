import { AckPolicy, ConsumerMessages, DeliverPolicy, jetstream, JetStreamApiError, jetstreamManager, JsMsg, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos, NatsConnection } from '@nats-io/transport-node';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppError, IngestReply, NATS_CONNECTION, QUALITY_RESULTS_SUBJECT_PREFIX, QUALITY_SAMPLES_STREAM, QUALITY_SAMPLES_SUBJECT_PREFIX, SOURCE_PATTERN } from '@app/shared';
import { IngestService } from './ingest.service';

export class SamplesConsumerOptions {
  constructor(
    readonly inFlight: number,
    readonly replicas: number,
  ) {}
}

/** What `quality.results.<source>` carries for a batch that could not be read at all. */
export interface BatchRefused {
  source: string;
  batchId: string | null;
  refused: string;
}

const DURABLE = 'quality-samples';

/**
 * Sample batches from network management systems: one JetStream message per batch on `quality.samples.<source>`,
 * body `{ batchId, samples: [...] }`, read by one durable pull consumer shared by the replicas. The outcome of each
 * batch (the same answer as over HTTP, or why the message was refused) is published on `quality.results.<source>`,
 * then the message is acknowledged; a batch that failed for a passing reason (database down) is delivered again.
 */
@Injectable()
export class SamplesJetStream implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SamplesJetStream.name);
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private running = false;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly ingest: IngestService,
    private readonly options: SamplesConsumerOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    try {
      await jsm.streams.info(QUALITY_SAMPLES_STREAM);
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.status === 404)) throw err;
      await jsm.streams
        .add({
          name: QUALITY_SAMPLES_STREAM,
          subjects: [`${QUALITY_SAMPLES_SUBJECT_PREFIX}.>`],
          // A batch is gone from the stream once ingested; one consumer reads each subject.
          retention: RetentionPolicy.Workqueue,
          storage: StorageType.File,
          max_age: nanos(86_400_000),
          duplicate_window: nanos(10 * 60_000),
          num_replicas: this.options.replicas,
        })
        .catch(async (addErr: unknown) => {
          await jsm.streams.info(QUALITY_SAMPLES_STREAM).catch(() => {
            throw addErr;
          });
        });
    }
    await jsm.consumers.info(QUALITY_SAMPLES_STREAM, DURABLE).catch(() =>
      jsm.consumers.add(QUALITY_SAMPLES_STREAM, {
        durable_name: DURABLE,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(60_000),
        max_ack_pending: this.options.inFlight * 4,
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
        const consumer = await js.consumers.get(QUALITY_SAMPLES_STREAM, DURABLE);
        this.messages = await consumer.consume({ max_messages: this.options.inFlight });
        const inFlight = new Set<Promise<void>>();
        for await (const msg of this.messages) {
          const p = this.handle(msg).finally(() => inFlight.delete(p));
          inFlight.add(p);
          if (inFlight.size >= this.options.inFlight) await Promise.race(inFlight);
          if (!this.running) break;
        }
        await Promise.all(inFlight);
      } catch (err) {
        if (!this.running) break;
        this.logger.warn(`Sample consumer interrupted, resuming: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    const source = msg.subject.slice(QUALITY_SAMPLES_SUBJECT_PREFIX.length + 1);
    const refuse = (batchId: string | null, refused: string) => {
      this.logger.warn(`Sample batch ${batchId ?? '(no id)'} from ${source} refused: ${refused}`);
      this.publish(source, { source, batchId, refused } satisfies BatchRefused);
      msg.term(refused);
    };
    if (!SOURCE_PATTERN.test(source)) return refuse(null, 'the subject must be quality.samples.<source>, the source 1-40 letters, digits, "_" or "-"');
    let body: { batchId?: unknown; samples?: unknown };
    try {
      body = msg.json();
    } catch {
      return refuse(null, 'the message is not JSON');
    }
    const batchId = typeof body?.batchId === 'string' && /^[A-Za-z0-9:._-]{1,100}$/.test(body.batchId) ? body.batchId : null;
    if (batchId === null) return refuse(null, 'batchId must be 1-100 letters, digits, ":", ".", "_" or "-"');
    if (!Array.isArray(body.samples)) return refuse(batchId, 'samples must be an array');
    try {
      const reply = await this.ingest.ingest({ source, batchId, samples: body.samples });
      this.publish(source, reply);
      msg.ack();
    } catch (err) {
      if (err instanceof AppError) return refuse(batchId, err.message);
      this.logger.warn(`Sample batch ${batchId} from ${source} failed, will be delivered again: ${(err as Error).message}`);
      msg.nak(5000);
    }
  }

  private publish(source: string, outcome: IngestReply | BatchRefused): void {
    this.nc.publish(`${QUALITY_RESULTS_SUBJECT_PREFIX}.${source}`, JSON.stringify(outcome));
  }
}
