import { AnalysisReportView, CauseCategory, Industry, Segment, Tier } from '@app/shared';
import { availability } from '../analysis/analysis.rules';
import { barChart, shareChart } from './charts';
import { CAUSE_LABELS, cstDate, cstDateTime, duration, INDUSTRY_LABELS, SEGMENT_LABELS, serviceTypeLabel, TIER_LABELS } from './format';
import { html, Html } from './html';
import { documentPage, OPERATOR_NAME } from './layout';

/** How many circuits the availability figure shows (the lowest); the table lists every circuit. */
export const AVAILABILITY_FIGURE_CIRCUITS = 20;


export function analysisReportNumber(view: AnalysisReportView): string {
  return `FXBG-${view.customer.code ?? view.customerId.slice(0, 8)}-${view.period.from.replace(/-/g, '')}-${view.period.to.replace(/-/g, '')}`;
}

export function analysisReportFileName(view: AnalysisReportView, ext: 'html' | 'pdf'): string {
  return `网络运行分析报告-${analysisReportNumber(view)}.${ext}`;
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(2)}%`);
const mins = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(2));
const kpi = (v: number | undefined, digits = 2) => (v === undefined ? '—' : v.toFixed(digits));
const day = (date: string) => cstDate(`${date}T00:00:00+08:00`);
const causeLabel = (key: string | null) => (key === null ? '未分类（以告知原因为准）' : (CAUSE_LABELS[key as CauseCategory] ?? key));
const segmentLabel = (key: string | null) => (key === null ? '未分类' : (SEGMENT_LABELS[key as Segment] ?? key));

/**
 * 网络运行分析报告 in the operator's layout: title block, summary table, availability per circuit (figure of the lowest
 * and a table of all), faults by cause and segment (figures) with the list, clock compliance, provisioning, visits
 * and inspections, customer satisfaction (the low ratings with the customer's comments), recommendations. It renders the view it is given: the documents service asks for the customer's view
 * (causes as told to the customer) whoever calls.
 */
export function analysisReportHtml(view: AnalysisReportView, now: Date): string {
  const c = view.customer;
  const title = '网络运行分析报告';
  const circuits = view.availability;
  const outage = circuits.reduce((s, a) => s + a.countedMinutes, 0);
  // All circuits together: the counted outage over the circuit-minutes of the period, by the same rule as each circuit.
  const overall = circuits.length > 0 ? availability(outage * 60_000, circuits.length * view.period.minutes * 60_000) : null;
  const lowest = [...circuits].sort((a, b) => a.availability - b.availability || (a.code < b.code ? -1 : 1)).slice(0, AVAILABILITY_FIGURE_CIRCUITS);
  const floor = Math.min(99, ...lowest.map((a) => Math.floor(a.availability)));
  const f = view.faults;
  const p = view.provisioning;
  const s = view.afterSales;
  const sat = view.satisfaction;

  const body = html`
<header class="doc-head">
  <div class="issuer">${OPERATOR_NAME}</div>
  <h1>${title}</h1>
  <div class="status" style="color:#333">${day(view.period.from)} 至 ${day(view.period.to)}</div>
</header>
<table class="meta" aria-label="报告信息">
  <tr><th>客户名称</th><td>${c.name}</td><th>报告编号</th><td>${analysisReportNumber(view)}</td></tr>
  <tr><th>客户编码</th><td>${c.code ?? '—'}</td><th>报告周期</th><td>${view.period.from} 至 ${view.period.to}</td></tr>
  <tr><th>客户等级</th><td>${TIER_LABELS[c.tier as Tier] ?? c.tier}</td><th>所属行业</th><td>${c.industry ? (INDUSTRY_LABELS[c.industry as Industry] ?? c.industry) : '—'}</td></tr>
  <tr><th>编制单位</th><td>${OPERATOR_NAME}</td><th>报告日期</th><td>${cstDate(now)}</td></tr>
</table>

<h2>一、总体情况</h2>
<table aria-label="总体情况">
  <thead><tr><th>指标</th><th class="num">本期数值</th><th>指标</th><th class="num">本期数值</th></tr></thead>
  <tbody>
  <tr><td>在网电路数</td><td class="num">${circuits.length}</td><td>综合可用率</td><td class="num">${pct(overall)}</td></tr>
  <tr><td>故障次数</td><td class="num">${f.total}</td><td>已恢复故障</td><td class="num">${f.restored}</td></tr>
  <tr><td>平均恢复历时</td><td class="num">${duration(f.meanRestoreMinutes === null ? null : f.meanRestoreMinutes * 60_000)}</td><td>最长恢复历时</td><td class="num">${duration(f.worstRestoreMinutes === null ? null : f.worstRestoreMinutes * 60_000)}</td></tr>
  <tr><td>开通交付电路</td><td class="num">${p.delivered}</td><td>按时交付率</td><td class="num">${pct(p.onTimeRate)}</td></tr>
  <tr><td>上门走访</td><td class="num">${s.visitsDone}</td><td>巡检次数</td><td class="num">${s.inspectionsDone}</td></tr>
  <tr><td>发现隐患</td><td class="num">${s.dangersFound}</td><td>整改隐患</td><td class="num">${s.dangersFixed}</td></tr>
  </tbody>
