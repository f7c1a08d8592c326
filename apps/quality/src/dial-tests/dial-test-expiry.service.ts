import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock, QualitySettings, ServiceSettings } from '@app/shared';
import { DataSource } from 'typeorm';
import { answerDeadline } from './dial-test.rules';

export class DialTestExpiryOptions {
  constructor(readonly intervalMs: number) {}
}

/** One expiry run across the replicas at a time: a transaction-scoped advisory lock (released at commit), per schema. */
const EXPIRY_LOCK = `hashtext('quality.dial-test-expiry:' || current_schema())`;

/**
 * Expires the dial tests no probe system answered within the setting dialTestAnswerMinutes (30): they no longer count
 * as waiting (maxPendingDialTests), and a late result is still recorded. Runs every `QUALITY_DIAL_TEST_EXPIRY_MS`;
 * of two replicas whose runs meet, one expires and the other skips its turn. A test awaits `runNow()`.
 */
@Injectable()
export class DialTestExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DialTestExpiry.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private failing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly settings: ServiceSettings<QualitySettings>,
    private readonly options: DialTestExpiryOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.turn()
        .then(() => {
          if (this.failing) this.logger.log('Dial test expiry recovered');
          this.failing = false;
        })
        .catch((err: unknown) => {
          if (!this.failing) this.logger.warn(`Dial test expiry failed, will retry: ${(err as Error).message}`);
          this.failing = true;
        })
        .finally(() => (this.running = undefined));
    }, this.options.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /**
   * A run now, after the one under way if any, that waits for another replica's run instead of skipping: when it
   * resolves, every test unanswered past the limit as of the service's clock is expired. Answers how many it expired.
   */
  async runNow(): Promise<number> {
    while (this.running) await this.running;
    const run = this.expire(true);
    this.running = run.catch(() => undefined).finally(() => (this.running = undefined));
    return run;
  }

  /** The periodic run: expires what is due, or `skipped` while another replica's run holds the turn. */
  async turn(): Promise<number | 'skipped'> {
    return this.expire(false);
  }

  /** Expires what is due; `wait`: for a run of another replica to end rather than leave the turn to it. */
  private async expire(wait: true): Promise<number>;
  private async expire(wait: false): Promise<number | 'skipped'>;
  private async expire(wait: boolean): Promise<number | 'skipped'> {
    const now = this.clock.now();
    const limits = (await this.settings.get()).values;
    return this.dataSource.transaction(async (m) => {
      if (wait) await m.query(`SELECT pg_advisory_xact_lock(${EXPIRY_LOCK})`);
      else {
        const [{ locked }] = (await m.query(`SELECT pg_try_advisory_xact_lock(${EXPIRY_LOCK}) AS locked`)) as Array<{ locked: boolean }>;
        if (!locked) return 'skipped';
      }
      const [, expired] = (await m.query(`UPDATE dial_test SET status = 'expired' WHERE status = 'requested' AND requested_at <= $1`, [
        answerDeadline(now, limits.dialTestAnswerMinutes),
      ])) as [unknown, number];
      if (expired > 0) this.logger.log(`${expired} dial test(s) unanswered for ${limits.dialTestAnswerMinutes} min expired`);
      return expired;
    });
  }
}
