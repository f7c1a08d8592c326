import {
  AppError,
  CauseCategory,
  FaultReportDisagreement,
  FaultReportKind,
  FaultReportStatus,
  FaultReportView,
  Role,
  Segment,
  StatedFaultFacts,
  TicketStatus,
  Tier,
} from '@app/shared';

/**
 * Fault reports (故障报告, DOMAIN.md §4; seed 000 cases 13 and 14).
 *
 * - A preliminary version is written while the ticket is open, the final one only after it is closed; none for a
 *   cancelled ticket.
 * - Group-level and cross-province customers: the final version is reviewed by a customer engineer before it is
 *   submitted (draft → reviewed → submitted); every other version goes draft → submitted. Group-level (集团级) is
 *   read as tier `diamond`; cross-province as the ticket's circuit having its A and Z ends in different provinces
 *   (both from the read model: customer_dim.tier, circuit_dim.a_province / z_province). The reviewer is a user holding
 *   the customer_engineer role (or an admin): the customer's engineer is known to reporting by name only.
 * - Every version must agree with the ticket (case 13): the times (to the minute, as a report writes them), the cause
 *   category and segment, and the cause as worded — the customer-facing cause where the closure marked a difference
 *   (case 14), else the true description. A final version states every time and the cause the ticket has; a
 *   preliminary one is checked on what it states, its cause only once the ticket has one. A version that disagrees
 *   can be neither reviewed nor submitted (409 FAULT_REPORT_DISAGREES naming each field).
 * - A customer's user sees submitted versions only, and never the true cause where a customer-facing one was marked.
 */

export interface TicketFacts {
  status: TicketStatus | null;
  faultAt: Date | null;
  reportedAt: Date | null;
  restoredAt: Date | null;
  repairedAt: Date | null;
  closedAt: Date | null;
  causeCategory: CauseCategory | null;
  causeSegment: Segment | null;
  causeDescription: string | null;
  customerFacingCause: string | null;
}

export const TIME_FIELDS = ['faultAt', 'reportedAt', 'restoredAt', 'repairedAt', 'closedAt'] as const;

export function isGroupLevel(tier: Tier | null | undefined): boolean {
  return tier === 'diamond';
}

export function isCrossProvince(circuit: { aProvince: string; zProvince: string } | null | undefined): boolean {
  return !!circuit && circuit.aProvince.trim() !== circuit.zProvince.trim();
}

/** Whether the final version needs a customer engineer's review before it is submitted. */
export function reviewRequired(tier: Tier | null | undefined, circuit: { aProvince: string; zProvince: string } | null | undefined): boolean {
  return isGroupLevel(tier) || isCrossProvince(circuit);
}

/** The report as it stands: preliminary while the ticket is open, final once it is closed. */
export function currentKind(status: TicketStatus | null): FaultReportKind {
  return status === 'closed' ? 'final' : 'preliminary';
}

export function assertCanWrite(kind: FaultReportKind, status: TicketStatus | null): void {
  if (status === 'cancelled') throw new AppError('INVALID_TRANSITION', 'A cancelled ticket has no fault report', { action: 'create-version', ticketStatus: status });
  if (kind === 'final' && status !== 'closed') {
    throw new AppError('INVALID_TRANSITION', 'The final fault report is written once the ticket is closed', { action: 'create-version', kind, ticketStatus: status });
  }
  if (kind === 'preliminary' && status === 'closed') {
    throw new AppError('INVALID_TRANSITION', 'The ticket is closed: write the final fault report', { action: 'create-version', kind, ticketStatus: status });
  }
}

/** The cause the report must show: the customer-facing one where the closure marked a difference, else the true one. */
export function shownCause(t: Pick<TicketFacts, 'causeDescription' | 'customerFacingCause'>): string | null {
  return t.customerFacingCause ?? t.causeDescription;
}

