import { NatsConnection } from '@nats-io/transport-node';
import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  DialTestResultBody,
  DialTestResultReply,
  fieldProblems,
  NATS_CONNECTION,
  QUALITY_DIAL_OUTCOMES_SUBJECT_PREFIX,
  QUALITY_DIAL_RESULTS_STREAM,
  QUALITY_DIAL_RESULTS_SUBJECT_PREFIX,
} from '@app/shared';
import { FeedMessage, FeedQueue } from '../feeds/feed-queue';
import { SamplesConsumerOptions } from '../samples/samples.jetstream';
import { DialTestsService } from './dial-tests.service';

/** What `quality.dial-outcomes.<source>` carries for a result that was not recorded. */
export interface DialResultRefused {
  source: string;
  dialTestId: string | null;
  refused: string;
}

/**
 * Dial test results from probe systems: one JetStream message per result on `quality.dial-results.<source>` (body
 * `DialTestResultBody`); the outcome of each (the same answer as over HTTP, or why it was refused) on
 * `quality.dial-outcomes.<source>` (FeedQueue). Results are few: one at a time keeps the order a probe sent them in.
 */
@Injectable()
export class DialResultsJetStream extends FeedQueue {
  constructor(
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    private readonly dialTests: DialTestsService,
    options: SamplesConsumerOptions,
  ) {
    super(
      nc,
      {
        what: 'Dial test result',
        stream: QUALITY_DIAL_RESULTS_STREAM,
        subjectPrefix: QUALITY_DIAL_RESULTS_SUBJECT_PREFIX,
        outcomePrefix: QUALITY_DIAL_OUTCOMES_SUBJECT_PREFIX,
        durable: 'quality-dial-results',
        maxAgeMs: 7 * 86_400_000,
        inFlight: 1,
        replicas: options.replicas,
      },
      'dialTestId',
    );
  }

  protected async apply({ msg, source, refuse }: FeedMessage): Promise<DialTestResultReply | void> {
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
    return this.dialTests.record(result, source);
  }
}