</table>

<h2>二、电路可用率</h2>
<figure>
  ${barChart(
    lowest.map((a) => ({ label: a.code, value: a.availability, text: pct(a.availability), warn: a.availability < 99.9 })),
    { min: floor, max: 100, unit: '%', caption: '图1 电路可用率' },
  )}
  <figcaption>图1 电路可用率${circuits.length > lowest.length ? html`（可用率最低的${lowest.length}条，共${circuits.length}条）` : ''}</figcaption>
</figure>
<table class="wide" aria-label="电路可用率">
  <colgroup><col style="width:6%"><col style="width:16%"><col style="width:11%"><col style="width:18%"><col style="width:7%"><col style="width:11%"><col style="width:11%"><col style="width:11%"><col style="width:9%"></colgroup>
  <thead><tr><th class="num">序号</th><th>电路编号</th><th>业务类型</th><th>承载业务</th><th class="num">故障次数</th><th class="num">中断时长(分)</th><th class="num">免责时长(分)</th><th class="num">计入时长(分)</th><th class="num">可用率</th></tr></thead>
  <tbody>
  ${circuits.map((a, i) => html`<tr><td class="num">${i + 1}</td><td>${a.code}</td><td>${serviceTypeLabel(a.serviceType)}</td><td>${a.business}</td><td class="num">${a.faults}</td><td class="num">${mins(a.outageMinutes)}</td><td class="num">${mins(a.exemptMinutes)}</td><td class="num">${mins(a.countedMinutes)}</td><td class="num">${pct(a.availability)}</td></tr>`)}
  </tbody>
</table>
<p class="note">可用率 =（统计时长 − 计入中断时长）÷ 统计时长；中断时长自故障发生至业务恢复，客户原因挂起时长免责不计入。统计时长 ${view.period.minutes} 分钟。</p>


<h2>三、故障分析</h2>
<figure>
  ${shareChart(f.byCause.map((b) => ({ label: causeLabel(b.key), value: b.count })), { caption: '图2 故障原因分布' })}
  <figcaption>图2 故障原因分布</figcaption>
</figure>
<figure>
  ${shareChart(f.bySegment.map((b) => ({ label: segmentLabel(b.key), value: b.count })), { caption: '图3 故障段落分布' })}
  <figcaption>图3 故障段落分布</figcaption>
</figure>
<table class="wide" aria-label="故障明细">
  <colgroup><col style="width:6%"><col style="width:18%"><col style="width:16%"><col style="width:15%"><col style="width:15%"><col style="width:10%"><col style="width:20%"></colgroup>
  <thead><tr><th class="num">序号</th><th>工单编号</th><th>电路编号</th><th>故障时间</th><th>恢复时间</th><th class="num">恢复历时</th><th>故障原因</th></tr></thead>
  <tbody>
  ${f.list.length === 0 ? html`<tr><td colspan="7">本期无故障</td></tr>` : ''}
  ${f.list.map((x, i) => html`<tr><td class="num">${i + 1}</td><td>${x.number ?? '—'}</td><td>${x.circuitCode ?? '—'}</td><td>${cstDateTime(x.faultAt)}</td><td>${cstDateTime(x.restoredAt)}</td><td class="num">${duration(x.restoreMinutes === null ? null : x.restoreMinutes * 60_000)}</td><td>${x.cause ?? (x.causeCategory ? causeLabel(x.causeCategory) : '待查明')}</td></tr>`)}
  </tbody>
</table>
${f.listTruncated ? html`<p class="note">本期故障共 ${f.total} 起，明细仅列出前 ${f.list.length} 起；以上统计包含全部故障。</p>` : ''}

<h2>四、服务时限达标情况</h2>
<table aria-label="时限达标">
  <thead><tr><th>时限</th><th class="num">达标</th><th class="num">总数</th><th class="num">达标率</th></tr></thead>
  <tbody>
  ${view.clocks.map((k) => html`<tr><td>${k.label}</td><td class="num">${k.met}</td><td class="num">${k.total}</td><td class="num">${pct(k.rate)}</td></tr>`)}
  </tbody>
</table>

<h2>五、业务开通</h2>
<table aria-label="业务开通">
  <thead><tr><th>交付电路</th><th>按时交付</th><th>按时交付率</th><th>预警</th><th>违规（未预警超时）</th><th>违规（虚假竣工）</th></tr></thead>
  <tbody><tr><td class="num">${p.delivered}</td><td class="num">${p.onTime}</td><td class="num">${pct(p.onTimeRate)}</td><td class="num">${p.warnings}</td><td class="num">${p.missedWithoutWarning}</td><td class="num">${p.falseCompletion}</td></tr></tbody>
