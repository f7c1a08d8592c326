import { AppError, SatisfactionView, StatisticsGroup, StatisticsMetric } from '@app/shared';

/**
 * Statistics (DOMAIN.md §4): counts of a period grouped by customer, industry, tier, region, service type or month,
 * with rates as percentages of two decimals. Periods are Beijing dates; months are Beijing months.
 */
export const BEIJING_TIME_ZONE = 'Asia/Shanghai';
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** What a group is made of: the customer's dimensions, the order's service type, the Beijing month of the fact. */
export interface GroupDimensions {
  customerId: string | null;
  customerName: string | null;
  industry: string | null;
  tier: string | null;
  region: string | null;
  serviceType: string | null;
  month: string | null;
}

export const UNKNOWN = 'unknown';

/** The group a fact falls in; `unknown` where reporting has not learned the dimension (a customer not yet seen). */
export function groupKey(d: GroupDimensions, by: StatisticsGroup): string {
  const value = by === 'customer' ? d.customerId : d[by];
  return value ?? UNKNOWN;
}

/** Metrics whose facts have a service type: orders, and faults (the circuit's). */
const WITH_SERVICE_TYPE: readonly StatisticsMetric[] = ['provisioning', 'faults'];

/** Service types belong to orders and faults: other metrics cannot be grouped or filtered by them (400 naming the field). */
export function assertGrouping(metric: StatisticsMetric, q: { groupBy?: StatisticsGroup; serviceType?: string }): void {
  if (WITH_SERVICE_TYPE.includes(metric)) return;
  const field = q.groupBy === 'serviceType' ? 'groupBy' : q.serviceType !== undefined ? 'serviceType' : null;
  if (field) {
    throw new AppError('VALIDATION_FAILED', `${metric} statistics have no service type`, { fields: [{ field, reason: 'service type applies to provisioning and fault statistics only' }] });
  }
}

/** The Beijing date of an instant. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Beijing months (YYYY-MM) a period touches, in order: the rows of `groupBy=month`. */
export function monthsOf(p: { from: string; to: string }): string[] {
  const months: string[] = [];
  let [y, m] = p.from.slice(0, 7).split('-').map(Number);
  const last = p.to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month >= last) return months;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
}

/** A longer period would make `groupBy=month` answer a row per month of centuries. */
export const MAX_PERIOD_YEARS = 10;

export interface Period {
  from: string;
  to: string;
  /** Instants: the period is [start, end). */
  start: Date;
  end: Date;
}

/**
 * The period asked for, both Beijing dates included: by default from the first of the month of `to`, to today.
 * From after to, or years more than MAX_PERIOD_YEARS apart, is 422 PERIOD_INVALID.
 */
export function periodOf(q: { from?: string; to?: string }, now: Date): Period {
  const to = q.to ?? beijingDate(now);
  const from = q.from ?? `${to.slice(0, 8)}01`;
  if (from > to) throw new AppError('PERIOD_INVALID', `The period ends (${to}) before it starts (${from})`, { fields: [{ field: 'to', reason: 'must not be before from' }] });
  if (Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > MAX_PERIOD_YEARS) {
    throw new AppError('PERIOD_INVALID', `Statistics cover at most ${MAX_PERIOD_YEARS} years`, { fields: [{ field: 'from', reason: `must be within ${MAX_PERIOD_YEARS} years of to` }] });
  }
  const start = new Date(Date.parse(`${from}T00:00:00Z`) - BEIJING_OFFSET_MS);
  const end = new Date(Date.parse(`${to}T00:00:00Z`) - BEIJING_OFFSET_MS + DAY_MS);
  return { from, to, start, end };
}

/** A share as a percentage with two decimals; null when there is nothing to share (0 of 0). */
export function percentage(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return Math.round((part / whole) * 10_000) / 100;
}

/** Delivered on time: the whole route completed by the due instant (close of business of the required date, after any extension). */
export function deliveredOnTime(completedAt: Date, dueAt: Date): boolean {
  return completedAt.getTime() <= dueAt.getTime();
}

