import { AppError, Caller, Kpi, KPIS } from '@app/shared';

/** The range each KPI must be in (a 5-minute interval has 300 seconds). */
export const KPI_RANGE: Record<Kpi, [number, number]> = {
  utilInPct: [0, 100],
  utilOutPct: [0, 100],
  packetLossPct: [0, 100],
  latencyMs: [0, 60_000],
  jitterMs: [0, 60_000],
  erroredSeconds: [0, 300],
  severelyErroredSeconds: [0, 300],
  opticalRxDbm: [-60, 20],
};

export interface ParsedSample {
  circuitCode: string;
  at: Date;
  values: Partial<Record<Kpi, number>>;
}

export interface SampleLimits {
  now: Date;
  rawRetentionDays: number;
  futureToleranceSeconds: number;
}

/** The fields a sample may carry. */
const SAMPLE_FIELDS = new Set<string>(['circuitCode', 'at', ...KPIS]);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * Checks one sample as sent: a circuit code, a time within the raw retention and not ahead of now beyond the
 * tolerance, at least one KPI, each a finite number in its range, and no more severely errored than errored seconds.
 * Returns the sample or the reason it is bad.
 */
export function parseSample(raw: unknown, limits: SampleLimits): ParsedSample | { reason: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { reason: 'a sample must be an object' };
  const s = raw as Record<string, unknown>;
  if (typeof s.circuitCode !== 'string' || s.circuitCode.length < 1 || s.circuitCode.length > 60) return { reason: 'circuitCode must be a circuit code (1-60 characters)' };
  if (typeof s.at !== 'string' || !ISO.test(s.at) || Number.isNaN(Date.parse(s.at))) return { reason: 'at must be an ISO 8601 date-time with a time zone' };
  const at = new Date(s.at);
  if (at.getTime() > limits.now.getTime() + limits.futureToleranceSeconds * 1000) return { reason: `at is more than ${limits.futureToleranceSeconds} s in the future` };
  if (at.getTime() < limits.now.getTime() - limits.rawRetentionDays * DAY_MS) return { reason: `at is older than the raw retention (${limits.rawRetentionDays} days)` };
  for (const field in s) if (!SAMPLE_FIELDS.has(field)) return { reason: `${field} is not a KPI (${KPIS.join(', ')})` };
  const values: Partial<Record<Kpi, number>> = {};
  let carried = 0;
  for (const kpi of KPIS) {
    const v = s[kpi];
    if (v === undefined || v === null) continue;
    const [min, max] = KPI_RANGE[kpi];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) return { reason: `${kpi} must be a number from ${min} to ${max}` };
    values[kpi] = v;
    carried++;
  }
  if (carried === 0) return { reason: 'a sample needs at least one KPI' };
  if (values.severelyErroredSeconds !== undefined && values.erroredSeconds !== undefined && values.severelyErroredSeconds > values.erroredSeconds) {
    return { reason: 'severelyErroredSeconds cannot exceed erroredSeconds' };
  }
  return { circuitCode: s.circuitCode, at, values };
}

/** Start of the UTC day a time falls in: the raw samples are partitioned by it. */
export function dayOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

export function partitionName(day: Date): string {
  return `sample_p${day.toISOString().slice(0, 10).replace(/-/g, '')}`;
}

/** The days whose partitions must exist now: from the oldest kept to `aheadDays` after today. */
export function partitionDaysNeeded(now: Date, rawRetentionDays: number, aheadDays: number): Date[] {
  const today = dayOf(now).getTime();
  const days: Date[] = [];
  for (let d = -rawRetentionDays; d <= aheadDays; d++) days.push(new Date(today + d * DAY_MS));
  return days;
}

/** Partitions (by their day) holding only samples older than the raw retention: dropped whole. */
export function partitionsToDrop(existing: Date[], now: Date, rawRetentionDays: number): Date[] {
  const oldestKept = now.getTime() - rawRetentionDays * DAY_MS;
  return existing.filter((day) => day.getTime() + DAY_MS <= oldestKept);
}

/** Roll-up buckets starting before these times are deleted. */
export function rollupCutoffs(now: Date, s: { quarterHourRetentionDays: number; hourlyRetentionDays: number }): { quarterHour: Date; hourly: Date } {
  return { quarterHour: new Date(now.getTime() - s.quarterHourRetentionDays * DAY_MS), hourly: new Date(now.getTime() - s.hourlyRetentionDays * DAY_MS) };
}

/**
 * Whose samples a batch over HTTP holds: a feed client (a network management system) is its own source, by the client
 * id it signed in with, never by what its body says; staff posting a batch by hand name the feed.
 */
export function sampleSource(sent: string | null | undefined, caller: Pick<Caller, 'username' | 'roles'>): string {
  // JSON's null is no source, as one left out.
  const given = sent ?? undefined;
  const refuse = (reason: string) => new AppError('VALIDATION_FAILED', `source ${reason}`, { fields: [{ field: 'source', reason }] });
  if (caller.roles.includes('feed_client')) {
    if (given !== undefined && given !== caller.username) throw refuse(`a feed client sends as itself (${caller.username}): leave it out`);
    return caller.username;
  }
  if (given === undefined) throw refuse('is required (the feed the samples come from)');
  return given;
}
