import { TicketView } from '@app/shared';
import { customerPart, forCustomer } from './customer-view';

const staffView: TicketView = {
  id: 't1',
  number: 'F1',
  version: 7,
  status: 'closed',
  customerId: 'c1',
  customerCode: 'BANK',
  customerName: '某银行',
  customerTier: 'gold',
  important: true,
  circuitId: 'k1',
  circuitCode: 'GZ-BJ',
  serviceType: 'mstp',
  direction: '广州—北京',
  symptom: '中断',
  channel: 'hotline',
  reporterName: '张工',
  reporterContact: '138',
  faultAt: '2026-11-02T01:58:00.000Z',
  reportedAt: '2026-11-02T02:00:00.000Z',
  openedAt: '2026-11-02T02:01:00.000Z',
  openedBy: 'noc1',
  provinceEscalation: { unit: '广州本地网', findings: 'x', precheckedAt: '2026-11-02T02:05:00.000Z', escalatedAt: '2026-11-02T02:06:00.000Z', by: 'noc1', recordedAt: '2026-11-02T02:06:00.000Z' },
  restoredAt: '2026-11-02T03:00:00.000Z',
  closedAt: '2026-11-02T03:10:00.000Z',
  resolutionLimitMinutes: 360,
  causeCategory: 'operator_configuration',
  causeSegment: 'backbone',
  causeDescription: '骨干网配置误操作',
  customerFacingCause: '传输设备故障',
  causeDiffersFromCustomerReply: true,
  closedWithoutRestoration: false,
  duplicateReports: 0,
  reopenCount: 0,
  escalationLevel: 'department',
  jointHandling: true,
  underGuarantee: false,
  crisisA: false,
  majorReportedAt: '2026-11-02T02:30:00.000Z',
  legs: [{ id: 'l1', unit: '骨干网', segment: 'backbone', status: 'resulted', dispatchedAt: '2026-11-02T02:03:00.000Z', progressEveryMinutes: 30 }],
  escalations: [{ level: 'department', trigger: 'manual', reason: '配置误操作影响多客户', at: '2026-11-02T02:20:00.000Z', by: 'noc1', notify: ['supervisor'] }],
  breaches: [
    { kind: 'accept', subjectType: 'leg', subjectId: 'l1', dueAt: '2026-11-02T02:08:00.000Z' },
    { kind: 'dispatch', subjectType: 'ticket', subjectId: 't1', dueAt: '2026-11-02T02:05:00.000Z' },
    { kind: 'joint-handling', subjectType: 'ticket', subjectId: 't1', dueAt: '2026-11-02T03:00:00.000Z' },
    { kind: 'first-feedback', subjectType: 'ticket', subjectId: 't1', dueAt: '2026-11-02T02:30:00.000Z' },
  ],
};

describe("a customer's view of its ticket", () => {
  it('shows the customer-facing cause instead of the true cause, and nothing internal', () => {
    const seen = forCustomer(staffView);
    expect(seen.causeDescription).toBe('传输设备故障');
    const text = JSON.stringify(seen);
    for (const internal of ['骨干网配置误操作', 'operator_configuration', 'backbone', '配置误操作影响多客户', '广州本地网']) expect(text).not.toContain(internal);
    for (const key of ['legs', 'escalations', 'escalationLevel', 'jointHandling', 'crisisA', 'majorReportedAt', 'provinceEscalation', 'customerFacingCause', 'causeDiffersFromCustomerReply', 'causeCategory', 'causeSegment', 'openedBy']) {
      expect(seen).not.toHaveProperty(key);
    }
    expect(seen.breaches).toEqual([{ kind: 'first-feedback', subjectType: 'ticket', subjectId: 't1', dueAt: '2026-11-02T02:30:00.000Z' }]);
    expect(seen).toMatchObject({ id: 't1', status: 'closed', restoredAt: staffView.restoredAt, symptom: '中断', version: 7 });
  });

  it('shows the true cause where none was marked for the customer', () => {
    const { customerFacingCause: _, ...unmarked } = staffView;
    const seen = forCustomer({ ...unmarked, causeDiffersFromCustomerReply: false });
    expect(seen).toMatchObject({ causeCategory: 'operator_configuration', causeSegment: 'backbone', causeDescription: '骨干网配置误操作' });
  });

  it('shows only the messages sent to the customer, none when all were to staff', () => {
    const note = { rule: 'r', channel: 'sms' as const, title: 't', status: 'sent' as const, attempts: 1, at: '2026-11-02T02:40:00.000Z' };
    const toCustomer = { ...note, deliveryId: 'd1', audience: 'customer' as const, recipientName: '张工' };
    const toStaff = { ...note, deliveryId: 'd2', audience: 'staff' as const, recipientName: '王经理' };
    expect(forCustomer({ ...staffView, notifications: [toStaff, toCustomer] }).notifications).toEqual([toCustomer]);
    expect(forCustomer({ ...staffView, notifications: [toStaff] })).not.toHaveProperty('notifications');
  });

  it('gives the event stream the same cause, and nothing for internal actions', () => {
    const facts = {
      status: 'closed' as const,
      restoredAt: new Date(staffView.restoredAt!),
      closedAt: new Date(staffView.closedAt!),
      causeCategory: 'operator_configuration' as const,
      causeSegment: 'backbone' as const,
      causeDescription: '骨干网配置误操作',
      customerFacingCause: '传输设备故障',
    };
    const at = new Date(staffView.closedAt!);
    expect(customerPart(facts, 'close', at)).toEqual({
      status: 'closed',
      action: 'close',
      at: staffView.closedAt,
      restoredAt: staffView.restoredAt,
      closedAt: staffView.closedAt,
      causeDescription: '传输设备故障',
    });
    for (const internal of ['escalate', 'accept', 'progress', 'result', 'answer', 'on-site', 'province-escalation', 'request-suspension']) {
      expect(customerPart(facts, internal, at)).toBeUndefined();
    }
  });
});
