import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, ensureEventsStream, EventContract, EventEnvelope, GatewayEnv, OutboxRelay, OutboxWriter } from '@app/shared';
import { GATEWAY_ENV } from '../http/gateway-env';
import { NatsLink } from '../http/nats-link';

/** Between attempts to reach the events stream while NATS refuses. */
const STREAM_RETRY_MS = 1000;

/**
 * The gateway's own events (its users' changes), durable as a service's: written into the gateway schema's outbox in
 * the same transaction as the change and published by the shared relay, one gateway replica at a time (the relay's
 * advisory lock is per schema). The gateway starts without NATS, so the relay starts once NATS is first reached;
 * what is written meanwhile waits in the outbox.
 */
@Injectable()
export class GatewayOutbox implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(GatewayOutbox.name);
  private readonly writer: OutboxWriter;
  private relay: OutboxRelay | undefined;
  private stopped = false;
  private warned = false;

  constructor(
    private readonly db: DataSource,
    private readonly nats: NatsLink,
    clock: Clock,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {
    this.writer = new OutboxWriter(clock);
  }

  onApplicationBootstrap(): void {
    void this.nats.ready().then(() => this.startRelay());
  }

  /** Not waiting for a relay still to start: NATS may never have been reached. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.relay?.stop();
  }

  /** Runs a change and the events it records in one transaction, then wakes the relay. */
  async run<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.db.transaction(work);
    this.relay?.kick();
    return result;
  }

  /** Records an event inside the transaction of `run`. */
  record<T extends object>(m: EntityManager, contract: EventContract<T>, subjectId: string, data: T): Promise<EventEnvelope<T>> {
    return this.writer.record(m, contract, subjectId, data);
  }

  private async startRelay(): Promise<void> {
    const nc = this.nats.connection();
    if (!nc) return;
    // The stream exists before the first publication (the services make it too, whoever starts first).
    while (!this.stopped && !(await this.ensureStream(nc))) await sleep(STREAM_RETRY_MS);
    if (this.stopped) return;
    this.relay = new OutboxRelay(this.db, jetstream(nc), this.env.OUTBOX_POLL_MS);
    this.relay.start();
  }

  private async ensureStream(nc: NatsConnection): Promise<boolean> {
    try {
      await ensureEventsStream(await jetstreamManager(nc), this.env.JETSTREAM_REPLICAS);
      return true;
    } catch (err) {
      if (!this.warned) this.logger.warn(`The events stream is not reachable yet; the gateway's events wait in its outbox: ${(err as Error).message}`);
      this.warned = true;
      return false;
    }
  }
}
