import {
  addCalendarMonths,
  AnalysisCountView,
  AnalysisFaultView,
  AnalysisSatisfactionView,
  BusinessImportance,
  CauseCategory,
  CircuitGrade,
  ClockComplianceView,
  gradeBelowImportance,
  isCustomerSide,
  RecommendationView,
  REPORTING_SETTINGS_DEFAULTS,
  Tier,
  visitEveryMonths,
  VisitsSettings,
} from '@app/shared';
import { Period, percentage, periodOf, satisfaction, ScoreCounts } from '../statistics/statistics.rules';

/**
 * The network operation analysis report (网络运行分析报告, DOMAIN.md §4): availability per circuit, faults by cause and
 * segment, restore times, clock compliance and the recommendations derived by rule. Pure arithmetic on read-model rows.
 */
const MIN_MS = 60_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/**
 * Repeated faults: this many faults on one circuit in the period make it a candidate for coordinated analysis
 * (DOMAIN.md §1, 疑难故障); the default of the reporting setting `repeatedFaultsThreshold`.
 */
export const REPEATED_FAULTS_THRESHOLD = REPORTING_SETTINGS_DEFAULTS.repeatedFaultsThreshold;

/** The faults a report lists one by one (all are counted): a reply stays well under the broker's 1 MB message limit. */
export const MAX_LISTED_FAULTS = 500;

/** The period asked for; by default the previous full Beijing month. */
export function analysisPeriodOf(q: { from?: string; to?: string }, now: Date): Period {
  if (q.from === undefined && q.to === undefined) {
    const today = new Date(now.getTime() + BEIJING_OFFSET_MS);
    const firstOfThisMonth = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1);
    const lastOfPrevious = new Date(firstOfThisMonth - 86_400_000).toISOString().slice(0, 10);
    return periodOf({ from: `${lastOfPrevious.slice(0, 8)}01`, to: lastOfPrevious }, now);
  }
  return periodOf({ from: q.from ?? (q.to ? `${q.to.slice(0, 8)}01` : undefined), to: q.to }, now);
}

/** Minutes with two decimals. */
export function minutes(ms: number): number {
  return Math.round((ms / MIN_MS) * 100) / 100;
}

/** What availability needs of a fault. */
export interface OutageFacts {
  circuitId: string | null;
  status: string | null;
  faultAt: Date | null;
  restoredAt: Date | null;
  closedAt: Date | null;
  causeCategory: CauseCategory | null;
  /** The resolution clock's exempt milliseconds (its suspended time, exempt once closed with a customer-side cause). */
  resolutionExemptMs: number | null;
  /** The ticket's suspensions from its timeline (suspend → resume; unresumed: to the end of the outage), when known. */
  suspensions?: Array<{ from: Date; to: Date | null }>;
}

/** Pairs a ticket's timeline rows, in order, into suspensions: each `suspend` until the next `resume`. */
export function suspensionsOf(rows: Array<{ at: Date; action: string }>): Array<{ from: Date; to: Date | null }> {
  const out: Array<{ from: Date; to: Date | null }> = [];
  for (const r of rows) {
    const open = out.length > 0 && out[out.length - 1].to === null;
    if (r.action === 'suspend' && !open) out.push({ from: r.at, to: null });
    if (r.action === 'resume' && open) out[out.length - 1].to = r.at;
  }
  return out;
}

export interface Outage {
  outageMs: number;
  exemptMs: number;
  countedMs: number;
}

/**
 * A fault's outage within the period: from the fault to the restore (a ticket closed without restoration: to its
 * closing; still open: to now), clipped to the period. The resolution clock's suspended time is exempt only when the
 * ticket was finally closed with a customer-side cause (DOMAIN.md §1); it lies between report and restore. Only the
 * suspensions' part within the period is exempt in it (from the timeline), never more than the clock's exempt time
 * nor the outage within the period.
 */
