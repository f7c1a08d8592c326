import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { SERVICE_RUNTIME, ServiceRuntime } from '@app/shared';
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
 * a restart resumes where it stopped.
 */
@Injectable()
export class HubDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HubDispatcher.name);
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
  ) {}

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
      this.round = this.deliverDue()
        .catch((err: Error) => this.logger.warn(`Hub delivery round failed: ${err.message}`))
        .finally(() => this.schedule());
    }, this.runtime.env.TMF_HUB_POLL_MS);
  }

  /** One round: every due delivery, oldest first. */
  async deliverDue(): Promise<void> {
    const env = this.runtime.env;
    const leaseMs = env.TMF_HUB_TIMEOUT_MS + 5000;
    const claimed = (await this.db.query(
      `UPDATE hub_delivery d SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $1::double precision / 1000)
        WHERE d.id IN (SELECT p.id FROM hub_delivery p
                        WHERE p.status = 'pending' AND p.next_attempt_at <= now()
                          AND NOT EXISTS (SELECT 1 FROM hub_delivery o WHERE o.subscription_id = p.subscription_id AND o.status = 'pending' AND o.seq < p.seq)
                        ORDER BY p.seq LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING d.id, d.subscription_id, d.payload, d.attempts, d.seq`,
      [leaseMs],
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
        await this.db.query(`UPDATE hub_delivery SET status = 'sent', sent_at = now(), next_attempt_at = NULL, last_error = NULL WHERE id = $1`, [row.id]);
      } else if (row.attempts >= env.TMF_HUB_MAX_ATTEMPTS) {
        this.logger.warn(`Hub delivery ${row.id} to ${subscription.callback} given up after ${row.attempts} attempts: ${error}`);
        await this.db.query(`UPDATE hub_delivery SET status = 'dead', next_attempt_at = NULL, last_error = $2 WHERE id = $1`, [row.id, error]);
      } else {
        await this.db.query(`UPDATE hub_delivery SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000), last_error = $3 WHERE id = $1`, [
          row.id,
          retryDelayMs(row.attempts),
          error,
        ]);
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