const toMinute = (d: Date) => Math.floor(d.getTime() / 60_000);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Every field where the version disagrees with the ticket (empty: it agrees). */
export function disagreements(kind: FaultReportKind, stated: StatedFaultFacts, t: TicketFacts): FaultReportDisagreement[] {
  const found: FaultReportDisagreement[] = [];
  const final = kind === 'final';
  for (const field of TIME_FIELDS) {
    const said = stated[field];
    const actual = t[field];
    if (said === undefined) {
      if (final && actual) found.push({ field, reportValue: null, ticketValue: iso(actual) });
      continue;
    }
    if (!actual || toMinute(new Date(said)) !== toMinute(actual)) found.push({ field, reportValue: said, ticketValue: iso(actual) });
  }
  const causes: Array<[string, string | undefined, string | null]> = [
    ['causeCategory', stated.causeCategory, t.causeCategory],
    ['causeSegment', stated.causeSegment, t.causeSegment],
    ['cause', stated.cause, shownCause(t)],
  ];
  const ticketHasCause = t.causeCategory !== null;
  for (const [field, said, actual] of causes) {
    if (!final && !ticketHasCause) continue;
    if (said === undefined && !final) continue;
    if ((said ?? null) !== actual) found.push({ field, reportValue: said ?? null, ticketValue: actual });
  }
  return found;
}

export function assertAgrees(ticketId: string, found: FaultReportDisagreement[]): void {
  if (found.length === 0) return;
  throw new AppError('FAULT_REPORT_DISAGREES', `The fault report disagrees with ticket ${ticketId} on ${found.map((d) => d.field).join(', ')}`, {
    disagreements: found,
  });
}

export interface VersionState {
  kind: FaultReportKind;
  status: FaultReportStatus;
  reviewRequired: boolean;
}

const MAY_REVIEW: readonly Role[] = ['customer_engineer', 'admin'];

/** The status a version moves to, or why it cannot. */
export function nextStatus(v: VersionState, action: 'review' | 'submit', roles: readonly Role[]): FaultReportStatus {
  const needsReview = v.kind === 'final' && v.reviewRequired;
  if (v.status === 'submitted') throw new AppError('INVALID_TRANSITION', 'This version is already submitted', { action, status: v.status });
  if (needsReview && !roles.some((r) => MAY_REVIEW.includes(r))) {
    throw new AppError('FORBIDDEN', 'The final report of a group-level or cross-province customer is reviewed and submitted by a customer engineer');
  }
  if (action === 'review') {
    if (!needsReview) throw new AppError('INVALID_TRANSITION', 'This version needs no review: submit it', { action, kind: v.kind, status: v.status });
    if (v.status !== 'draft') throw new AppError('INVALID_TRANSITION', 'This version is already reviewed', { action, status: v.status });
    return 'reviewed';
  }
  if (needsReview && v.status !== 'reviewed') {
    throw new AppError('INVALID_TRANSITION', 'The final report must be reviewed by the customer engineer before it is submitted', { action, status: v.status });
  }
  return 'submitted';
}

/**
 * What a customer's user is shown: the submitted versions only, the steps it was told of, and the cause as it was told
 * (where a customer-facing cause was marked, neither the true category, segment nor description); no staff names,
 * clocks or disagreements. None at all until a version is submitted.
 */
export function forCustomer(report: FaultReportView, customerFacingMarked: boolean): FaultReportView | null {
  const versions = report.versions.filter((v) => v.status === 'submitted');
  if (versions.length === 0) return null;
  const { clocks: _clocks, ...rest } = report;
  const cause = customerFacingMarked ? { ...(report.cause.shown ? { shown: report.cause.shown } : {}) } : { ...report.cause };
  delete cause.trueDescription;
  return {
    ...rest,
    cause,
    process: report.process.filter((s) => s.customerVisible).map(({ customerVisible: _v, ...s }) => s),
    scope: { ...report.scope, customer: { id: report.scope.customer.id, ...(report.scope.customer.name ? { name: report.scope.customer.name } : {}) } },
    status: 'submitted',
    versions: versions.map(({ disagreements: _d, createdBy: _c, reviewedBy: _r, submittedBy: _s, stated, ...v }) => {
      const told = customerFacingMarked ? (({ causeCategory: _cc, causeSegment: _cs, ...s }) => s)(stated) : stated;
      return { ...v, stated: told };
    }),
  };
}
