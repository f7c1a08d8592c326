import { AppError, ServiceType, TicketStatus, Tier } from '@app/shared';

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
  | 'province-escalation'
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
  'province-escalation': ['open', 'dispatched'],
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

/** The hotline answers within hotlineAnswerSeconds (40 s); a call that waited longer is flagged. */
export function hotlineAnswerLate(waitSeconds: number, limits: { hotlineAnswerSeconds: number }): boolean {
  return waitSeconds > limits.hotlineAnswerSeconds;
}
