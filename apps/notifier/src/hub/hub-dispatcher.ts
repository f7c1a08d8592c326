import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Clock, SERVICE_RUNTIME, ServiceRuntime } from '@app/shared';
import { HubSubscription } from './hub.entities';
import { retryDelayMs } from './hub.rules';

/** Deliveries taken in one round. */
const BATCH = 50;

interface Claimed {
  id: string;
  subscription_id: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * The hub's dispatcher loop: takes due deliveries (FOR UPDATE SKIP LOCKED, leased for the request's time, so replicas
 * share them and a crash mid-request only delays one), a subscription's oldest pending one only, so that each
 * subscriber hears of its tickets in the order things happened; POSTs each to its subscriber, and on anything but a 2xx tries
 * again with back-off until TMF_HUB_MAX_ATTEMPTS, then marks it dead with its last error. State is in the database:
 * a restart resumes where it stopped. When a delivery is due is told by the service's Clock (the back-off is a promise
 * to subscribers, tested by moving the clock); the loop itself polls on the wall clock.
 */
@Injectable()
export class HubDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HubDispatcher.name);
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly db: DataSource,
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly clock: Clock,
  ) {}

  /** Resolves once a round that started after this call has finished: what was due by then has been tried. */
  afterNextRound(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const waiting = this.waiters.splice(0);
      this.round = this.deliverDue()
        .catch((err: Error) => this.logger.warn(`Hub delivery round failed: ${err.message}`))
        .finally(() => {
          for (const resolve of waiting) resolve();
          this.schedule();
        });
    }, this.runtime.env.TMF_HUB_POLL_MS);
  }

  /** One round: every due delivery, oldest first. */
  async deliverDue(): Promise<void> {
    const env = this.runtime.env;
    const leaseMs = env.TMF_HUB_TIMEOUT_MS + 5000;
    const now = this.clock.now();
    const claimed = (await this.db.query(
      `UPDATE hub_delivery d SET attempts = d.attempts + 1, next_attempt_at = $2::timestamptz + make_interval(secs => $1::double precision / 1000)
        WHERE d.id IN (SELECT p.id FROM hub_delivery p
                        WHERE p.status = 'pending' AND p.next_attempt_at <= $2::timestamptz
                          AND NOT EXISTS (SELECT 1 FROM hub_delivery o WHERE o.subscription_id = p.subscription_id AND o.status = 'pending' AND o.seq < p.seq)
                        ORDER BY p.seq LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING d.id, d.subscription_id, d.payload, d.attempts, d.seq`,
      [leaseMs, now],
    )) as [Array<Claimed & { seq: string }>, number];
    const rows = claimed[0].sort((a, b) => Number(a.seq) - Number(b.seq));
    if (rows.length === 0) return;
    const subscriptions = new Map((await this.db.manager.findBy(HubSubscription, { id: In(rows.map((r) => r.subscription_id)) })).map((s) => [s.id, s]));
    for (const row of rows) {
      if (this.stopped) return;
      const subscription = subscriptions.get(row.subscription_id);
      if (!subscription) continue;
      const error = await this.post(subscription.callback, row.payload, env.TMF_HUB_TIMEOUT_MS);
      if (error === undefined) {
        await this.db.query(`UPDATE hub_delivery SET status = 'sent', sent_at = $2, next_attempt_at = NULL, last_error = NULL WHERE id = $1`, [row.id, this.clock.now()]);
      } else if (row.attempts >= env.TMF_HUB_MAX_ATTEMPTS) {
        this.logger.warn(`Hub delivery ${row.id} to ${subscription.callback} given up after ${row.attempts} attempts: ${error}`);
        await this.db.query(`UPDATE hub_delivery SET status = 'dead', next_attempt_at = NULL, last_error = $2 WHERE id = $1`, [row.id, error]);
      } else {
        await this.db.query(`UPDATE hub_delivery SET next_attempt_at = $2, last_error = $3 WHERE id = $1`, [row.id, new Date(this.clock.now().getTime() + retryDelayMs(row.attempts)), error]);
      }
    }
  }

  /** The error of one attempt, or undefined when the subscriber answered 2xx. Redirects are not followed. */
  private async post(callback: string, payload: Record<string, unknown>, timeoutMs: number): Promise<string | undefined> {
    try {
      const res = await fetch(callback, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.status >= 200 && res.status < 300 ? undefined : `HTTP ${res.status}`;
    } catch (err) {
      return (err as Error).message;
    }
  }
}
