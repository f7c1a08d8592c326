import { AppError, CheckOutcome, GuaranteeCheckKind, GuaranteeStatus } from '@app/shared';

/**
 * Important-period guarantees (重要时期通信保障, §3; seed 000 cases 36–40). A guarantee is planned until its period
 * starts, active during it (fault escalates at once a fault on its circuits) and ended after it; it may be cancelled
 * before it ends. The start and the end are clocks due at those instants, so they happen when the time comes,
 * whether or not anyone is looking, and exactly once.
 */
export const GUARANTEE_CLOCKS = { start: 'guarantee-start', end: 'guarantee-end' } as const;

export type GuaranteeAction = 'activate' | 'end' | 'cancel' | 'check' | 'staff';

const ALLOWED: Record<GuaranteeAction, GuaranteeStatus[]> = {
  activate: ['planned'],
  end: ['active'],
  cancel: ['planned', 'active'],
  check: ['planned', 'active'],
  staff: ['planned', 'active'],
};

export function canGuarantee(action: GuaranteeAction, status: GuaranteeStatus): boolean {
  return ALLOWED[action].includes(status);
}

export function assertGuarantee(action: GuaranteeAction, status: GuaranteeStatus): void {
  if (!canGuarantee(action, status)) {
    throw new AppError('INVALID_TRANSITION', `A guarantee that is ${status} cannot ${action === 'check' ? 'record a check' : action === 'staff' ? 'change its staff' : action}`, { action, status });
  }
}

/** A period ends after it starts, and not already in the past. */
export function assertPeriod(startsAt: Date, endsAt: Date, now: Date): void {
  if (endsAt.getTime() <= startsAt.getTime()) {
    throw new AppError('PERIOD_INVALID', 'The guarantee must end after it starts', { fields: [{ field: 'endsAt', reason: 'must be after startsAt' }] });
  }
  if (endsAt.getTime() <= now.getTime()) {
    throw new AppError('PERIOD_INVALID', 'The guarantee period is already over', { fields: [{ field: 'endsAt', reason: 'must be in the future' }] });
  }
}

/** Whether a guarantee created now is already in its period (it is active from the start, with no start clock). */
export function startsActive(startsAt: Date, now: Date): boolean {
  return startsAt.getTime() <= now.getTime();
}

export interface CheckRecord {
  kind: GuaranteeCheckKind;
  title: string;
  outcome: CheckOutcome;
  performedAt: Date;
}

/**
 * Readiness before the event (cases 37–38): a pre-check and a joint test must have passed. A check repeated under
 * the same title counts by its latest result, so a failed test passed again is no longer failing.
 */
export function readiness(checks: CheckRecord[]): { preCheckPassed: boolean; jointTestPassed: boolean; failing: string[] } {
  const latest = new Map<string, CheckRecord>();
  for (const c of [...checks].sort((a, b) => a.performedAt.getTime() - b.performedAt.getTime())) latest.set(`${c.kind}\u0000${c.title}`, c);
  const current = [...latest.values()];
  return {
    preCheckPassed: current.some((c) => c.kind === 'pre-check' && c.outcome === 'pass'),
    jointTestPassed: current.some((c) => c.kind === 'joint-test' && c.outcome === 'pass'),
    failing: current.filter((c) => c.outcome === 'fail').map((c) => c.title),
  };
}

/** Ready when a pre-check and a joint test passed and no check is failing. */
export function isReady(checks: CheckRecord[]): boolean {
  const r = readiness(checks);
  return r.preCheckPassed && r.jointTestPassed && r.failing.length === 0;
}
