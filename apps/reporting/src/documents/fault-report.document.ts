import { FaultReportView } from '@app/shared';
import { barChart, Bar, Mark, timelineChart } from './charts';
import { actionLabel, between, CAUSE_LABELS, cstDate, cstDateTime, duration, SEGMENT_LABELS, serviceTypeLabel, STATUS_LABELS } from './format';
import { html, Html } from './html';
import { documentPage, OPERATOR_NAME } from './layout';

/** The report number printed on the document: the ticket's number and the version. */
export function faultReportNumber(view: FaultReportView): string {
  const version = view.versions.at(-1);
  return `GZBG-${view.number ?? view.ticketId.slice(0, 8)}${version ? `-V${version.n}` : ''}`;
}

export function faultReportFileName(view: FaultReportView, ext: 'html' | 'pdf'): string {
  return `故障报告-${faultReportNumber(view)}.${ext}`;
}

/**
 * The fault report (故障报告) as the customer receives it, in the operator's layout: title block, summary table, the
 * process as a timeline figure and a table, the durations as a figure, measures and preventive measures. It is always
 * the customer's document: the cause as told to the customer where the closure marked a difference (case 14), only
 * the steps the customer was told of, no clocks and no names of staff. Staff see the latest version whatever its
 * status (marked as not yet submitted); a customer's user gets a view holding its submitted versions only.
 */
