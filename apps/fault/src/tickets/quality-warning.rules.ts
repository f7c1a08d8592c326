import { QualityWarningData } from '@app/shared';

/** Who opens a proactive ticket: quality monitoring, never a person. */
export const MONITORING_REPORTER = { name: '质量监测', contact: 'quality-monitoring' };

/** The symptom of a proactive ticket as the NOC and the customer read it: the KPI, the limit and the samples crossing it. */
export function warningSymptom(w: Pick<QualityWarningData, 'kpi' | 'rule' | 'limit' | 'bad' | 'samples'>): string {
  const limit = Number(w.limit.toFixed(3));
  const what = w.rule === 'baseline' ? `its own 7-day baseline limit ${limit}` : `the threshold ${limit}`;
  return `质量监测预警 (quality warning): ${w.kpi} ${w.bad} ${what} in ${w.samples.length} consecutive samples (${w.samples.map((s) => s.value).join(', ')})`;
}

/** The fault time of a proactive ticket: the first sample of the run, never after now (a collector clock may run ahead). */
export function warningFaultAt(w: Pick<QualityWarningData, 'samples' | 'raisedAt'>, now: Date): Date {
  const first = new Date(w.samples[0]?.at ?? w.raisedAt);
  return first.getTime() > now.getTime() ? now : first;
}
