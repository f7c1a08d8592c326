import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DeliveryRecordedData, HOUR, NotifierEvents, NotifierSettings, OutboxWriter, ServiceSettings, UnitOfWork } from '@app/shared';
import { Accepted, ChannelError } from '../channels/channel';
import { isRetryable } from '../channels/channel-failure.rules';
import { Channels } from '../channels/channels';
import { deliveryRecorded } from './delivery-view';
import { Delivery } from './delivery.entities';
import { DeliveryStore } from './delivery.store';
import { afterFailedAttempt } from './retry.rules';
import { smsHold } from './sms-hold.rules';

export interface DispatchResult {
  sent: number;
  retrying: number;
  dead: number;
  held: number;
}

const LEASE_EXPIRED = 'The attempt was not answered within its lease: its sender stopped mid-attempt';

/** Knobs of the dispatcher's loop (NOTIFIER_POLL_MS, NOTIFIER_BATCH). */
export class DispatcherOptions {
  constructor(
    readonly pollMs: number,
    readonly batchSize: number,
  ) {}
}

/**
 * Sends what is due. Each poll leases a batch of due deliveries (FOR UPDATE SKIP LOCKED, so replicas share the work
 * and never take the same one) and commits; sends each through its channel outside any transaction; then records
 * each outcome in a transaction of its own, with its event. A sender that dies mid-attempt leaves a lease that
 * expires: the attempt counts as failed and the delivery goes again (the SMS gateway and the mail server recognise
 * the repeat by the delivery id). Non-urgent SMS wait for the end of quiet hours and for the per-number rate limit.
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Dispatcher');
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> = Promise.resolve();
  private failing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly settings: ServiceSettings<NotifierSettings>,
    private readonly store: DeliveryStore,
    private readonly channels: Channels,
    private readonly options: DispatcherOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.schedule(this.options.pollMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
    await this.channels.close();
  }

  /** Stops the loop (and waits for the poll under way); `runOnce` still works. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.loop;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.loop = this.poll();
    }, delayMs);
  }

  private async poll(): Promise<void> {
    let full = false;
    try {
      const result = await this.runOnce();
      full = result.sent + result.retrying + result.dead + result.held >= this.options.batchSize;
      if (this.failing) this.logger.log('Dispatching recovered');
      this.failing = false;
    } catch (err) {
      if (!this.failing) this.logger.error(`Dispatching failed, will retry: ${(err as Error).message}`);
      this.failing = true;
    }
    if (this.running) this.schedule(full ? 0 : this.options.pollMs);
  }

  /** One poll: expired leases back to the queue, then one batch of due deliveries leased, sent and recorded. */
  async runOnce(): Promise<DispatchResult> {
    const { values: limits } = await this.settings.get();
    const result: DispatchResult = { sent: 0, retrying: 0, dead: 0, held: 0 };
    await this.expireLeases(limits, result);
    const leased = await this.lease(limits, result);
    await Promise.all(leased.map((d) => this.attempt(d, limits, result)));
    return result;
  }

  private async expireLeases(limits: NotifierSettings, result: DispatchResult): Promise<void> {
    await this.uow.run(async (m) => {
      const now = this.clock.now();
      for (const d of await this.store.leaseExpired(m, now, this.options.batchSize)) {
        await this.failed(m, d, LEASE_EXPIRED, true, limits, now, result);
      }
    });
  }

  private lease(limits: NotifierSettings, result: DispatchResult): Promise<Delivery[]> {
    return this.dataSource.transaction(async (m) => {
      const now = this.clock.now();
      const due = await this.store.due(m, now, this.options.batchSize);
      const numbers = [...new Set(due.filter((d) => d.channel === 'sms' && !d.urgent).map((d) => d.address))];
      await this.store.lockNumbers(m, numbers);
      const sentTo = await this.store.smsSentSince(m, numbers, new Date(now.getTime() - HOUR), now);
      const going: Delivery[] = [];
      for (const d of due) {
        if (d.channel === 'sms') {
          const sent = sentTo.get(d.address) ?? [];
          const hold = smsHold(d, sent, now, limits);
          if (hold) {
            await this.store.hold(m, d.id, hold.reason, hold.until, now);
            result.held++;
            continue;
          }
          sentTo.set(d.address, [...sent, now]);
        }
        going.push(d);
      }
      const leaseUntil = new Date(now.getTime() + limits.sendLeaseSeconds * 1000);
      await this.store.lease(m, going.map((d) => d.id), leaseUntil, now);
      return going.map((d) => Object.assign(d, { status: 'sending' as const, leaseUntil, heldReason: null }));
    });
  }

  private async attempt(d: Delivery, limits: NotifierSettings, result: DispatchResult): Promise<void> {
    let accepted: Accepted;
    try {
      accepted = await this.channels.for(d.channel).send(d);
    } catch (err) {
      const retryable = err instanceof ChannelError ? isRetryable(err.failure) : true;
      await this.uow.run(async (m) => {
        if (await this.stillLeased(m, d)) await this.failed(m, d, (err as Error).message, retryable, limits, this.clock.now(), result);
      });
      return;
    }
    await this.uow.run(async (m) => {
      const now = this.clock.now();
      const sent = { ...d, status: 'sent' as const, attempts: d.attempts + 1, provider: accepted.provider, providerId: accepted.providerId ?? null, sentAt: now };
      const own = await this.store.settle(
        m,
        d,
        { status: 'sent', attempts: sent.attempts, provider: sent.provider, providerId: sent.providerId, sentAt: now, leaseUntil: null, nextAttemptAt: null },
        now,
      );
      if (!own) return;
      await accepted.write?.(m);
      await this.recorded(m, deliveryRecorded(sent, now), d);
      result.sent++;
    });
  }

  private async stillLeased(m: EntityManager, d: Delivery): Promise<boolean> {
    const current = await this.store.getForUpdate(m, d.id);
    return current?.status === 'sending' && current.leaseUntil?.getTime() === d.leaseUntil?.getTime();
  }

  /** A failed attempt: back to the queue after the back-off, or a dead letter (with its event). */
  private async failed(m: EntityManager, d: Delivery, error: string, retryable: boolean, limits: NotifierSettings, now: Date, result: DispatchResult): Promise<void> {
    const next = afterFailedAttempt(d.attempts, retryable, now, limits);
    const lastError = error.slice(0, 1000);
    if (next.status === 'pending') {
      await this.store.update(m, d.id, { status: 'pending', attempts: next.attempts, nextAttemptAt: next.nextAttemptAt, leaseUntil: null, lastError }, now);
      result.retrying++;
      return;
    }
    await this.store.update(m, d.id, { status: 'dead', attempts: next.attempts, nextAttemptAt: null, leaseUntil: null, lastError }, now);
    await this.recorded(m, deliveryRecorded({ ...d, status: 'dead', attempts: next.attempts }, now), d);
    result.dead++;
    this.logger.warn(`Delivery ${d.id} (${d.channel} to ${d.recipientName}) is a dead letter after ${next.attempts} attempt(s): ${lastError}`);
  }

  private async recorded(m: EntityManager, data: DeliveryRecordedData, d: Delivery): Promise<void> {
    await this.outbox.record(m, NotifierEvents.deliveryRecorded, d.subjectId ?? d.id, data);
  }
}
