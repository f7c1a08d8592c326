import { AppError, TMF_MAX_LIMIT, TmfTicket, TmfVersion } from '@app/shared';

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
 * Attribute selection (`fields=`). v4: only the attributes named, nothing added, as TMF630 v4 describes and TM
 * Forum's R18 conformance kit checks (a client that needs `id` or `href` names them). v5: the attributes named and
 * always `id`, `href` and `@type` (the v5 guidelines, and `@type` is the resource's discriminator in the v5
 * schemas). A name the resource lacks is left out.
 */
export function selectFields(ticket: TmfTicket, fields: string[] | undefined, version: TmfVersion): TmfTicket {
  if (!fields) return ticket;
  const named = version === 'v5' ? ['id', 'href', '@type', ...fields] : fields;
  return Object.fromEntries(named.filter((f) => f in ticket).map((f) => [f, ticket[f]]));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A create or patch body: a JSON object (a PATCH without one changes nothing and is refused as malformed). */
export function bodyObject(body: unknown, what: string): Record<string, unknown> {
  if (!isObject(body)) throw new AppError('VALIDATION_FAILED', `Send the ${what} as a JSON object`, { fields: [{ field: 'body', reason: 'must be a JSON object' }] });
  return body;
}

/**
 * A hub subscription (Hub_FVO): callback, an optional query, and `@type`, `@baseType`, `@schemaLocation` strings when
 * sent. A null query means none in v4 (as clients of it send); v5's schema types it a string, so null is refused.
 */
export function parseHub(body: unknown, version: TmfVersion): { callback: string; query?: string } {
  const hub = { ...bodyObject(body, 'subscription') };
  if (version === 'v4' && hub.query === null) delete hub.query;
  const problems: { field: string; reason: string }[] = [];
  if (typeof hub.callback !== 'string') problems.push({ field: 'callback', reason: 'is required, a URL' });
  if (hub.query !== undefined && typeof hub.query !== 'string') problems.push({ field: 'query', reason: 'must be a string' });
  for (const meta of ['@type', '@baseType', '@schemaLocation']) if (hub[meta] !== undefined && typeof hub[meta] !== 'string') problems.push({ field: meta, reason: 'must be a string' });
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `Invalid Hub: ${problems.map((p) => `${p.field} ${p.reason}`).join('; ')}`, { fields: problems });
  return { callback: hub.callback as string, ...(hub.query !== undefined ? { query: hub.query as string } : {}) };
}

/** `/tmf-api/…/troubleTicket/` is `/tmf-api/…/troubleTicket` (only on the TMF routes: the platform's own paths stay exact). */
export function tmfWithoutTrailingSlash(url: string): string {
  return url.startsWith('/tmf-api/') ? url.replace(/^([^?]+?)\/+(\?|$)/, '$1$2') : url;
}
