/** A running time limit as GET /api/v1/clocks/{service} lists it (ClockSummary of the deadline engine). */
export interface ClockRow {
  id: string;
  subjectType: string;
  subjectId: string;
  kind: string;
  limitMs: number;
  status: string;
  startedAt: string;
  dueAt: string | null;
  /** Where the fault service puts the start of the clock's warning lead (null: none, or not running). */
  warnAt?: string | null;
  breachedAt: string | null;
}

export type ClockState = 'ok' | 'warn' | 'breached' | 'paused';

/** The fault settings that say how long before a deadline its warning comes (GET /api/v1/settings/fault). */
export interface WarnLeads {
  firstFeedbackWarnMinutes?: number;
  feedbackWarnMinutes?: number;
  resolutionWarnMinutes?: number;
}

const MIN = 60_000;

/**
 * How long before its deadline a clock turns amber when the server did not say (`warnAt`): the warning lead of the
 * fault settings for that kind, and for the kinds without one (joint handling, on-site, broadcast, answer) a fifth of the limit.
 */
export function warnLeadMs(clock: Pick<ClockRow, 'kind' | 'limitMs'>, leads: WarnLeads): number {
  const byKind: Record<string, number | undefined> = {
    'first-feedback': leads.firstFeedbackWarnMinutes,
    feedback: leads.feedbackWarnMinutes,
    resolution: leads.resolutionWarnMinutes,
  };
  const minutes = byKind[clock.kind];
  return minutes !== undefined ? minutes * MIN : Math.round(clock.limitMs / 5);
}

/**
 * Red when breached (fired, or past due and not yet fired), amber once warned or from the server's `warnAt` (else
 * `leadMs` before the deadline).
 */
export function clockState(clock: ClockRow, nowMs: number, leadMs: number, warned = false): ClockState {
  if (clock.breachedAt) return 'breached';
  if (clock.status === 'paused') return 'paused';
  if (!clock.dueAt) return 'ok';
  const due = Date.parse(clock.dueAt);
  if (due - nowMs <= 0) return 'breached';
  const warnAt = clock.warnAt ? Date.parse(clock.warnAt) : due - leadMs;
  return warned || nowMs >= warnAt ? 'warn' : 'ok';
}

/** "12:05" under an hour, "3小时05分" / "3h 05m" beyond; negative (overdue) with a minus sign. */
export function formatLeft(ms: number, lang: 'zh' | 'en'): string {
  const sign = ms < 0 ? '-' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h === 0) return `${sign}${pad(m)}:${pad(s)}`;
  if (h >= 48) return lang === 'zh' ? `${sign}${Math.floor(h / 24)}天${h % 24}小时` : `${sign}${Math.floor(h / 24)}d ${h % 24}h`;
  return lang === 'zh' ? `${sign}${h}小时${pad(m)}分` : `${sign}${h}h ${pad(m)}m`;
}
