import { AppError, ComplaintStatus } from '@app/shared';

type Limit = { workingHours: number } | { workingDays: number };

/** The limits of seed 003 (移动网客户服务支撑要求), important / general: working hours or working days. */
export const COMPLAINT_LIMITS: Record<'sorting' | 'analysis' | 'handling' | 'plan', { important: Limit; general: Limit }> = {
  sorting: { important: { workingHours: 2 }, general: { workingDays: 0.5 } },
  analysis: { important: { workingDays: 0.5 }, general: { workingDays: 2 } },
  handling: { important: { workingDays: 2 }, general: { workingDays: 5 } },
  /** When other departments are needed: a handling plan is due. */
  plan: { important: { workingDays: 5 }, general: { workingDays: 10 } },
};

export type ComplaintStep = keyof typeof COMPLAINT_LIMITS;

/** The limit in working time, given the length of a working day on the calendar in force. */
export function complaintLimitMs(step: ComplaintStep, important: boolean, workingDayMs: number): number {
  const limit = COMPLAINT_LIMITS[step][important ? 'important' : 'general'];
  return 'workingHours' in limit ? limit.workingHours * 3_600_000 : Math.round(limit.workingDays * workingDayMs);
}

/** The step that follows each status, and the status it leads to. */
export const NEXT_STEP: Record<Exclude<ComplaintStatus, 'answered'>, { action: string; to: ComplaintStatus }> = {
  received: { action: 'sort', to: 'sorted' },
  sorted: { action: 'analyse', to: 'analysed' },
  analysed: { action: 'resolve', to: 'resolved' },
  resolved: { action: 'answer', to: 'answered' },
};

export function stepAfter(status: ComplaintStatus, involvesOtherDepartments: boolean): ComplaintStep | null {
  switch (status) {
    case 'received':
      return 'sorting';
    case 'sorted':
      return 'analysis';
    case 'analysed':
      return involvesOtherDepartments ? 'plan' : 'handling';
    default:
      return null;
  }
}

export function assertComplaintStep(status: ComplaintStatus, action: string): ComplaintStatus {
  const next = status === 'answered' ? undefined : NEXT_STEP[status];
  if (!next || next.action !== action) {
    throw new AppError('INVALID_TRANSITION', `The complaint is ${status}: it cannot ${action}${next ? ` now, the next step is ${next.action}` : ''}`, {
      action,
      complaintStatus: status,
    });
  }
  return next.to;
}
