import { AppError, DangerSeverity, DangerStatus, FieldProblem, ResultValue, VisitsSettings } from '@app/shared';
import { ChecklistItem } from './checklist.rules';

/*
 * Inspections (巡检, DOMAIN.md §3): each item of the template is answered once and judged normal or abnormal; every
 * abnormal item becomes a hidden danger (隐患) with a rectification due within N working days, closed only with a
 * fix and its evidence; a re-inspection that finds the item abnormal again reopens a fixed danger.
 */

export interface ItemResult {
  key: string;
  value: ResultValue;
  note?: string;
  severity?: DangerSeverity;
}

export interface JudgedResult extends ItemResult {
  label: string;
  expected: string;
  normal: boolean;
}

/** The type a result of this item must have. */
function typeOf(item: ChecklistItem): 'number' | 'string' | 'boolean' {
  if (item.kind === 'yesno') return 'boolean';
  if (item.kind === 'range') return 'number';
  return typeof item.expected === 'number' ? 'number' : 'string';
}

/** What the item expects, as people read it: "是", "-25 – -8 dBm", "正常". */
export function expectedText(item: ChecklistItem): string {
  if (item.kind === 'yesno') return item.expectedYes ? '是' : '否';
  if (item.kind === 'range') return `${item.min} – ${item.max} ${item.unit}`;
  return String(item.expected);
}

/** An observed value as text, in the item's unit. */
export function observedText(item: ChecklistItem, value: ResultValue): string {
  if (typeof value === 'boolean') return value ? '是' : '否';
  return item.kind === 'range' ? `${value} ${item.unit}` : String(value);
}

/** Normal: a value equals the expected one (texts compared trimmed), a range holds it (inclusive), a yes/no is the expected answer. */
export function isNormal(item: ChecklistItem, value: ResultValue): boolean {
  switch (item.kind) {
    case 'yesno':
      return value === item.expectedYes;
    case 'range':
      return typeof value === 'number' && value >= item.min! && value <= item.max!;
    case 'value':
      return typeof value === 'string' && typeof item.expected === 'string' ? value.trim() === item.expected.trim() : value === item.expected;
  }
}

/** Each item of the template has exactly one result, of its type, and no result names another key. */
export function resultProblems(items: readonly ChecklistItem[], results: readonly ItemResult[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const byKey = new Map(items.map((i) => [i.key, i]));
  const counted = new Map<string, number>();
  for (const r of results) {
    counted.set(r.key, (counted.get(r.key) ?? 0) + 1);
    const item = byKey.get(r.key);
    if (!item) problems.push({ field: `results.${r.key}`, reason: 'is not an item of this checklist' });
    else if (typeof r.value !== typeOf(item)) problems.push({ field: `results.${r.key}`, reason: `must be a ${typeOf(item)} (${item.kind} item)` });
  }
  for (const [key, n] of counted) if (n > 1 && byKey.has(key)) problems.push({ field: `results.${key}`, reason: `is answered ${n} times; once only` });
  for (const item of items) if (!counted.has(item.key)) problems.push({ field: `results.${item.key}`, reason: `has no result (${item.label})` });
  return problems;
}

/** Judges every result against the snapshot of the template; refuses with 422 CHECKLIST_RESULTS_INVALID naming each bad key. */
export function judge(items: readonly ChecklistItem[], results: readonly ItemResult[]): JudgedResult[] {
  const problems = resultProblems(items, results);
  if (problems.length) {
    throw new AppError('CHECKLIST_RESULTS_INVALID', `Results do not match the checklist: ${[...new Set(problems.map((p) => p.field))].join(', ')}`, { fields: problems });
  }
  const byKey = new Map(results.map((r) => [r.key, r]));
  return items.map((item) => {
    const r = byKey.get(item.key)!;
    return { ...r, label: item.label, expected: expectedText(item), normal: isNormal(item, r.value) };
  });
}

/**
 * What an abnormal item does to the hidden danger already recorded for the same customer, circuit and item:
 * none → a new danger; a fixed one → reopened (a new rectification); one still open or reopened → unchanged
 * (the same danger, seen again: no duplicate).
 */
export function dangerOnAbnormal(existing: { status: DangerStatus } | null): 'found' | 'reopened' | 'still-open' {
  if (!existing) return 'found';
  return existing.status === 'fixed' ? 'reopened' : 'still-open';
}

/** The rectification clock: due within rectificationWorkingDays working days, warned taskWarnWorkingDays before. */
export function rectificationClock(settings: Pick<VisitsSettings, 'rectificationWorkingDays' | 'taskWarnWorkingDays'>): { workingDays: number; warnWorkingDaysBefore: number[] } {
  return { workingDays: settings.rectificationWorkingDays, warnWorkingDaysBefore: settings.taskWarnWorkingDays > 0 ? [settings.taskWarnWorkingDays] : [] };
}

export const RECTIFICATION = { subjectType: 'danger', kind: 'rectification' } as const;

/** A danger is closed only with a recorded fix and its evidence (422 FIX_EVIDENCE_REQUIRED naming the field), and only once. */
export function assertFixable(status: DangerStatus, fix: { fix?: string | null; evidence?: string | null }): { fix: string; evidence: string } {
  if (status === 'fixed') throw new AppError('INVALID_TRANSITION', 'The hidden danger is already fixed; a re-inspection that finds it again reopens it');
  const missing = (['fix', 'evidence'] as const).filter((f) => !fix[f]?.trim());
  if (missing.length) {
    throw new AppError('FIX_EVIDENCE_REQUIRED', `A hidden danger is closed only with the fix and its evidence: ${missing.join(', ')} missing`, {
      fields: missing.map((field) => ({ field, reason: field === 'fix' ? 'say what was done' : 'give the evidence of the fix (text or a reference)' })),
    });
  }
  return { fix: fix.fix!.trim(), evidence: fix.evidence!.trim() };
}
