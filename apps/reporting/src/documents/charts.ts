import { escapeHtml, Html, raw } from './html';

/**
 * Charts as inline SVG drawn on the server: no script, no external resource, the same in the HTML and in the PDF.
 * Every text is escaped here; the result is trusted markup.
 */
const FONT = `font-family="'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei',sans-serif"`;
const PALETTE = ['#1f5fa8', '#d9822b', '#3a9a5b', '#b03a48', '#7b5ea7', '#5b8fa8', '#a8875b', '#6b6b6b'];

export interface Bar {
  label: string;
  value: number;
  /** The value as printed at the end of the bar. */
  text: string;
  /** Draws the bar in the warning colour (e.g. availability below target). */
  warn?: boolean;
}

/** Horizontal bars, one row each; `min`..`max` is the axis (e.g. 99–100 % for availability). */
export function barChart(bars: Bar[], opts: { min?: number; max?: number; unit?: string; width?: number; caption?: string } = {}): Html {
  const width = opts.width ?? 640;
  const row = 26;
  const labelWidth = 190;
  const textWidth = 90;
  const top = 8;
  const plot = width - labelWidth - textWidth;
  const min = opts.min ?? 0;
  const max = opts.max ?? niceCeiling(Math.max(...bars.map((b) => b.value), 0) - min) + min;
  const height = top + Math.max(bars.length, 1) * row + 22;
  const x = (v: number) => labelWidth + (Math.min(Math.max(v, min), max) - min) / (max - min) * plot;
  const parts: string[] = [];
  for (let t = 0; t <= 4; t++) {
    const v = min + ((max - min) * t) / 4;
    const tx = x(v).toFixed(1);
    parts.push(`<line x1="${tx}" y1="${top}" x2="${tx}" y2="${height - 20}" stroke="#d8dde3" stroke-width="1"/>`);
    parts.push(`<text x="${tx}" y="${height - 6}" font-size="10" fill="#555" text-anchor="middle">${escapeHtml(tick(v))}${escapeHtml(opts.unit ?? '')}</text>`);
  }
  bars.forEach((b, i) => {
    const y = top + i * row;
    const w = Math.max(x(b.value) - labelWidth, b.value > min ? 1.5 : 0);
    parts.push(`<text x="${labelWidth - 8}" y="${y + 17}" font-size="11" fill="#222" text-anchor="end">${escapeHtml(clip(b.label, 18))}</text>`);
    parts.push(`<rect x="${labelWidth}" y="${y + 5}" width="${w.toFixed(1)}" height="16" fill="${b.warn ? '#c0392b' : PALETTE[0]}"/>`);
    parts.push(`<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 17}" font-size="11" fill="#222">${escapeHtml(b.text)}</text>`);
  });
  if (bars.length === 0) parts.push(`<text x="${labelWidth}" y="${top + 17}" font-size="11" fill="#777">（无数据）</text>`);
  return svg(width, height, parts, opts.caption);
}

export interface Slice {
  label: string;
  value: number;
}

/** Shares of a whole as one stacked bar with a legend (faults by cause, by segment). */
export function shareChart(slices: Slice[], opts: { width?: number; caption?: string } = {}): Html {
  const width = opts.width ?? 640;
  const total = slices.reduce((s, x) => s + x.value, 0);
  const legendRows = Math.ceil(slices.length / 2);
  const height = 44 + legendRows * 20;
  const parts: string[] = [];
  let at = 0;
  slices.forEach((s, i) => {
    const w = total > 0 ? (s.value / total) * width : 0;
    parts.push(`<rect x="${at.toFixed(1)}" y="4" width="${w.toFixed(1)}" height="24" fill="${PALETTE[i % PALETTE.length]}"/>`);
    at += w;
    const lx = (i % 2) * (width / 2);
    const ly = 44 + Math.floor(i / 2) * 20;
    const pct = total > 0 ? ((s.value / total) * 100).toFixed(1) : '0.0';
    parts.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/>`);
    parts.push(`<text x="${lx + 18}" y="${ly}" font-size="11" fill="#222">${escapeHtml(clip(s.label, 20))}：${s.value}（${pct}%）</text>`);
  });
  if (slices.length === 0) parts.push(`<text x="0" y="20" font-size="11" fill="#777">（本期无故障）</text>`);
  return svg(width, height, parts, opts.caption);
}

export interface Mark {
  at: number;
  label: string;
  /** Milestones (fault, restore, close) are drawn larger. */
  major?: boolean;
}

/** A time axis with the steps marked on it, labels alternating above and below so close steps stay readable. */
export function timelineChart(marks: Mark[], opts: { width?: number; caption?: string; tickLabel: (t: number) => string }): Html {
  const width = opts.width ?? 640;
  const height = 150;
  const axisY = 75;
  const pad = 60;
  const times = marks.map((m) => m.at);
  const start = Math.min(...times);
  const end = Math.max(...times, start + 60_000);
  const x = (t: number) => pad + ((t - start) / (end - start)) * (width - 2 * pad);
  const parts: string[] = [`<line x1="${pad - 10}" y1="${axisY}" x2="${width - pad + 10}" y2="${axisY}" stroke="#444" stroke-width="1.5"/>`];
  const sorted = [...marks].sort((a, b) => a.at - b.at);
  sorted.forEach((m, i) => {
    const mx = x(m.at).toFixed(1);
    const above = i % 2 === 0;
    const level = Math.floor(i / 2) % 2;
    const ly = above ? axisY - 22 - level * 20 : axisY + 30 + level * 20;
    parts.push(`<line x1="${mx}" y1="${axisY}" x2="${mx}" y2="${above ? ly + 4 : ly - 12}" stroke="#9aa5b1" stroke-width="0.8"/>`);
    parts.push(`<circle cx="${mx}" cy="${axisY}" r="${m.major ? 5 : 3.5}" fill="${m.major ? '#b03a48' : PALETTE[0]}"/>`);
    parts.push(`<text x="${mx}" y="${ly}" font-size="10.5" fill="#222" text-anchor="middle">${escapeHtml(clip(m.label, 8))}</text>`);
    parts.push(`<text x="${mx}" y="${ly + (above ? -12 : 12)}" font-size="9" fill="#666" text-anchor="middle">${escapeHtml(opts.tickLabel(m.at))}</text>`);
  });
  return svg(width, height, parts, opts.caption);
}

function svg(width: number, height: number, parts: string[], caption?: string): Html {
  const title = caption ? `<title>${escapeHtml(caption)}</title>` : '';
  return raw(`<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="100%" ${FONT}>${title}${parts.join('')}</svg>`);
}

/** 0..x rounded up to 1, 2, 2.5 or 5 times a power of ten, so that quarters make readable ticks. */
function niceCeiling(x: number): number {
  if (!(x > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  const step = [1, 2, 4, 5, 10].find((m) => m * power >= x) ?? 10;
  return step * power;
}

function tick(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/\.?0+$/, '');
}

function clip(text: string, n: number): string {
  const chars = [...text];
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : text;
}
