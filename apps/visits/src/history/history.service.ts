import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, Caller, HISTORY_KINDS, Page, pageBounds, ServiceHistoryEntryView, ServiceHistoryQuery } from '@app/shared';
import { KnownCustomer } from '../inventory/inventory.entities';
import { HISTORY_SOURCES } from './history.sources';

/** What a customer's own users see of their history: visits, guarantees, cutover notices and their faults (no internal work). */
const CUSTOMER_KINDS: readonly string[] = ['visit', 'guarantee', 'cutover', 'fault'];

interface Row {
  at: Date;
  kind: ServiceHistoryEntryView['kind'];
  id: string;
  customer_id: string;
  title: string;
  status: string;
}

const badCursor = () => new AppError('VALIDATION_FAILED', 'Invalid cursor', { fields: [{ field: 'cursor', reason: 'must be the nextCursor of a previous page' }] });

function decodeCursor(text: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at)) && /^[0-9a-f-]{36}$/.test(id)) return { at, id };
  } catch {
    // falls through to the refusal
  }
  throw badCursor();
}

/** Everything done for a customer — visits, follow-ups, inspections, dangers, guarantees, cutovers, drills, campaigns, faults — newest first. */
@Injectable()
export class HistoryService {
  constructor(private readonly dataSource: DataSource) {}

  async list(q: ServiceHistoryQuery, caller: Caller): Promise<Page<ServiceHistoryEntryView>> {
    // A customer's own users read their own customer's history only; another customer's is not found.
    if (caller.customerId !== undefined && caller.customerId !== q.customerId) throw new AppError('NOT_FOUND', 'Not found among this customer’s data');
    if (q.sort && q.sort !== '-at') throw new AppError('VALIDATION_FAILED', 'The history is read newest first', { fields: [{ field: 'sort', reason: 'must be -at (newest first)' }] });
    if (!(await this.dataSource.manager.existsBy(KnownCustomer, { id: q.customerId }))) throw new AppError('CUSTOMER_NOT_FOUND', `No customer ${q.customerId}`);
    const { limit, offset } = pageBounds(q);
    const allowed = caller.customerId === undefined ? HISTORY_KINDS : CUSTOMER_KINDS;
    const kinds = (q.kind?.length ? q.kind : HISTORY_KINDS).filter((k) => allowed.includes(k));
    const sources = kinds.map((k) => HISTORY_SOURCES[k]).filter((s): s is string => s !== null);
    if (sources.length === 0) return { items: [], limit, hasMore: false, ...(q.cursor ? {} : { offset }) };
    const params: unknown[] = [q.customerId];
    const where: string[] = [];
    if (q.from) where.push(`h.at >= $${params.push(q.from)}`);
    if (q.to) where.push(`h.at < $${params.push(q.to)}`);
    if (q.cursor) {
      if (q.offset) throw new AppError('VALIDATION_FAILED', 'A page is read either by cursor or by offset', { fields: [{ field: 'cursor', reason: 'not with offset' }] });
      const c = decodeCursor(q.cursor);
      where.push(`(h.at, h.id) < ($${params.push(c.at)}::timestamptz, $${params.push(c.id)}::uuid)`);
    }
    const sql = `SELECT h.* FROM (${sources.map((s) => `(${s})`).join(' UNION ALL ')}) h
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY h.at DESC, h.id DESC LIMIT ${limit + 1}${q.cursor ? '' : ` OFFSET ${offset}`}`;
    const rows = (await this.dataSource.query(sql, params)) as Row[];
    const hasMore = rows.length > limit;
    const kept = rows.slice(0, limit);
    const last = kept.at(-1);
    return {
      items: kept.map((r) => ({ at: new Date(r.at).toISOString(), kind: r.kind, id: r.id, customerId: r.customer_id, title: r.title, status: r.status })),
      limit,
      ...(q.cursor ? {} : { offset }),
      hasMore,
      ...(hasMore && last ? { nextCursor: Buffer.from(JSON.stringify([new Date(last.at).toISOString(), last.id])).toString('base64url') } : {}),
    };
  }
}