export function faultReportHtml(view: FaultReportView, now: Date): string {
  const version = view.versions.at(-1);
  const marked = view.cause.trueDescription !== undefined;
  const category = marked ? undefined : view.cause.category;
  const segment = marked ? undefined : view.cause.segment;
  const steps = view.process.filter((s) => s.customerVisible !== false).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const t = view.times;
  const kind = view.kind === 'final' ? '最终报告' : '初步报告';
  const title = `故障报告（${kind}）`;
  const circuit = view.scope.circuit;
  const customer = view.scope.customer;
  const issued = version?.submittedAt ?? version?.createdAt ?? now.toISOString();
  const pending = !version ? '尚未编写报告版本：以下为工单当前情况' : version.status !== 'submitted' ? `${STATUS_LABELS[version.status]}：尚未提交客户，仅供内部审阅` : '';

  // The figure marks the milestones; every step is in the table below it.
  const marks: Mark[] = [];
  if (t.faultAt) marks.push({ at: Date.parse(t.faultAt), label: '故障发生', major: true });
  const milestones = ['intake', 'dispatch', 'escalate', 'suspend', 'restore', 'repair', 'close', 'reopen'];
  const seen = new Set<string>();
  for (const s of steps) {
    if (!milestones.includes(s.action) || seen.has(s.action)) continue;
    seen.add(s.action);
    marks.push({ at: Date.parse(s.at), label: actionLabel(s.action), major: s.action === 'restore' || s.action === 'close' });
  }
  const durations: Bar[] = [
    ['故障发生→受理', between(t.faultAt, t.reportedAt)],
    ['受理→业务恢复', between(t.reportedAt, t.restoredAt)],
    ['业务中断历时', between(t.faultAt, t.restoredAt)],
    ['业务恢复→故障修复', between(t.restoredAt, t.repairedAt)],
    ['受理→结单', between(t.reportedAt, t.closedAt)],
  ]
    .filter((d): d is [string, number] => d[1] !== undefined)
    .map(([label, ms]) => ({ label, value: ms / 60_000, text: duration(ms) }));

  const body = html`
<header class="doc-head">
  <div class="issuer">${OPERATOR_NAME}</div>
  <h1>${title}</h1>
  ${pending ? html`<div class="status">${pending}</div>` : ''}
</header>
<table class="meta" aria-label="报告信息">
  <tr><th>客户名称</th><td>${customer.name ?? '—'}</td><th>报告编号</th><td>${faultReportNumber(view)}</td></tr>
  <tr><th>工单编号</th><td>${view.number ?? '—'}</td><th>报告日期</th><td>${cstDate(issued)}</td></tr>
  <tr><th>编制单位</th><td>${OPERATOR_NAME}</td><th>报告类型</th><td>${kind}${version ? html`（第${version.n}版）` : ''}</td></tr>
</table>

<h2>一、故障概况</h2>
<table class="meta" aria-label="故障概况">
  <tr><th>故障电路</th><td>${circuit?.code ?? '—'}</td><th>业务类型</th><td>${serviceTypeLabel(circuit?.serviceType)}</td></tr>
  <tr><th>承载业务</th><td>${circuit?.business ?? '—'}</td><th>A端／Z端</th><td>${circuit ? `${circuit.aProvince ?? '—'}／${circuit.zProvince ?? '—'}` : '—'}</td></tr>
  <tr><th>故障现象</th><td colspan="3">${view.symptom ?? '—'}</td></tr>
  <tr><th>故障时间</th><td>${cstDateTime(t.faultAt)}</td><th>受理时间</th><td>${cstDateTime(t.reportedAt ?? t.openedAt)}</td></tr>
  <tr><th>业务恢复</th><td>${cstDateTime(t.restoredAt)}</td><th>故障修复</th><td>${cstDateTime(t.repairedAt)}</td></tr>
  <tr><th>结单时间</th><td>${cstDateTime(t.closedAt)}</td><th>工单状态</th><td>${STATUS_LABELS[view.ticketStatus ?? ''] ?? '—'}</td></tr>
  <tr><th>业务中断历时</th><td>${duration(between(t.faultAt, t.restoredAt))}</td><th>处理历时</th><td>${duration(between(t.reportedAt, t.closedAt))}</td></tr>
  <tr><th>故障原因</th><td colspan="3">${view.cause.shown ?? (category ? CAUSE_LABELS[category] : '待查明')}</td></tr>
  <tr><th>原因分类</th><td>${category ? CAUSE_LABELS[category] : '—'}</td><th>故障段落</th><td>${segment ? SEGMENT_LABELS[segment] : '—'}</td></tr>
  ${view.scope.incidentId ? html`<tr><th>网络事件</th><td colspan="3">本故障属于一次网络事件，影响多条电路</td></tr>` : ''}
</table>

<h2>二、处理过程</h2>
<figure>
  ${timelineChart(marks, { caption: '图1 故障处理时间轴', tickLabel: (ms) => cstDateTime(new Date(ms).toISOString()).slice(5) })}
  <figcaption>图1 故障处理时间轴（北京时间）</figcaption>
</figure>
<table aria-label="处理过程">
  <colgroup><col style="width:9%"><col style="width:31%"><col style="width:35%"><col style="width:25%"></colgroup>
  <thead><tr><th class="num">序号</th><th>时间</th><th>处理环节</th><th>工单状态</th></tr></thead>
  <tbody>
  ${steps.map((s, i) => html`<tr><td class="num">${i + 1}</td><td>${cstDateTime(s.at)}</td><td>${actionLabel(s.action)}</td><td>${STATUS_LABELS[s.status] ?? s.status}</td></tr>`)}
  </tbody>
</table>

<h2>三、处理时效</h2>
<figure>
  ${barChart(durations, { unit: '分', caption: '图2 各阶段历时' })}
  <figcaption>图2 各阶段历时（分钟）</figcaption>
</figure>

<h2>四、处理措施</h2>
<p class="text">${version?.measures ?? '—'}</p>
<h2>五、预防措施</h2>
<p class="text">${version?.preventiveMeasures ?? '—'}</p>
${version?.summary ? html`<h2>六、总结</h2><p class="text">${version.summary}</p>` : ''}

<div class="sign"><span>编制单位：${OPERATOR_NAME}</span><span>日期：${cstDate(issued)}</span></div>
<p class="note">本报告时间均为北京时间。生成于 ${cstDateTime(now.toISOString())}。</p>
`;
  return documentPage(`${title} ${faultReportNumber(view)} ${customer.name ?? ''}`, body as Html);
}