/** Groups rows and sums their counts; rows arrive pre-counted per customer (and service type, month) from the read model. */
export function groupRows<R extends GroupDimensions, S>(rows: R[], by: StatisticsGroup, empty: () => S, add: (sum: S, row: R) => void): Map<string, { label?: string; sum: S }> {
  const groups = new Map<string, { label?: string; sum: S }>();
  for (const row of rows) {
    const key = groupKey(row, by);
    let g = groups.get(key);
    if (!g) {
      g = { ...(by === 'customer' && row.customerName ? { label: row.customerName } : {}), sum: empty() };
      groups.set(key, g);
    }
    add(g.sum, row);
  }
  return groups;
}

/** Groups in the order of their keys (`-group` reverses); the only sort statistics offer. */
export function sortedGroups<T extends { group: string }>(items: T[], sort: string | undefined): T[] {
  if (sort !== undefined && sort !== 'group' && sort !== '-group') {
    throw new AppError('VALIDATION_FAILED', `Statistics sort by group only, not ${sort}`, { fields: [{ field: 'sort', reason: 'must be group or -group' }] });
  }
  const sorted = [...items].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  return sort === '-group' ? sorted.reverse() : sorted;
}

/** The steps of a complaint whose clocks statistics rate (seed 003): sorting, analysis, handling, or a plan with other departments. */
export const COMPLAINT_STEPS = ['sorting', 'analysis', 'handling', 'plan'] as const;
export type ComplaintStepName = (typeof COMPLAINT_STEPS)[number];

/** The step a fault complaint clock times (its kind is `complaint-<step>`); null for any other clock. */
export function complaintStepOf(kind: string): ComplaintStepName | null {
  const step = kind.startsWith('complaint-') ? kind.slice('complaint-'.length) : '';
  return (COMPLAINT_STEPS as readonly string[]).includes(step) ? (step as ComplaintStepName) : null;
}

/** The fault clocks statistics rate, by the key they are shown under, with the kind the fault service gives them (ticket-clocks.rules.ts). */
export const FAULT_CLOCKS = {
  dispatch: 'dispatch',
  accept: 'accept',
  progress: 'progress',
  answer: 'answer',
  firstFeedback: 'first-feedback',
  feedback: 'feedback',
  resolution: 'resolution',
  jointHandling: 'joint-handling',
  onSite: 'on-site',
  broadcast: 'broadcast',
} as const;
export type FaultClockName = keyof typeof FAULT_CLOCKS;
const FAULT_CLOCK_BY_KIND = new Map<string, FaultClockName>(Object.entries(FAULT_CLOCKS).map(([name, kind]) => [kind, name as FaultClockName]));

/** The key a fault clock of this kind is shown under; null for a kind statistics do not rate (a complaint's). */
export function faultClockOf(kind: string): FaultClockName | null {
  return FAULT_CLOCK_BY_KIND.get(kind) ?? null;
}

const MINUTE_MS = 60_000;
const minutes = (ms: number) => Math.round((ms / MINUTE_MS) * 100) / 100;

/**
 * Restore times (fault to restore) in minutes with two decimals: the mean, the median (the mean of the two middle
 * values for an even count), the 90th percentile by nearest rank, and the worst; all null when nothing was restored.
 */
export function restoreMinutes(durationsMs: readonly number[]): { mean: number | null; median: number | null; p90: number | null; worst: number | null } {
  const n = durationsMs.length;
  if (n === 0) return { mean: null, median: null, p90: null, worst: null };
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    mean: minutes(sorted.reduce((a, b) => a + b, 0) / n),
    median: minutes(median),
    p90: minutes(sorted[Math.ceil(0.9 * n) - 1]),
    worst: minutes(sorted[n - 1]),
  };
}

/** Ratings counted: how many of each score, 1 to 5 (index 0 is score 1). */
export type ScoreCounts = [number, number, number, number, number];

/**
 * Customer satisfaction of the tickets closed in a period: how many were rated, their share of those closed, the mean
 * score with two decimals (null when none was rated) and how many gave each score.
 */
export function satisfaction(closed: number, counts: ScoreCounts): SatisfactionView {
  const rated = counts.reduce((a, b) => a + b, 0);
  const sum = counts.reduce((a, n, i) => a + n * (i + 1), 0);
  return {
    rated,
    ratedShare: percentage(rated, closed),
    averageScore: rated === 0 ? null : Math.round((sum / rated) * 100) / 100,
    distribution: { '1': counts[0], '2': counts[1], '3': counts[2], '4': counts[3], '5': counts[4] },
  };
}
