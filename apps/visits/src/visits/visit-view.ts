import { FollowUpView, VisitView } from '@app/shared';
import { FollowUp, Visit } from './visit.entities';

export function followUpView(f: FollowUp): FollowUpView {
  return {
    id: f.id,
    visitId: f.visitId,
    customerId: f.customerId,
    action: f.action,
    owner: f.owner,
    ...(f.dueDate ? { dueDate: f.dueDate } : {}),
    dueAt: f.dueAt?.toISOString() ?? null,
    status: f.status,
    overdue: f.breachedAt !== null,
    ...(f.breachedAt ? { breachedAt: f.breachedAt.toISOString() } : {}),
    ...(f.closedAt ? { closedAt: f.closedAt.toISOString(), closedBy: f.closedBy ?? undefined, note: f.note ?? undefined } : {}),
    createdAt: f.createdAt.toISOString(),
  };
}

export function visitView(v: Visit, followUps: FollowUp[]): VisitView {
  return {
    id: v.id,
    customerId: v.customerId,
    kind: v.kind,
    status: v.status,
    owner: v.owner,
    plannedDate: v.plannedDate,
    ...(v.purpose ? { purpose: v.purpose } : {}),
    ...(v.campaignId ? { campaignId: v.campaignId } : {}),
    ...(v.originType && v.originId ? { origin: { type: v.originType, id: v.originId, number: v.originNumber ?? '' } } : {}),
    ...(v.dueAt ? { dueAt: v.dueAt.toISOString() } : {}),
    overdue: v.breachedAt !== null,
    ...(v.breachedAt ? { breachedAt: v.breachedAt.toISOString() } : {}),
    ...(v.booking ? { booking: v.booking } : {}),
    ...(v.occurredAt
      ? {
          record: {
            occurredAt: v.occurredAt.toISOString(),
            recordedAt: v.recordedAt!.toISOString(),
            by: v.recordedBy!,
            met: v.met ?? [],
            topics: v.topics ?? [],
            problems: v.problems ?? [],
            satisfaction: v.satisfaction!,
          },
        }
      : {}),
    ...(v.cancelReason ? { cancelReason: v.cancelReason } : {}),
    followUps: followUps.map(followUpView),
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
  };
}
