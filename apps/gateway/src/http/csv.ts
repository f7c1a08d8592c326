import { parseAccept, weightOf } from './negotiation';

/**
 * Tables as CSV (RFC 4180) for spreadsheets: UTF-8 with a byte-order mark so Excel reads Chinese, a header row from
 * the rows' keys (nested objects flattened to dotted keys, arrays joined with ";"), CRLF line ends, and cells that a
 * spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return) prefixed with a quote.
 */
export const CSV_BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

type Flat = Map<string, string>;

/** One value as the text of a cell (before quoting): arrays joined with ";", objects inside arrays as JSON. */
function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : text(v))).join(';');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A row's cells by dotted key: `{ a: { b: 1 } }` → `a.b`. */
export function flatten(value: unknown, prefix = '', into: Flat = new Map()): Flat {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 && prefix) into.set(prefix, '');
    for (const [key, v] of entries) flatten(v, prefix ? `${prefix}.${key}` : key, into);
  } else {
    const cell = text(value);
    into.set(prefix || 'value', typeof value === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell);
  }
  return into;
}

/** A cell quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** The rows as a CSV document; the columns are every key in the order first seen. */
export function toCsv(rows: unknown[]): string {
  const flat = rows.map((r) => flatten(r));
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of flat) {
    for (const key of row.keys()) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const lines = [columns.map(quote).join(','), ...flat.map((row) => columns.map((c) => quote(row.get(c) ?? '')).join(','))];
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}

/** The rows of an answer that is a table: a page's items, or an array; null for anything else. */
export function tableRows(body: unknown): unknown[] | null {
  if (Array.isArray(body)) return body;
  if (body !== null && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items) && typeof (body as { hasMore?: unknown }).hasMore === 'boolean') {
    return (body as { items: unknown[] }).items;
  }
  return null;
}

/** What the Accept header asks for: CSV preferred (named, and weighted at least as JSON), and whether JSON is acceptable at all. */
export function csvNegotiation(accept: string | undefined): { wantsCsv: boolean; jsonAcceptable: boolean } {
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return { wantsCsv: false, jsonAcceptable: true };
  // CSV only when named: `*/*` or `text/*` alone means the default, JSON.
  const csv = Math.max(0, ...ranges.filter((r) => r.type === 'text' && r.subtype === 'csv').map((r) => r.q));
  const json = Math.max(weightOf(ranges, 'application/json'), weightOf(ranges, 'application/problem+json'));
  return { wantsCsv: csv > 0 && csv >= json, jsonAcceptable: json > 0 || csv === 0 };
}
