import type { FastifyInstance } from 'fastify';
import { isUtf8 } from 'node:buffer';
import { AppError, FieldProblem } from '@app/shared';

/** No request of this API nests deeper than this; deeper JSON is refused before it is parsed. */
export const MAX_JSON_DEPTH = 32;
/** No array of this API is longer; each contract bounds its own arrays more tightly. */
export const MAX_JSON_ARRAY = 5000;

/** Keys that would reach an object's prototype when copied into a class instance. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function invalid(detail: string, fields: FieldProblem[] = []): AppError {
  return new AppError('VALIDATION_FAILED', detail, fields.length ? { fields } : undefined);
}

/** The nesting depth of JSON text, counted on the raw bytes (strings skipped): no recursion, however deep. */
export function jsonDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/**
 * Whether the text has more than `depth` opening brackets at all (strings included): if not, it cannot nest deeper,
 * and the character-by-character walk of `jsonDepth` is not needed. Found with indexOf, which is native and fast.
 */
export function mayNestDeeperThan(text: string, depth: number): boolean {
  let count = 0;
  for (const bracket of ['{', '[']) {
    for (let at = text.indexOf(bracket); at >= 0; at = text.indexOf(bracket, at + 1)) {
      if (++count > depth) return true;
    }
  }
  return false;
}

/** Postgres stores no U+0000 in text or JSON: refused at the door, not found by a database error. */
const NUL = '\u0000';
const NO_NUL = 'must not contain the NUL character (U+0000)';

/** Forbidden keys, NUL characters and over-long arrays anywhere in a parsed body, with the path of each (iterative). */
function shapeProblems(root: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: Array<{ value: unknown; path: string }> = [{ value: root, path: '' }];
  while (stack.length > 0 && problems.length < 20) {
    const { value, path } = stack.pop()!;
    if (Array.isArray(value)) {
      if (value.length > MAX_JSON_ARRAY) problems.push({ field: path || '(body)', reason: `at most ${MAX_JSON_ARRAY} items` });
      else value.forEach((v, i) => stack.push({ value: v, path: `${path}[${i}]` }));
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        const field = path ? `${path}.${key}` : key;
        if (FORBIDDEN_KEYS.has(key)) problems.push({ field, reason: 'this key is not allowed' });
        else if (key.includes(NUL)) problems.push({ field: field.replaceAll(NUL, '\\u0000'), reason: NO_NUL });
        else stack.push({ value: (value as Record<string, unknown>)[key], path: field });
      }
    } else if (typeof value === 'string' && value.includes(NUL)) {
      problems.push({ field: path || '(body)', reason: NO_NUL });
    }
  }
  return problems;
}

/** Where a URL carries an encoded NUL: the path parameters (named from the route) and the query parameters. */
export function nulsInUrl(url: string, route: string | undefined): FieldProblem[] {
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  const pattern = (route ?? '').split('/');
  const problems: FieldProblem[] = path
    .split('/')
    .flatMap((segment, i) => (/%00/i.test(segment) ? [{ field: pattern[i]?.startsWith(':') ? pattern[i].slice(1) : 'path', reason: NO_NUL }] : []));
  if (at >= 0) {
    for (const [key, value] of new URLSearchParams(url.slice(at + 1))) {
      if (key.includes(NUL) || value.includes(NUL)) problems.push({ field: key.replaceAll(NUL, '\\u0000'), reason: NO_NUL });
    }
  }
  return problems.length > 0 ? problems : [{ field: 'url', reason: NO_NUL }];
}

/**
 * The gateway reads JSON only (and form-encoded OAuth token requests), and only well-formed UTF-8 JSON of bounded depth and array length without
 * prototype keys or NUL characters (nor a NUL in the URL): anything else is a 400 or 415 naming what is wrong, before any handler or validator sees it.
 */
export function registerJsonBody(fastify: FastifyInstance, bodyLimit: number, formRoutes: string[]): void {
  fastify.removeAllContentTypeParsers();
  const parse = (_request: unknown, raw: Buffer, done: (err: Error | null, body?: unknown) => void) => {
    if (raw.length === 0) return done(null, undefined);
    if (!isUtf8(raw)) return done(invalid('The body is not valid UTF-8'));
    const text = raw.toString('utf8');
    if (mayNestDeeperThan(text, MAX_JSON_DEPTH) && jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return done(invalid(`The body nests deeper than ${MAX_JSON_DEPTH} levels`));
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      return done(invalid(`The body is not valid JSON: ${(err as Error).message}`));
    }
    // Every request of this API is an object: null, an array or a bare value would pass for "no fields sent".
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return done(invalid('The body must be a JSON object'));
    const problems = shapeProblems(body);
    if (problems.length > 0) return done(invalid(`Invalid body: ${problems.map((p) => p.field).join(', ')}`, problems));
    done(null, body);
  };
  fastify.addHook('onRequest', async (request) => {
    if (!/%00/i.test(request.url)) return;
    throw invalid('The URL must not contain the NUL character (%00)', nulsInUrl(request.url, request.routeOptions.url));
  });
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, parse);
  fastify.addContentTypeParser(/^application\/[a-z0-9.+-]*\+json$/, { parseAs: 'buffer', bodyLimit }, parse);
  // RFC 6749 token requests are form-encoded: accepted on those routes only, as flat string fields.
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit }, (request, raw: string, done) => {
    if (!formRoutes.includes(request.url.split('?')[0])) return done(Object.assign(new Error(`Unsupported Media Type: application/x-www-form-urlencoded`), { statusCode: 415 }));
    done(null, Object.fromEntries(new URLSearchParams(raw)));
  });
}