export function outageOf(f: OutageFacts, period: Pick<Period, 'start' | 'end'>, now: Date): Outage {
  const none = { outageMs: 0, exemptMs: 0, countedMs: 0 };
  if (f.status === 'cancelled' || !f.faultAt) return none;
  const endOfOutage = f.restoredAt ?? f.closedAt ?? now;
  const from = Math.max(f.faultAt.getTime(), period.start.getTime());
  const to = Math.min(endOfOutage.getTime(), period.end.getTime(), Math.max(now.getTime(), period.start.getTime()));
  if (to <= from) return none;
  const outageMs = to - from;
  const exempt = f.status === 'closed' && f.causeCategory !== null && isCustomerSide(f.causeCategory) ? Math.max(0, f.resolutionExemptMs ?? 0) : 0;
  // The suspensions' part within the period, where the timeline tells them (a fault spanning the period's edge).
  const within = f.suspensions?.length
    ? f.suspensions.reduce((sum, p) => sum + Math.max(0, Math.min((p.to ?? endOfOutage).getTime(), to) - Math.max(p.from.getTime(), from)), 0)
    : outageMs;
  const exemptMs = exempt === 0 ? 0 : Math.min(exempt, within, outageMs);
  return { outageMs, exemptMs, countedMs: outageMs - exemptMs };
}

/** Availability as a percentage with two decimals of the period's minutes; the counted outage is capped at the period. */
export function availability(countedMs: number, periodMs: number): number {
  const counted = Math.min(countedMs, periodMs);
  return Math.round((1 - counted / periodMs) * 10_000) / 100;
}

/** Mean and worst time to restore, minutes with two decimals, of the restore times in ms. */
export function restoreTimes(ms: number[]): { restored: number; meanRestoreMinutes: number | null; worstRestoreMinutes: number | null } {
  if (ms.length === 0) return { restored: 0, meanRestoreMinutes: null, worstRestoreMinutes: null };
  return { restored: ms.length, meanRestoreMinutes: minutes(ms.reduce((a, b) => a + b, 0) / ms.length), worstRestoreMinutes: minutes(Math.max(...ms)) };
}

