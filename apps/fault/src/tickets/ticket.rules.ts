import { AppError, EscalationLevel, ESCALATION_LEVELS, isImportantTier, ServiceType, TicketStatus, Tier } from '@app/shared';

const MIN = 60_000;

/** Wall-clock limits of §1 (24×7), per ticket or per dispatch leg. */
export const LIMITS = {
  /** The province reviews and dispatches in parallel. */
  dispatchMs: 5 * MIN,
  /** Each handling unit confirms its dispatch (接单确认). */
  acceptMs: 5 * MIN,
  /** The dispatcher answers a unit's report and passes new information to all units. */
  answerMs: 5 * MIN,
  firstFeedbackMs: 30 * MIN,
  feedbackEveryMs: 120 * MIN,
  /** During joint handling the NOC broadcasts status every hour. */
  broadcastEveryMs: 60 * MIN,
} as const;

/** Progress reports: every 30 min for bandwidth, MPLS VPN, new services and products; every 60 min for switching/voice. */
export function progressEveryMinutes(serviceType: ServiceType): number {
  return serviceType === 'voice' ? 60 : 30;
}

/** Important customers (diamond, gold) go to emergency joint handling after 1 h unresolved; others after 3 h. */
export function jointHandlingAfterMs(tier: Tier): number {
  return (isImportantTier(tier) ? 60 : 180) * MIN;
}

/** Staff on site within 2 h of the fault, for important customers only. */
export function onSiteWithinMs(tier: Tier): number | null {
  return isImportantTier(tier) ? 120 * MIN : null;
}

export interface ResolutionLimitRow {
  serviceType: ServiceType | null;
  tier: Tier | null;
  grade: string | null;
  limitMinutes: number;
}

/** Defaults an operator can change (resolution_limit table): by tier, tighter for the top circuit grade. */
export const DEFAULT_RESOLUTION_LIMITS: ResolutionLimitRow[] = [
  { serviceType: null, tier: null, grade: null, limitMinutes: 720 },
  { serviceType: null, tier: 'diamond', grade: null, limitMinutes: 240 },
  { serviceType: null, tier: 'gold', grade: null, limitMinutes: 360 },
  { serviceType: null, tier: 'silver', grade: null, limitMinutes: 480 },
  { serviceType: null, tier: 'standard', grade: null, limitMinutes: 720 },
  { serviceType: null, tier: null, grade: 'AAA', limitMinutes: 240 },
  { serviceType: null, tier: 'diamond', grade: 'AAA', limitMinutes: 180 },
];

/** The most specific matching row: a row that names more of service type, tier and grade wins. */
export function resolutionLimitMinutes(rows: ResolutionLimitRow[], key: { serviceType: ServiceType; tier: Tier; grade: string }): number {
  let best: { row: ResolutionLimitRow; score: number } | undefined;
  for (const row of rows) {
    if ((row.serviceType && row.serviceType !== key.serviceType) || (row.tier && row.tier !== key.tier) || (row.grade && row.grade !== key.grade)) continue;
    const score = (row.serviceType ? 4 : 0) + (row.grade ? 2 : 0) + (row.tier ? 1 : 0);
    if (!best || score > best.score) best = { row, score };
  }
  if (!best) throw new Error(`No resolution limit matches ${key.serviceType}/${key.tier}/${key.grade}: the table needs a catch-all row`);
  return best.row.limitMinutes;
}

export type TicketAction =
  | 'dispatch'
  | 'accept'
  | 'progress'
  | 'result'
  | 'answer'
  | 'feedback'
  | 'request-suspension'
  | 'suspend'
  | 'resume'
  | 'restore'
  | 'repair'
  | 'close'
  | 'close-customer-cannot-fix'
  | 'cancel'
  | 'reopen'
  | 'escalate'
  | 'on-site';

const ALLOWED: Record<TicketAction, readonly TicketStatus[]> = {
  dispatch: ['open', 'dispatched'],
  accept: ['dispatched', 'suspended'],
  progress: ['dispatched', 'suspended'],
  result: ['dispatched', 'suspended'],
  answer: ['dispatched', 'suspended'],
  feedback: ['open', 'dispatched', 'suspended', 'restored'],
  'request-suspension': ['dispatched'],
  suspend: ['dispatched'],
  resume: ['suspended'],
  restore: ['open', 'dispatched', 'suspended'],
  repair: ['dispatched', 'suspended', 'restored', 'closed'],
  close: ['restored'],
  'close-customer-cannot-fix': ['dispatched', 'suspended'],
  cancel: ['open', 'dispatched', 'suspended'],
  reopen: ['closed'],
  escalate: ['open', 'dispatched', 'suspended', 'restored'],
  'on-site': ['open', 'dispatched', 'suspended'],
};

/** Refuses an action the ticket's status does not allow, with a code that says why. */
export function assertCan(action: TicketAction, status: TicketStatus): void {
  if (ALLOWED[action].includes(status)) return;
  const details = { action, ticketStatus: status };
  if (action === 'close') throw new AppError('TICKET_NOT_RESTORED', `A ${status} ticket cannot be closed: restore service first`, details);
  if (action === 'resume') throw new AppError('TICKET_NOT_SUSPENDED', `A ${status} ticket cannot be resumed: it is not suspended`, details);
  throw new AppError('INVALID_TRANSITION', `Cannot ${action} a ${status} ticket`, details);
}

export function isOpen(status: TicketStatus): boolean {
  return status !== 'closed' && status !== 'cancelled';
}

/** Escalation goes step by step; a higher level is never lowered. */
export function higherLevel(current: EscalationLevel | null, next: EscalationLevel): EscalationLevel {
  if (!current) return next;
  return ESCALATION_LEVELS.indexOf(next) > ESCALATION_LEVELS.indexOf(current) ? next : current;
}

/** Who each escalation informs; the customer manager is always told (symptom, scope, progress, expected restoration). */
export function notifyFor(level: EscalationLevel | 'joint-handling', crisisA = false): string[] {
  const byLevel: Record<EscalationLevel | 'joint-handling', string[]> = {
    supervisor: ['supervisor', 'customer_manager'],
    department: ['supervisor', 'department_leaders', 'customer_manager', 'customer_engineer'],
    company: ['supervisor', 'department_leaders', 'company_leaders', 'customer_manager', 'customer_engineer'],
    'joint-handling': ['supervisor', 'department_leaders', 'all_specialties', 'customer_manager', 'customer_engineer'],
  };
  return crisisA ? [...byLevel[level], 'warning_sms'] : byLevel[level];
}

/** Clock kinds of a ticket and of its legs. */
export const TICKET_CLOCKS = {
  dispatch: 'dispatch',
  firstFeedback: 'first-feedback',
  feedback: 'feedback',
  resolution: 'resolution',
  jointHandling: 'joint-handling',
  onSite: 'on-site',
  broadcast: 'broadcast',
} as const;

export const LEG_CLOCKS = {
  accept: 'accept',
  progress: 'progress',
  answer: 'answer',
} as const;