</table>

<h2>六、售后服务</h2>
<table aria-label="售后服务">
  <thead><tr><th>上门走访</th><th>最近一次走访</th><th>巡检</th><th>发现隐患</th><th>整改隐患</th></tr></thead>
  <tbody><tr><td class="num">${s.visitsDone}</td><td>${cstDateTime(s.lastVisitAt)}</td><td class="num">${s.inspectionsDone}</td><td class="num">${s.dangersFound}</td><td class="num">${s.dangersFixed}</td></tr></tbody>
</table>

<h2>七、客户满意度</h2>
<table aria-label="客户满意度">
  <thead><tr><th>结单工单</th><th>已评价</th><th>评价率</th><th>平均评分</th><th>5分</th><th>4分</th><th>3分</th><th>2分</th><th>1分</th></tr></thead>
  <tbody><tr><td class="num">${sat.closed}</td><td class="num">${sat.rated}</td><td class="num">${pct(sat.ratedShare)}</td><td class="num">${sat.averageScore === null ? '—' : sat.averageScore.toFixed(2)}</td><td class="num">${sat.distribution['5']}</td><td class="num">${sat.distribution['4']}</td><td class="num">${sat.distribution['3']}</td><td class="num">${sat.distribution['2']}</td><td class="num">${sat.distribution['1']}</td></tr></tbody>
</table>
${sat.lowScores.length === 0 ? html`<p class="text">本期无低分（2分及以下）评价。</p>` : html`
<table class="wide" aria-label="低分评价">
  <colgroup><col style="width:6%"><col style="width:20%"><col style="width:18%"><col style="width:8%"><col style="width:48%"></colgroup>
  <thead><tr><th class="num">序号</th><th>工单编号</th><th>电路编号</th><th class="num">评分</th><th>客户意见</th></tr></thead>
  <tbody>
  ${sat.lowScores.map((x, i) => html`<tr><td class="num">${i + 1}</td><td>${x.number}</td><td>${x.circuitCode ?? '—'}</td><td class="num">${x.score}</td><td>${x.comment ?? '—'}</td></tr>`)}
  </tbody>
</table>`}
<p class="note">评分 1（很不满意）至 5（很满意）；统计本期结单工单的客户评价，评价率 = 已评价 ÷ 结单工单。${sat.lowScoresTruncated ? `低分评价仅列出前 ${sat.lowScores.length} 条。` : ''}</p>

<h2>八、建议</h2>
${view.recommendations.length === 0 ? html`<p class="text">本期网络运行平稳，暂无专项建议。</p>` : html`<ol>${view.recommendations.map((r) => html`<li>${r.text}</li>`)}</ol>`}

<h2>附：性能监测（可用率与关键指标）</h2>
${!view.quality.available ? html`<p class="note">性能监测数据暂不可得：${view.quality.reason ?? ''}</p>` : view.quality.circuits.length === 0 ? html`<p class="text">本期无性能采样数据。</p>` : html`
<table class="wide" aria-label="性能监测">
  <thead><tr><th>电路编号</th><th class="num">可用率(SES)</th><th class="num">时延均值(ms)</th><th class="num">时延P95(ms)</th><th class="num">丢包均值(%)</th><th class="num">抖动均值(ms)</th><th class="num">带宽利用率均值(入/出%)</th></tr></thead>
  <tbody>
  ${[...(view.quality.summary ? [{ ...view.quality.summary, label: '全部电路' }] : []), ...view.quality.circuits].map((q) => html`<tr><td>${q.label ?? q.key}</td><td class="num">${q.availabilityPct === undefined ? '—' : `${q.availabilityPct.toFixed(3)}%`}</td><td class="num">${kpi(q.kpis.latencyMs?.avg)}</td><td class="num">${kpi(q.kpis.latencyMs?.p95)}</td><td class="num">${kpi(q.kpis.packetLossPct?.avg, 3)}</td><td class="num">${kpi(q.kpis.jitterMs?.avg)}</td><td class="num">${kpi(q.kpis.utilInPct?.avg, 1)} / ${kpi(q.kpis.utilOutPct?.avg, 1)}</td></tr>`)}
  </tbody>
</table>
<p class="note">来自性能监测的小时汇总：可用率 = 1 − 严重误码秒 ÷ 测量秒数；P95 为各电路小时均值的第95百分位。${view.quality.circuitsTruncated ? `仅列出前 ${view.quality.circuits.length} 条电路。` : ''}</p>`}

<div class="sign"><span>编制单位：${OPERATOR_NAME}</span><span>日期：${cstDate(now)}</span></div>
<p class="note">本报告时间均为北京时间。生成于 ${cstDateTime(now.toISOString())}。</p>
`;
  return documentPage(`${title} ${c.name} ${view.period.from}至${view.period.to}`, body as Html);
}
