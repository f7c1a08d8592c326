import { AnalysisReportView } from '@app/shared';
import { analysisReportFileName, analysisReportHtml } from './analysis-report.document';

export function sampleAnalysisReport(circuits = 6): AnalysisReportView {
  const availability = Array.from({ length: circuits }, (_, i) => {
    const counted = i === 1 ? 90 : i === 3 ? 12.5 : 0;
    return {
      circuitId: `c${i}`,
      code: `GZ-MSTP-${String(i + 1).padStart(4, '0')}`,
      serviceType: i % 2 ? 'mstp' : 'internet',
      business: i === 1 ? '视频会议系统' : '办公互联网',
      importance: i === 1 ? 'critical' : 'normal',
      grade: 'A',
      protection: i === 1 ? 'none' : 'main',
      faults: counted > 0 ? 1 : 0,
      outageMinutes: counted + (i === 3 ? 30 : 0),
      exemptMinutes: i === 3 ? 30 : 0,
      countedMinutes: counted,
      availability: Math.round((1 - counted / 43_200) * 10_000) / 100,
    };
  });
  return {
    customerId: '9f1c2b3a-1111-4222-8333-444455556666',
    customer: { id: '9f1c2b3a-1111-4222-8333-444455556666', name: '广东省某市政务服务数据管理局', code: 'CUST-0042', industry: 'government', tier: 'gold', region: '广东' },
    period: { from: '2026-11-01', to: '2026-11-30', minutes: 43_200 },
    availability,
    faults: {
      total: 2,
      byCause: [
        { key: 'operator_fiber', count: 1 },
        { key: null, count: 1 },
      ],
      bySegment: [
        { key: 'backbone', count: 1 },
        { key: null, count: 1 },
      ],
      restored: 2,
      meanRestoreMinutes: 66.25,
      worstRestoreMinutes: 90,
      listTruncated: false,
      list: [
        { ticketId: 't1', number: 'F20261105000003', circuitCode: 'GZ-MSTP-0002', faultAt: '2026-11-05T02:00:00.000Z', restoredAt: '2026-11-05T03:30:00.000Z', restoreMinutes: 90, status: 'closed', causeCategory: 'operator_fiber', causeSegment: 'backbone', cause: '光缆被施工挖断' },
        {
          ticketId: 't2',
          number: 'F20261112000008',
          circuitCode: 'GZ-MSTP-0004',
          faultAt: '2026-11-12T06:00:00.000Z',
          restoredAt: '2026-11-12T06:42:30.000Z',
          restoreMinutes: 42.5,
          status: 'closed',
          // As the customer's view has it: the cause as told, no category or segment.
          causeCategory: null,
          causeSegment: null,
          cause: '传输线路瞬断',
        },
      ],
    },
    clocks: [
      { kind: 'dispatch', label: '派单', met: 2, total: 2, rate: 100 },
      { kind: 'resolution', label: '故障处理时限', met: 1, total: 2, rate: 50 },
      { kind: 'joint-handling', label: '联合处理', met: 0, total: 0, rate: null },
    ],
    provisioning: { delivered: 3, onTime: 2, onTimeRate: 66.67, warnings: 1, violations: 1, missedWithoutWarning: 1, falseCompletion: 0 },
    afterSales: { visitsDone: 1, lastVisitAt: '2026-11-20T02:00:00.000Z', inspectionsDone: 2, dangersFound: 3, dangersFixed: 2 },
    satisfaction: {
      closed: 4,
      rated: 3,
      ratedShare: 75,
      averageScore: 3.33,
      distribution: { '1': 0, '2': 1, '3': 0, '4': 1, '5': 1 },
      lowScores: [{ ticketId: 't9', number: 'GZ-20261103-0009', circuitCode: 'GZ-MSTP-0002', score: 2, comment: '反馈太慢<i>', ratedAt: '2026-11-04T02:00:00.000Z' }],
      lowScoresTruncated: false,
    },
    recommendations: [{ rule: 'important-business-without-backup', circuits: [{ id: 'c1', code: 'GZ-MSTP-0002' }], text: '电路 GZ-MSTP-0002 承载重要业务(视频会议系统)但无备份电路,建议尽快增加备份电路或保护。' }],
    quality: {
      available: true,
      circuits: [{ key: 'c2', label: 'GZ-MSTP-0002', circuits: 1, availabilityPct: 99.5, kpis: { latencyMs: { samples: 288, avg: 12.345, min: 8, max: 40, p50: 11, p95: 31.5 } } }],
      circuitsTruncated: false,
    },
  };
}

const now = new Date('2026-12-01T02:00:00Z');

describe('analysis report document', () => {
  it('holds the satisfaction section: the figures and the low ratings with the customer\'s comment, escaped', () => {
    const doc = analysisReportHtml(sampleAnalysisReport(), now);
    for (const text of ['七、客户满意度', '八、建议', '75.00%', '3.33', 'GZ-20261103-0009', '反馈太慢&lt;i&gt;']) expect(doc).toContain(text);
    expect(doc).not.toContain('反馈太慢<i>');
  });

  it('holds the title block, the summary, the availability table and the recommendations', () => {
    const doc = analysisReportHtml(sampleAnalysisReport(), now);
    for (const text of ['网络运行分析报告', '广东省某市政务服务数据管理局', '2026年11月1日 至 2026年11月30日', 'GZ-MSTP-0002', '99.79%', '99.97%', '66.67%', '建议尽快增加备份电路']) expect(doc).toContain(text);
    expect(doc).toContain('<svg');
  });

  it('holds the availability and KPI section from quality monitoring, or says why it is missing', () => {
    const doc = analysisReportHtml(sampleAnalysisReport(), now);
    for (const text of ['性能监测', '99.500%', '12.35', '31.50']) expect(doc).toContain(text);
    const view = sampleAnalysisReport();
    view.quality = { available: false, reason: 'Quality monitoring: The quality service is not running', circuits: [], circuitsTruncated: false };
    expect(analysisReportHtml(view, now)).toContain('性能监测数据暂不可得');
  });

  it('says when the fault list is cut short', () => {
    const view = sampleAnalysisReport();
    view.faults = { ...view.faults, total: 501, listTruncated: true };
    expect(analysisReportHtml(view, now)).toContain('本期故障共 501 起，明细仅列出前 2 起');
    expect(analysisReportHtml(sampleAnalysisReport(), now)).not.toContain('明细仅列出');
  });

  it('escapes every value', () => {
    const view = sampleAnalysisReport();
    view.customer.name = '<script>alert(1)</script>';
    view.availability[0].business = '<img src=x onerror=alert(1)>';
    const doc = analysisReportHtml(view, now);
    expect(doc).not.toMatch(/<script|<img/);
    expect(doc).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('names the file after the customer and period', () => {
    expect(analysisReportFileName(sampleAnalysisReport(), 'pdf')).toBe('网络运行分析报告-FXBG-CUST-0042-20261101-20261130.pdf');
  });
});
