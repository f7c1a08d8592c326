import { AppError, ChecklistItemKind, FieldProblem } from '@app/shared';

/** One item of a checklist template (巡检模板), as the template and every inspection's snapshot keep it. */
export interface ChecklistItem {
  key: string;
  label: string;
  kind: ChecklistItemKind;
  /** value items: the expected text or number. */
  expected?: number | string;
  /** range items: the normal interval, inclusive, in `unit`. */
  min?: number;
  max?: number;
  unit?: string;
  /** yesno items: the normal answer. */
  expectedYes?: boolean;
}

const present = (v: unknown) => v !== undefined && v !== null;

/** What is wrong with a template's items, each problem naming its field (`items[2].max`); empty when it is sound. */
export function checklistProblems(items: readonly ChecklistItem[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const at = (field: string) => `items[${i}].${field}`;
    const first = seen.get(item.key);
    if (first !== undefined) problems.push({ field: at('key'), reason: `duplicates the key of items[${first}] (${item.key})` });
    else seen.set(item.key, i);
    const notFor = (field: keyof ChecklistItem) => {
      if (present(item[field])) problems.push({ field: at(field), reason: `is not used by a ${item.kind} item` });
    };
    if (item.kind === 'value') {
      if (!present(item.expected)) problems.push({ field: at('expected'), reason: 'a value item needs the expected text or number' });
      (['min', 'max', 'unit', 'expectedYes'] as const).forEach(notFor);
    } else if (item.kind === 'range') {
      if (!present(item.min)) problems.push({ field: at('min'), reason: 'a range item needs min' });
      if (!present(item.max)) problems.push({ field: at('max'), reason: 'a range item needs max' });
      if (present(item.min) && present(item.max) && !(item.min! < item.max!)) problems.push({ field: at('max'), reason: `must be greater than min (${item.min})` });
      if (!present(item.unit)) problems.push({ field: at('unit'), reason: 'a range item needs its unit' });
      (['expected', 'expectedYes'] as const).forEach(notFor);
    } else {
      if (!present(item.expectedYes)) problems.push({ field: at('expectedYes'), reason: 'a yes/no item needs the normal answer (true or false)' });
      (['expected', 'min', 'max', 'unit'] as const).forEach(notFor);
    }
  });
  return problems;
}

/** Refuses an unsound template with 400 naming each field; answers the items as stored (no absent fields). */
export function assertChecklist(items: readonly ChecklistItem[]): ChecklistItem[] {
  const problems = checklistProblems(items);
  if (problems.length) throw new AppError('VALIDATION_FAILED', `Invalid checklist: ${problems.map((p) => p.field).join(', ')}`, { fields: problems });
  return items.map((item) => {
    const kept: ChecklistItem = { key: item.key, label: item.label, kind: item.kind };
    if (item.kind === 'value') kept.expected = item.expected;
    if (item.kind === 'range') Object.assign(kept, { min: item.min, max: item.max, unit: item.unit });
    if (item.kind === 'yesno') kept.expectedYes = item.expectedYes;
    return kept;
  });
}
