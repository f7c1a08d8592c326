import { FieldProblem, Kpi, ThresholdAction, ThresholdChange, ThresholdDto } from '@app/shared';
import { KPI_RANGE } from '../samples/sample.rules';

/** The side of the limit that is bad when a change does not say: too little receive power, too much of the others. */
export function defaultBad(kpi: Kpi): 'above' | 'below' {
  return kpi === 'opticalRxDbm' ? 'below' : 'above';
}

/**
 * Checks a change of thresholds: each limit within the range its KPI's samples may have (a limit no sample can cross
 * would silence the warning), and each service type, grade and KPI once. Returns the problems, by field.
 */
export function thresholdProblems(changes: ThresholdDto[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  changes.forEach((t, i) => {
    const [min, max] = KPI_RANGE[t.kpi];
    if (t.limit < min || t.limit > max) problems.push({ field: `thresholds.${i}.limit`, reason: `a ${t.kpi} limit must be from ${min} to ${max}` });
    const key = `${t.serviceType}/${t.grade}/${t.kpi}`;
    if (seen.has(key)) problems.push({ field: `thresholds.${i}`, reason: `${key} is changed twice` });
    seen.add(key);
  });
  return problems;
}

type Limit = { limit: number; bad: 'above' | 'below' };
type Key = Pick<ThresholdChange, 'serviceType' | 'grade' | 'kpi'>;

/** A change as `threshold_change` keeps it (versions before removals: `from: null` when set, no action). */
export interface StoredChange extends Key {
  action?: ThresholdAction;
  from?: Limit | null;
  to?: Limit | null;
}

/** What a version does to one threshold, from its limit before to its limit after (null: none); null when nothing. */
export function changeOf(key: Key, from: Limit | null, to: Limit | null): ThresholdChange | null {
  const { serviceType, grade, kpi } = key;
  if (from && to) return from.limit === to.limit && from.bad === to.bad ? null : { serviceType, grade, kpi, action: 'changed', from, to };
  if (to) return { serviceType, grade, kpi, action: 'set', to };
  if (from) return { serviceType, grade, kpi, action: 'removed', from };
  return null;
}
