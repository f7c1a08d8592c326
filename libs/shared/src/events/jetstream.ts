import { JetStreamApiError, JetStreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

export const EVENTS_STREAM = 'EVENTS';
export const EVENTS_SUBJECTS = ['evt.>'];
/** Window within which the stream drops a re-publication of the same outbox id (Nats-Msg-Id). */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

function isNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.status === 404;
}

/**
 * Creates the events stream if it is missing, with `replicas` copies (JETSTREAM_REPLICAS: 3 on a three-node
 * cluster). A stream that exists with another count is changed to it, so a deployment moved onto a cluster gets
 * its copies at the next start. Every process calls it at start-up; it is idempotent.
 */
export async function ensureEventsStream(jsm: JetStreamManager, replicas = 1): Promise<void> {
  let existing;
  try {
    existing = await jsm.streams.info(EVENTS_STREAM);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (existing) {
    if ((existing.config.num_replicas || 1) !== replicas) await jsm.streams.update(EVENTS_STREAM, { num_replicas: replicas });
    return;
  }
  try {
    await jsm.streams.add({
      name: EVENTS_STREAM,
      subjects: EVENTS_SUBJECTS,
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      num_replicas: replicas,
    });
  } catch (addErr) {
    // Another process created it between our info and add.
    await jsm.streams.info(EVENTS_STREAM).catch(() => {
      throw addErr;
    });
  }
}
