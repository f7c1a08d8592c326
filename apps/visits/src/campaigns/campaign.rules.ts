import { AppError, CampaignItemKind, CampaignStatus } from '@app/shared';

/**
 * Special service campaigns (专项服务活动, §3; seed 000 cases 27–32). A campaign's scope generates its work — one
 * visit and/or one inspection per customer in scope — and the campaign is completed when every piece of it is done
 * or cancelled. Progress is what is done of what is still to be done.
 */
export const MAX_SCOPE_CUSTOMERS = 2000;

export type ItemStatus = 'open' | 'done' | 'cancelled';

export interface Tally {
  total: number;
  done: number;
  cancelled: number;
}

/** Items counted by status; a row may stand for `n` items of its status (a GROUP BY's count). */
type Counted = { status: ItemStatus; n?: number };

export function tally(items: Counted[]): Tally {
  const sum = (status?: ItemStatus) => items.filter((i) => !status || i.status === status).reduce((n, i) => n + (i.n ?? 1), 0);
  return { total: sum(), done: sum('done'), cancelled: sum('cancelled') };
}

/** Done out of what was not cancelled, as a percentage with two decimals (100 when nothing is left to do). */
export function percentDone(t: Tally): number {
  const due = t.total - t.cancelled;
  return due === 0 ? 100 : Math.round((t.done / due) * 10_000) / 100;
}

export function progress(items: Array<Counted & { kind: CampaignItemKind }>): Tally & { percent: number; byKind: Record<string, Tally> } {
  const all = tally(items);
  const byKind: Record<string, Tally> = {};
  for (const kind of [...new Set(items.map((i) => i.kind))]) byKind[kind] = tally(items.filter((i) => i.kind === kind));
  return { ...all, percent: percentDone(all), byKind };
}

/** An open campaign whose work is all done or cancelled is completed. */
export function isComplete(status: CampaignStatus, items: Array<{ status: ItemStatus }>): boolean {
  return status === 'open' && items.length > 0 && items.every((i) => i.status !== 'open');
}

/** A campaign must generate something, for someone, and not for more customers than a campaign can carry. */
export function assertGenerates(req: { visits?: object; inspections?: object }, customers: number): void {
  if (!req.visits && !req.inspections) {
    throw new AppError('VALIDATION_FAILED', 'A campaign generates visits, inspections or both', { fields: [{ field: 'visits', reason: 'give visits, inspections or both' }] });
  }
  if (customers === 0) {
    throw new AppError('CAMPAIGN_SCOPE_EMPTY', 'No known customer matches the scope', { fields: [{ field: 'scope', reason: 'matches no customer' }] });
  }
  if (customers > MAX_SCOPE_CUSTOMERS) {
    throw new AppError('CAMPAIGN_SCOPE_EMPTY', `The scope holds ${customers} customers; a campaign carries at most ${MAX_SCOPE_CUSTOMERS}: narrow it`, {
      fields: [{ field: 'scope', reason: `more than ${MAX_SCOPE_CUSTOMERS} customers` }],
    });
  }
}

export function assertOpen(status: CampaignStatus): void {
  if (status !== 'open') throw new AppError('INVALID_TRANSITION', `The campaign is ${status}`, { status });
}
