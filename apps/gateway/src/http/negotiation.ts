/**
 * The one place the gateway reads `Accept`. Every answer is JSON unless the client asks for another representation
 * a route offers: CSV for tables (csv-negotiation.ts), HTML and PDF for the formal reports (documents.ts).
 */
export interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

export function parseAccept(accept: string | undefined): MediaRange[] {
  if (!accept) return [];
  return accept.split(',').flatMap((range) => {
    const [media, ...params] = range.trim().toLowerCase().split(';');
    const [type, subtype] = media.trim().split('/');
    if (!type || !subtype) return [];
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    return [{ type, subtype, q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0 }];
  });
}

/** How much the client wants `media` (e.g. `text/html`): the weight of the most specific range matching it, 0 if none. */
export function weightOf(ranges: MediaRange[], media: string): number {
  const [type, subtype] = media.toLowerCase().split('/');
  let best = -1;
  let weight = 0;
  for (const r of ranges) {
    const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' && r.subtype === '*' ? 0 : -1;
    if (specificity > best) {
      best = specificity;
      weight = r.q;
    } else if (specificity === best && specificity >= 0) {
      weight = Math.max(weight, r.q);
    }
  }
  return weight;
}

/**
 * The representation to answer with, among those `offered` (the first is the default): the one the client weighs
 * highest, ties going to the earlier one; null when it accepts none of them (406). No header: the default.
 */
export function negotiate<T extends string>(accept: string | undefined, offered: readonly { key: T; media: string }[]): T | null {
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return offered[0].key;
  let chosen: T | null = null;
  let top = 0;
  for (const o of offered) {
    const w = weightOf(ranges, o.media);
    if (w > top) {
      top = w;
      chosen = o.key;
    }
  }
  return chosen;
}