/** Counts by key, the most frequent first, then by key (null last). */
export function countBy<T>(items: T[], key: (t: T) => string | null): AnalysisCountView[] {
  const counts = new Map<string | null, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts]
    .map(([k, count]) => ({ key: k, count }))
    .sort((a, b) => b.count - a.count || (a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A fault as a customer's user may see it: where a customer-facing cause was marked, only that cause, no true category, segment or description. */
export function faultForCustomer(f: AnalysisFaultView): AnalysisFaultView {
  const { customerFacingCause, ...rest } = f;
  if (customerFacingCause === undefined) return rest;
  return { ...rest, causeCategory: null, causeSegment: null, cause: customerFacingCause };
}

/** Every clock kind of a fault ticket and its legs (apps/fault/src/tickets/ticket-clocks.rules.ts), in report order. */
export const FAULT_CLOCK_KINDS: ReadonlyArray<{ kind: string; label: string }> = [
  { kind: 'dispatch', label: '派单' },
  { kind: 'accept', label: '接单确认' },
  { kind: 'progress', label: '进展汇报' },
  { kind: 'answer', label: '调度答复' },
  { kind: 'first-feedback', label: '首次反馈客户' },
  { kind: 'feedback', label: '定期反馈客户' },
  { kind: 'resolution', label: '故障处理时限' },
  { kind: 'joint-handling', label: '联合处理' },
  { kind: 'on-site', label: '到场' },
  { kind: 'broadcast', label: '联合处理通报' },
];

/** Compliance per kind from counted rows (kinds the fault service may add later follow the known ones). */
export function compliance(rows: Array<{ kind: string; met: number; total: number }>): ClockComplianceView[] {
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  const known = FAULT_CLOCK_KINDS.map(({ kind, label }) => {
    const r = byKind.get(kind);
    return { kind, label, met: r?.met ?? 0, total: r?.total ?? 0, rate: percentage(r?.met ?? 0, r?.total ?? 0) };
  });
  const others = rows.filter((r) => !FAULT_CLOCK_KINDS.some((k) => k.kind === r.kind)).sort((a, b) => (a.kind < b.kind ? -1 : 1));
  return [...known, ...others.map((r) => ({ kind: r.kind, label: r.kind, met: r.met, total: r.total, rate: percentage(r.met, r.total) }))];
}

/** What the recommendations look at. */
export interface CircuitFacts {
  id: string;
  code: string;
  business: string;
  importance: BusinessImportance;
  grade: CircuitGrade;
  protection: string;
  faults: number;
}

const IMPORTANT: readonly BusinessImportance[] = ['critical', 'high'];

/** The instant a visit is due after the last one: the same day `months` later (end of month when shorter). */
export function visitDueAfter(last: Date, months: number): Date {
  return addCalendarMonths(last, months);
}

/**
 * Recommendations by rule:
 * - important business (critical, high) on a circuit with no backup or protection (case 5);
 * - `threshold` (the setting repeatedFaultsThreshold) or more faults on one circuit in the period (DOMAIN.md §1, repeated faults);
 * - a circuit graded below what its business needs (case 44, `gradeBelowImportance`);
 * - the customer not visited within its tier's planned interval by the end of the period (VisitsSettings); never
 *   visited at all counts as overdue.
 */
export function recommendations(
  circuits: CircuitFacts[],
  visit: { tier: Tier; lastVisitAt: Date | null; periodEnd: Date; settings: VisitsSettings },
  threshold = REPEATED_FAULTS_THRESHOLD,
): RecommendationView[] {
  const out: RecommendationView[] = [];
  const ordered = [...circuits].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const c of ordered) {
    if (IMPORTANT.includes(c.importance) && c.protection === 'none') {
      out.push({
        rule: 'important-business-without-backup',
        circuits: [{ id: c.id, code: c.code }],
        text: `电路 ${c.code} 承载重要业务(${c.business}),但无备份电路或保护,单点故障即造成业务中断,建议尽快增加备份电路或保护。`,
      });
    }
  }
  for (const c of ordered) {
    if (c.faults >= threshold) {
      out.push({
        rule: 'repeated-faults',
        circuits: [{ id: c.id, code: c.code }],
        text: `电路 ${c.code} 本期发生故障 ${c.faults} 次(达到 ${threshold} 次),建议作为疑难故障组织联合分析,排查根本原因。`,
      });
    }
  }
  for (const c of ordered) {
    if (gradeBelowImportance(c.grade, c.importance)) {
      out.push({
        rule: 'low-grade-important-business',
        circuits: [{ id: c.id, code: c.code }],
        text: `电路 ${c.code} 等级为 ${c.grade},低于所承载业务(${c.business})的重要程度要求,建议提升电路等级或调整业务承载。`,
      });
    }
  }
  const months = visitEveryMonths(visit.tier, visit.settings);
  if (!visit.lastVisitAt || visitDueAfter(visit.lastVisitAt, months).getTime() < visit.periodEnd.getTime()) {
    out.push({
      rule: 'visit-overdue',
      circuits: [],
      text: visit.lastVisitAt
        ? `客户按计划应每 ${months} 个月走访一次,上次走访后已超期,建议尽快安排走访。`
        : `客户按计划应每 ${months} 个月走访一次,尚无走访记录,建议尽快安排走访。`,
    });
  }
  return out;
}

/** A rating this low (or lower) is listed one by one in the report's satisfaction section. */
export const LOW_SCORE_MAX = 2;

/**
 * The satisfaction section: the ratings of the tickets closed in the period (rows by rating time) against those closed,
 * the low ones (score LOW_SCORE_MAX or less) listed with the customer's comment, at most MAX_LISTED_FAULTS of them.
 */
export function satisfactionSection(
  closed: number,
  ratings: Array<{ ticketId: string; number: string; circuitCode: string | null; score: number; comment: string | null; ratedAt: Date }>,
): AnalysisSatisfactionView {
  const counts: ScoreCounts = [0, 0, 0, 0, 0];
  for (const r of ratings) counts[r.score - 1] += 1;
  const low = ratings
    .filter((r) => r.score <= LOW_SCORE_MAX)
    .map((r) => ({ ticketId: r.ticketId, number: r.number, circuitCode: r.circuitCode, score: r.score, comment: r.comment, ratedAt: new Date(r.ratedAt).toISOString() }));
  return { closed, ...satisfaction(closed, counts), lowScores: low.slice(0, MAX_LISTED_FAULTS), lowScoresTruncated: low.length > MAX_LISTED_FAULTS };
}
