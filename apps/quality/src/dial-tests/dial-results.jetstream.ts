import { AckPolicy, ConsumerMessages, DeliverPolicy, jetstream, JetStreamApiError, jetstreamManager, JsMsg, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos, NatsConnection } from '@nats-io/transport-node';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  AppError,
  DialTestResultBody,
  DialTestResultReply,
  fieldProblems,
  NATS_CONNECTION,
  QUALITY_DIAL_OUTCOMES_SUBJECT_PREFIX,
  QUALITY_DIAL_RESULTS_STREAM,
  QUALITY_DIAL_RESULTS_SUBJECT_PREFIX,
  SOURCE_PATTERN,
} from '@app/shared';
import { SamplesConsumerOptions } from '../samples/samples.jetstream';
import { DialTestsService } from './dial-tests.service';

/** What `quality.dial-outcomes.<source>` carries for a result that was not recorded. */
export interface DialResultRefused {
  source: string;
  dialTestId: string | null;
  refused: string;
}

const DURABLE = 'quality-dial-results';

/**
 * Dial test results from probe systems: one JetStream message per result on `quality.dial-results.<source>` (body
 * `DialTestResultBody`), read by one durable consumer shared by the replicas. The outcome of each (the same answer as
 * over HTTP, or why it was refused) is published on `quality.dial-outcomes.<source>`, then the message is
 * acknowledged; one that failed for a passing reason (database down) is delivered again.
 */
@Injectable()
export class DialResultsJetStream implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DialResultsJetStream.name);
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private running = false;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly dialTests: DialTestsService,
    private readonly options: SamplesConsumerOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    try {
      await jsm.streams.info(QUALITY_DIAL_RESULTS_STREAM);
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.status === 404)) throw err;
      await jsm.streams
        .add({
          name: QUALITY_DIAL_RESULTS_STREAM,
          subjects: [`${QUALITY_DIAL_RESULTS_SUBJECT_PREFIX}.>`],
          retention: RetentionPolicy.Workqueue,
          storage: StorageType.File,
          max_age: nanos(7 * 86_400_000),
          duplicate_window: nanos(10 * 60_000),
          num_replicas: this.options.replicas,
        })
        .catch(async (addErr: unknown) => {
          await jsm.streams.info(QUALITY_DIAL_RESULTS_STREAM).catch(() => {
            throw addErr;
          });
        });
    }
    await jsm.consumers.info(QUALITY_DIAL_RESULTS_STREAM, DURABLE).catch(() =>
      jsm.consumers.add(QUALITY_DIAL_RESULTS_STREAM, { durable_name: DURABLE, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, ack_wait: nanos(60_000) }),
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
        const consumer = await js.consumers.get(QUALITY_DIAL_RESULTS_STREAM, DURABLE);
        this.messages = await consumer.consume({ max_messages: 16 });
        // Results are few: one at a time keeps the order a probe sent them in.
        for await (const msg of this.messages) {
          await this.handle(msg);
          if (!this.running) break;
        }
      } catch (err) {
        if (!this.running) break;
        this.logger.warn(`Dial result consumer interrupted, resuming: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    const source = msg.subject.slice(QUALITY_DIAL_RESULTS_SUBJECT_PREFIX.length + 1);
    const refuse = (dialTestId: string | null, refused: string) => {
      this.logger.warn(`Dial test result ${dialTestId ?? '(no id)'} from ${source} refused: ${refused}`);
      this.publish(source, { source, dialTestId, refused } satisfies DialResultRefused);
      msg.term(refused);
    };
    if (!SOURCE_PATTERN.test(source)) return refuse(null, 'the subject must be quality.dial-results.<source>, the source 1-40 letters, digits, "_" or "-"');
    let body: unknown;
    try {
      body = msg.json();
    } catch {
      return refuse(null, 'the message is not JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return refuse(null, 'the message must be a JSON object');
    const result = plainToInstance(DialTestResultBody, body);
    const id = typeof result.dialTestId === 'string' ? result.dialTestId : null;
    const errors = validateSync(result, { forbidUnknownValues: true });
    if (errors.length > 0) return refuse(id, fieldProblems(errors).map((p) => `${p.field}: ${p.reason}`).join('; '));
    try {
      this.publish(source, await this.dialTests.record(result, source));
      msg.ack();
    } catch (err) {
      if (err instanceof AppError) {
        const fields = (err.details?.fields ?? []).map((p) => `${p.field}: ${p.reason}`);
        return refuse(id, fields.length > 0 ? fields.join('; ') : err.message);
      }
      this.logger.warn(`Dial test result ${id} from ${source} failed, will be delivered again: ${(err as Error).message}`);
      msg.nak(5000);
    }
  }

  private publish(source: string, outcome: DialTestResultReply | DialResultRefused): void {
    this.nc.publish(`${QUALITY_DIAL_OUTCOMES_SUBJECT_PREFIX}.${source}`, JSON.stringify(outcome));
  }
}
