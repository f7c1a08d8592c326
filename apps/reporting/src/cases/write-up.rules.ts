/** What a write-up takes from the ticket, its timeline and its latest fault report version. */
export interface WriteUpTicket {
  number: string | null;
  symptom: string | null;
  serviceType: string | null;
  faultAt: Date | null;
  reportedAt: Date | null;
  restoredAt: Date | null;
  repairedAt: Date | null;
  closedAt: Date | null;
  causeCategory: string | null;
  causeSegment: string | null;
  causeDescription: string | null;
}

export interface WriteUpStep {
  at: Date;
  action: string;
  status: string;
}

export interface WriteUpReport {
  measures: string;
  preventiveMeasures: string;
  summary: string | null;
}

export interface WriteUpText {
  title: string;
  symptoms: string;
  whatHappened: string;
  handling: string;
  lesson: string;
}

export const TITLE_MAX = 80;

const minute = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

/** The timeline as lines "time action → status", and the ticket's key times. */
export function timelineSummary(t: WriteUpTicket, steps: readonly WriteUpStep[]): string {
  const times: [string, Date | null][] = [
    ['故障发生', t.faultAt],
    ['受理', t.reportedAt],
    ['业务恢复', t.restoredAt],
    ['故障修复', t.repairedAt],
    ['结单', t.closedAt],
  ];
  const key = times.filter(([, d]) => d).map(([label, d]) => `${label} ${minute(d!)}`);
  const restoredIn = t.faultAt && t.restoredAt ? Math.round((t.restoredAt.getTime() - t.faultAt.getTime()) / 60_000) : null;
  return [
    key.length ? `时间: ${key.join('; ')}` : '',
    restoredIn !== null ? `历时 ${restoredIn} 分钟恢复业务` : '',
    ...steps.map((s) => `${minute(s.at)} ${s.action} → ${s.status}`),
  ]
    .filter(Boolean)
    .join('\n');
}

/** The prefilled text of a case written up from a ticket. */
export function writeUpText(t: WriteUpTicket, steps: readonly WriteUpStep[], report: WriteUpReport | null): WriteUpText {
  const cause = [t.causeCategory, t.causeSegment].filter(Boolean).join(' / ');
  const causeLine = t.causeDescription || cause ? `故障原因: ${[t.causeDescription, cause ? `(${cause})` : ''].filter(Boolean).join(' ')}` : '';
  const symptom = t.symptom ?? '';
  const title = (t.causeDescription ? `${symptom}——${t.causeDescription}` : symptom || `工单 ${t.number ?? ''}`).slice(0, TITLE_MAX);
  return {
    title,
    symptoms: symptom,
    whatHappened: [t.number ? `工单 ${t.number}` : '', causeLine, timelineSummary(t, steps)].filter(Boolean).join('\n'),
    handling: report ? [`处理措施: ${report.measures}`, report.summary ? `总结: ${report.summary}` : ''].filter(Boolean).join('\n') : '',
    lesson: report ? `预防措施: ${report.preventiveMeasures}` : '',
  };
}
