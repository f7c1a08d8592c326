import { NatsConnection } from '@nats-io/transport-node';
import { Inject, Injectable } from '@nestjs/common';
import { IngestReply, NATS_CONNECTION, QUALITY_RESULTS_SUBJECT_PREFIX, QUALITY_SAMPLES_STREAM, QUALITY_SAMPLES_SUBJECT_PREFIX } from '@app/shared';
import { FeedMessage, FeedQueue } from '../feeds/feed-queue';
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

/**
 * Sample batches from network management systems: one JetStream message per batch on `quality.samples.<source>`,
 * body `{ batchId, samples: [...] }`; the outcome of each batch (its `IngestReply`, or why the message was refused)
 * on `quality.results.<source>` (FeedQueue). Several batches are ingested at once.
 */
@Injectable()
export class SamplesJetStream extends FeedQueue {
  constructor(
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    private readonly ingest: IngestService,
    options: SamplesConsumerOptions,
  ) {
    super(
      nc,
      {
        what: 'Sample batch',
        stream: QUALITY_SAMPLES_STREAM,
        subjectPrefix: QUALITY_SAMPLES_SUBJECT_PREFIX,
        outcomePrefix: QUALITY_RESULTS_SUBJECT_PREFIX,
        durable: 'quality-samples',
        maxAgeMs: 86_400_000,
        inFlight: options.inFlight,
        replicas: options.replicas,
      },
      'batchId',
    );
  }

  protected async apply({ msg, source, refuse }: FeedMessage): Promise<IngestReply | void> {
    let body: { batchId?: unknown; samples?: unknown };
    try {
      body = msg.json();
    } catch {
      return refuse(null, 'the message is not JSON');
    }
    const batchId = typeof body?.batchId === 'string' && /^[A-Za-z0-9:._-]{1,100}$/.test(body.batchId) ? body.batchId : null;
    if (batchId === null) return refuse(null, 'batchId must be 1-100 letters, digits, ":", ".", "_" or "-"');
    if (!Array.isArray(body.samples)) return refuse(batchId, 'samples must be an array');
    return this.ingest.ingest({ source, batchId, samples: body.samples });
  }
}
