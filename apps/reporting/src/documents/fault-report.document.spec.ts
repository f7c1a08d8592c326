import { FaultReportView } from '@app/shared';
import { faultReportFileName, faultReportHtml } from './fault-report.document';

export function sampleFaultReport(over: Partial<FaultReportView> = {}): FaultReportView {
  return {
    ticketId: '0b6f3c1e-4a8d-4f0e-9c57-5d1f2a3b4c5d',
    number: 'F20261102-0007',
    customerId: '9f1c2b3a-1111-4222-8333-444455556666',
    kind: 'final',
    ticketStatus: 'closed',
    symptom: '专线业务中断，客户总部至数据中心无法访问',
    times: {
      faultAt: '2026-11-02T01:58:00.000Z',
      reportedAt: '2026-11-02T02:00:00.000Z',
      openedAt: '2026-11-02T02:00:00.000Z',
      restoredAt: '2026-11-02T02:45:00.000Z',
      repairedAt: '2026-11-02T02:50:00.000Z',
      closedAt: '2026-11-02T02:55:00.000Z',
    },
    scope: {
      circuit: { id: 'c1', code: 'GZ-SZ-MSTP-0001', serviceType: 'MSTP', business: '核心生产业务', aProvince: '广东', zProvince: '广东' },
      customer: { id: '9f1c2b3a-1111-4222-8333-444455556666', name: '广东省某市政务服务数据管理局', tier: 'gold' },
    },
    cause: { category: 'customer_equipment', segment: 'customer_premises', shown: '传输线路瞬断', trueDescription: '客户路由器故障，重启后恢复' },
    process: [
      { at: '2026-11-02T02:00:00.000Z', action: 'intake', status: 'open', customerVisible: true },
      { at: '2026-11-02T02:03:00.000Z', action: 'dispatch', status: 'dispatched', customerVisible: true },
      { at: '2026-11-02T02:04:00.000Z', action: 'accept', status: 'dispatched', customerVisible: false },
      { at: '2026-11-02T02:45:00.000Z', action: 'restore', status: 'restored', customerVisible: true },
      { at: '2026-11-02T02:50:00.000Z', action: 'repair', status: 'restored', customerVisible: false },
      { at: '2026-11-02T02:55:00.000Z', action: 'close', status: 'closed', customerVisible: true },
    ],
    reviewRequired: false,
    status: 'submitted',
    versions: [
      {
        n: 3,
        kind: 'final',
        status: 'submitted',
        reviewRequired: false,
        measures: '现场检查客户端设备，重启客户路由器后业务恢复；\n核查A、Z两端传输设备运行正常。',
        preventiveMeasures: '建议客户更换老化路由器并配置备份电路。',
        summary: '故障已恢复并修复，客户已确认。',
        stated: {},
        createdBy: 'noc-zhang',
        createdAt: '2026-11-02T03:10:00.000Z',
        submittedAt: '2026-11-02T03:20:00.000Z',
      },
    ],
    ...over,
  };
}

const now = new Date('2026-11-02T04:00:00Z');

describe('fault report document', () => {
  it('is the customer document: the cause as told where a different one was marked, only the steps the customer was told of, no staff names', () => {
    const doc = faultReportHtml(sampleFaultReport(), now);
    expect(doc).toContain('故障报告（最终报告）');
    expect(doc).toContain('广东省某市政务服务数据管理局');
    expect(doc).toContain('传输线路瞬断');
    for (const hidden of ['客户路由器故障', '客户设备故障', 'noc-zhang', '接单', '故障修复</td>']) expect(doc).not.toContain(hidden);
    expect(doc).toContain('2026-11-02 09:58'); // Beijing time
    expect(doc).toContain('47分钟'); // fault → restore
    expect(doc).toContain('<svg');
    expect(doc).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('escapes every value: hostile text stays text', () => {
    const hostile = '<script>alert(1)</script>"\'&<img src=x onerror=alert(2)>';
    const view = sampleFaultReport({ symptom: hostile, cause: { shown: hostile } });
    view.scope.customer.name = hostile;
    view.versions[0].measures = hostile;
    const doc = faultReportHtml(view, now);
    expect(doc).not.toContain('<script>');
    expect(doc).not.toContain('<img');
    expect(doc).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&lt;img src=x onerror=alert(2)&gt;');
  });

  it('marks a version not yet submitted, and a report without a version', () => {
    const draft = sampleFaultReport();
    draft.versions[0] = { ...draft.versions[0], status: 'draft', submittedAt: undefined };
    expect(faultReportHtml(draft, now)).toContain('草稿：尚未提交客户');
    expect(faultReportHtml(sampleFaultReport({ versions: [], status: 'none', kind: 'preliminary' }), now)).toContain('尚未编写报告版本');
  });

  it('names the file after the report', () => {
    expect(faultReportFileName(sampleFaultReport(), 'pdf')).toBe('故障报告-GZBG-F20261102-0007-V3.pdf');
  });
});
