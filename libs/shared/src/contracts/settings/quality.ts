import { Limit, limitDefaults } from './limit';

/** Every limit of quality monitoring (issue #15, seed 003) an operator may change. */
export class QualitySettings {
  @Limit('Raw 5-minute samples are kept … days (their daily partitions are dropped after it)', 7, { min: 1, max: 90 })
  rawRetentionDays!: number;

  @Limit('15-minute roll-ups are kept … days', 90, { min: 1, max: 3650 })
  quarterHourRetentionDays!: number;

  @Limit('Hourly roll-ups are kept … days', 730, { min: 1, max: 3650 })
  hourlyRetentionDays!: number;

  @Limit('Daily partitions of the raw samples are created … days ahead', 3, { min: 1, max: 30 })
  partitionsAheadDays!: number;

  @Limit('A sample may be stamped at most … seconds in the future (the collector clock ahead of ours)', 300, { min: 0, max: 3600 })
  futureToleranceSeconds!: number;

  @Limit('A batch holds at most … samples', 10000, { min: 1, max: 50000 })
  maxSamplesPerBatch!: number;

  @Limit('A trend without a range shows the last … points', 96, { min: 1, max: 10000 })
  trendDefaultPoints!: number;

  @Limit('A trend answers at most … points (a longer range: use a coarser granularity)', 10000, { min: 10, max: 100000 })
  trendMaxPoints!: number;

  @Limit('A warning is raised after … consecutive samples beyond a threshold or the baseline, and cleared after as many within', 3, { min: 1, max: 100 })
  consecutiveSamples!: number;

  @Limit('Fluctuation: latency above the circuit’s own 95th percentile of the last … days', 7, { min: 1, max: 90 })
  baselineDays!: number;

  @Limit('Fluctuation: … times the baseline latency percentile', 1.5, { min: 1, max: 100, fractional: true })
  baselineFactor!: number;

  @Limit('Fluctuation: a baseline needs at least … samples (one day of 5-minute samples = 288)', 288, { min: 1, max: 100000 })
  baselineMinSamples!: number;

  @Limit('A circuit’s baseline is recomputed when older than … hours', 24, { min: 1, max: 720 })
  baselineRefreshHours!: number;

  @Limit('A circuit has at most … dial tests requested and not yet answered by a probe system', 3, { min: 1, max: 100 })
  maxPendingDialTests!: number;

  @Limit('A requested dial test no probe system answered within … minutes is expired (it no longer counts as waiting; a late result is still recorded)', 30, { min: 1, max: 1440 })
  dialTestAnswerMinutes!: number;

  @Limit('A path dial test result lists at most … hops', 64, { min: 1, max: 255 })
  maxPathHops!: number;

  @Limit('Quality statistics cover a period of at most … days', 366, { min: 1, max: 3660 })
  statisticsMaxDays!: number;
}

export const QUALITY_SETTINGS_DEFAULTS: QualitySettings = limitDefaults(QualitySettings);
