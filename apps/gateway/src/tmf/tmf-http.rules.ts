import { AppError, TMF_MAX_LIMIT, TmfTicket } from '@app/shared';

/** HTTP matters of the TMF routes (TMF630 guidelines): paging and attribute selection. Pure. */

export const TMF_DEFAULT_LIMIT = 50;

const RESERVED = ['fields', 'offset', 'limit'];

function whole(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new AppError('VALIDATION_FAILED', `${name} must be a whole number from ${min} to ${max}`, { fields: [{ field: name, reason: `a whole number from ${min} to ${max}` }] });
  return n;
}

export interface TmfListQuery {
  offset: number;
  limit: number;
  fields?: string[];
  filters: Record<string, string>;
}

/** `offset`, `limit` (1–200, default 50), `fields`, and every other parameter an attribute filter. */
export function parseListQuery(query: Record<string, unknown>): TmfListQuery {
  const one = (k: string): string | undefined => {
    const v = query[k];
    if (Array.isArray(v)) throw new AppError('VALIDATION_FAILED', `${k} is given more than once`, { fields: [{ field: k, reason: 'given more than once' }] });
    return v === undefined ? undefined : String(v);
  };
  const filters = Object.fromEntries(Object.keys(query).filter((k) => !RESERVED.includes(k)).map((k) => [k, one(k)!]));
  return {
    offset: whole('offset', one('offset'), 0, 0, 1_000_000),
    limit: whole('limit', one('limit'), TMF_DEFAULT_LIMIT, 1, TMF_MAX_LIMIT),
    fields: parseFields(one('fields')),
    filters,
  };
}

export function parseFields(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const fields = raw.split(',').map((f) => f.trim()).filter(Boolean);
  return fields.length > 0 ? fields : undefined;
}

/**
 * Attribute selection (`fields=`): only the attributes named, nothing added, as TMF630 (v4) describes and TM Forum's
 * R18 conformance kit checks; a client that needs `id` or `href` names them. A name the resource lacks is left out.
 */
export function selectFields(ticket: TmfTicket, fields: string[] | undefined): TmfTicket {
  if (!fields) return ticket;
  return Object.fromEntries(fields.filter((f) => f in ticket).map((f) => [f, ticket[f]]));
}

/** `/tmf-api/…/troubleTicket/` is `/tmf-api/…/troubleTicket` (only on the TMF routes: the platform's own paths stay exact). */
export function tmfWithoutTrailingSlash(url: string): string {
  return url.startsWith('/tmf-api/') ? url.replace(/^([^?]+?)\/+(\?|$)/, '$1$2') : url;
}
