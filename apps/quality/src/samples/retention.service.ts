import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock, QualitySettings, ServiceSettings } from '@app/shared';
import { partitionDaysNeeded, partitionsToDrop, rollupCutoffs } from './sample.rules';
import { SampleStore } from './sample.store';

export class RetentionOptions {
  constructor(readonly intervalMs: number) {}
}

/**
 * Quality's maintenance: keeps storage bounded (makes the raw partitions of the coming days ahead, drops whole
 * partitions past the raw retention and deletes roll-up buckets past theirs, each granularity its own setting).
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: SampleStore,
    private readonly clock: Clock,
    private readonly settings: ServiceSettings<QualitySettings>,
    private readonly options: RetentionOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.maintain();
    this.timer = setInterval(() => {
      this.running ??= this.maintain()
        .catch((err: unknown) => this.logger.warn(`Retention run failed: ${(err as Error).message}`))
        .finally(() => (this.running = undefined));
    }, this.options.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** A run now, after the one under way if any (never two at once): what a test waits on instead of the interval. */
  async maintainNow(): Promise<void> {
    while (this.running) await this.running;
    const run = this.maintain().finally(() => (this.running = undefined));
    this.running = run.catch(() => undefined);
    await run;
  }

  async maintain(): Promise<void> {
    const now = this.clock.now();
    const s = (await this.settings.get()).values;
    await this.store.ensurePartitions(partitionDaysNeeded(now, s.rawRetentionDays, s.partitionsAheadDays));
    await this.store.dropPartitions(partitionsToDrop(await this.store.partitionDays(), now, s.rawRetentionDays));
    const cutoffs = rollupCutoffs(now, s);
    await this.store.deleteBefore({ ...cutoffs, batches: new Date(now.getTime() - s.rawRetentionDays * 86_400_000) });
  }
}
