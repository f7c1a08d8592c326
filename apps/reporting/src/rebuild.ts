import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { EventContract, EventEnvelope, EVENTS_STREAM } from '@app/shared';
import { ProjectionSink } from './faults/fault-projections';
import { REPORTING_PROJECTIONS, REPORTING_READ_MODELS, REPORTING_SQL_READ_MODELS } from './read-models';

type Handler = (data: object, envelope: EventEnvelope<object>, m: EntityManager) => Promise<void>;

/** The handlers of every read model, collected the way the live consumer collects them. */
class Replay implements ProjectionSink {
  readonly handlers = new Map<string, { contract: EventContract<object>; handlers: Handler[] }>();

  on<T extends object>(contract: EventContract<T>, handler: (data: T, envelope: EventEnvelope<T>, m: EntityManager) => Promise<void>): void {
    const known = this.handlers.get(contract.type) ?? { contract: contract as EventContract<object>, handlers: [] };
    known.handlers.push(handler as Handler);
    this.handlers.set(contract.type, known);
  }

  /** The event validated as the live consumer validates it; null for one it would dead-letter. */
  read(subject: string, raw: unknown): { envelope: EventEnvelope<object>; handlers: Handler[] } | null {
    const known = this.handlers.get(subject);
    if (!known) return null;
    const envelope = plainToInstance(EventEnvelope, raw);
    if (validateSync(envelope).length > 0) return null;
    const data = plainToInstance(known.contract.data, envelope.data);
    if (validateSync(data, { whitelist: false }).length > 0) return null;
    return { envelope: { ...envelope, data }, handlers: known.handlers };
  }
}

export interface RebuildResult {
  /** Stream sequence numbers read: the first still held by the stream and the last one at the start. */
  firstSeq: number;
  lastSeq: number;
  applied: number;
  skipped: number;
}

/**
 * Empties reporting's read models and replays the events stream from its first held message into them through the
 * same handlers as the live consumer, in stream order, all in one transaction (readers see the old tables until it
 * commits; a failing handler leaves them as they were). It reads with an ordered consumer of its own, not the live
 * consumer's durable and inbox; events the live consumer applies meanwhile are harmless, every handler being
 * idempotent and order-safe.
 */
export async function rebuildReadModels(dataSource: DataSource, nc: NatsConnection): Promise<RebuildResult> {
  const replay = new Replay();
  for (const register of REPORTING_PROJECTIONS) register(replay);
  const jsm = await jetstreamManager(nc);
  // Without the stream there is nothing to rebuild from: refuse rather than leave the tables empty.
  const { state } = await jsm.streams.info(EVENTS_STREAM).catch((err: unknown) => {
    throw new Error(`No stream ${EVENTS_STREAM} to replay on this NATS server (${err instanceof Error ? err.message : String(err)}); the read models are left as they are`);
  });
  const result: RebuildResult = { firstSeq: state.first_seq, lastSeq: state.last_seq, applied: 0, skipped: 0 };
  const tables = [...REPORTING_READ_MODELS.map((e) => dataSource.getMetadata(e).tableName), ...REPORTING_SQL_READ_MODELS];
  await dataSource.transaction(async (m) => {
    await m.query(`TRUNCATE ${tables.join(', ')}`);
    if (state.messages === 0) return;
    const consumer = await jetstream(nc).consumers.get(EVENTS_STREAM);
    const messages = await consumer.consume({ max_messages: 500 });
    try {
      for await (const msg of messages) {
        const event = replay.handlers.has(msg.subject) ? replay.read(msg.subject, safeJson(msg.string())) : null;
        if (event) {
          for (const handler of event.handlers) await handler(event.envelope.data, event.envelope, m);
          result.applied += 1;
        } else if (replay.handlers.has(msg.subject)) {
          result.skipped += 1;
        }
        if (msg.seq >= state.last_seq) break;
      }
    } finally {
      messages.stop();
    }
  });
  return result;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
