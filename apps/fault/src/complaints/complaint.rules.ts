import { AppError, ClockBasis, ComplaintStatus, FaultSettings, HOUR } from '@app/shared';

export type ComplaintStep = 'sorting' | 'analysis' | 'handling' | 'plan';

type Limit = { workingHours: number } | { workingDays: number };

type ComplaintLimits = Pick<
  FaultSettings,
  | 'complaintSortingImportantHours'
  | 'complaintSortingGeneralWorkingDays'
  | 'complaintAnalysisImportantWorkingDays'
  | 'complaintAnalysisGeneralWorkingDays'
  | 'complaintHandlingImportantWorkingDays'
  | 'complaintHandlingGeneralWorkingDays'
  | 'complaintPlanImportantWorkingDays'
  | 'complaintPlanGeneralWorkingDays'
>;

/**
 * The limits of seed 003 (移动网客户服务支撑要求), important / general: sorting 2 h / 0.5 day, analysis 0.5 / 2 days,
 * handling without other departments 2 / 5 days, with other departments a plan within 5 / 10 days.
 */
export function complaintLimit(step: ComplaintStep, important: boolean, s: ComplaintLimits): Limit {
  switch (step) {
    case 'sorting':
      return important ? { workingHours: s.complaintSortingImportantHours } : { workingDays: s.complaintSortingGeneralWorkingDays };
    case 'analysis':
      return { workingDays: important ? s.complaintAnalysisImportantWorkingDays : s.complaintAnalysisGeneralWorkingDays };
    case 'handling':
      return { workingDays: important ? s.complaintHandlingImportantWorkingDays : s.complaintHandlingGeneralWorkingDays };
    case 'plan':
      return { workingDays: important ? s.complaintPlanImportantWorkingDays : s.complaintPlanGeneralWorkingDays };
  }
}

/**
 * How a step's clock counts (DOMAIN.md "Counting working days"): a whole number of working days the operators'
 * way (the day of the event does not count; due at close of business of the Nth working day after it); a fraction
 * of a day or hours in working time from receipt.
 */
export function complaintClock(step: ComplaintStep, important: boolean, s: ComplaintLimits, workingDayMs: number): { basis: ClockBasis; limitMs: number } {
  const limit = complaintLimit(step, important, s);
  if ('workingHours' in limit) return { basis: 'working', limitMs: Math.round(limit.workingHours * HOUR) };
  if (Number.isInteger(limit.workingDays)) return { basis: 'working-days', limitMs: limit.workingDays * workingDayMs };
  return { basis: 'working', limitMs: Math.round(limit.workingDays * workingDayMs) };
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
