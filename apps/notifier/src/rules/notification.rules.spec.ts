import type {
  ClockWarnedData,
  CutoverChangedData,
  FeedbackGivenData,
  OrderChangedData,
  TicketChangedData,
  TicketEscalatedData,
  TicketMajorReportedData,
  TicketOpenedData,
} from '@app/shared';
import { DEFAULT_RULES, escalationNarrowing, NotificationRule, reaches, render, rulesMeeting, unknownPlaceholders, withOverride } from './notification.rules';
import { EVENT_TYPES, eventShape, KnownFacts, shanghaiDateTime } from './rule-events';

const TICKET = '6b0f8f5e-3a8e-4a43-9d0c-6f0e8a1b2c3d';
const CUSTOMER = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const known: KnownFacts = {
  customer: { name: '某银行广州分行', code: 'GZ-BANK-0001' },
  ticket: { number: 'GZ20261102-0001', circuitCode: 'GZ-MSTP-001', symptom: '视频会议中断', status: 'dispatched' },
};

/** The rules that fire on this event, with their rendered title and body and their recipients as kind:channels. */
function fire(eventType: string, data: object, facts: KnownFacts = known) {
  const shape = eventShape(eventType)!;
  const vars = shape.vars(data, facts);
  return rulesMeeting(eventType, data).map((r) => {
    const narrowing = r.narrow?.(data);
    return {
      key: r.key,
      audience: r.audience,
      urgent: r.urgent,
      title: render(r.titleTemplate, vars),
      body: render(r.bodyTemplate, vars),
      recipients: r.recipients.filter((s) => reaches(narrowing, s.kind)).map((s) => `${s.kind}${s.role ? `(${s.role})` : ''}:${s.channels.join('+')}`),
      subject: shape.subject(data, facts),
      narrowing,
    };
  });
}

const escalated = (notify: string[], level = 'supervisor'): TicketEscalatedData => ({
  ticketId: TICKET,
  number: 'GZ20261102-0001',
  customerId: CUSTOMER,
  level,
  trigger: 'manual',
  reason: '重要视频会议中断',
  symptom: '视频会议中断',
  expectedRestorationAt: '2026-11-02T06:30:00Z',
  notify,
  at: '2026-11-02T02:10:00Z',
});

describe('times', () => {
  it('are written in Asia/Shanghai local time, 8 hours ahead of UTC', () => {
    expect(shanghaiDateTime('2026-11-02T06:30:00Z')).toBe('2026-11-02 14:30');
    expect(shanghaiDateTime('2026-11-02T17:05:00Z')).toBe('2026-11-03 01:05');
    expect(shanghaiDateTime(undefined)).toBe('');
  });
});

describe('render', () => {
  it('fills the placeholders, and renders a missing value as nothing, never "undefined"', () => {
    expect(render('工单{{number}}，预计恢复{{ expectedAt }}。{{nothing}}', { number: 'T-1', expectedAt: undefined })).toBe('工单T-1，预计恢复。');
  });

  it('does not read inherited properties as values', () => {
    expect(render('{{constructor}}{{toString}}', {})).toBe('');
  });

  it('names the placeholders a rule’s event does not fill', () => {
    expect(unknownPlaceholders('{{number}} {{expectedAt}} {{orderNumber}}', EVENT_TYPES.ticketEscalated)).toEqual(['orderNumber']);
    expect(unknownPlaceholders('{{windowStart}}{{link}}', EVENT_TYPES.cutoverChanged)).toEqual([]);
  });

  it('every default template uses only the placeholders its event fills', () => {
    for (const r of DEFAULT_RULES) {
      expect([r.key, unknownPlaceholders(r.titleTemplate + r.bodyTemplate, r.eventType)]).toEqual([r.key, []]);
    }
  });
});

describe('default rules', () => {
  it('keys are unique and every event type has a shape', () => {
    expect(new Set(DEFAULT_RULES.map((r) => r.key)).size).toBe(DEFAULT_RULES.length);
    for (const r of DEFAULT_RULES) expect(eventShape(r.eventType)).toBeDefined();
  });

  it('(a) crisis grade A: a warning SMS to every leader on the escalation list, e-mail and inbox to the customer manager, urgent', () => {
    const fired = fire(EVENT_TYPES.ticketEscalated, escalated(['supervisor', 'customer_manager', 'warning_sms']));
    expect(fired.map((f) => f.key)).toEqual(['crisis-a-escalated']);
    const [crisis] = fired;
    expect(crisis.recipients).toEqual(['escalation_list:sms', 'customer_manager:email+inbox']);
    expect(crisis.narrowing).toBeUndefined();
    expect(crisis.urgent).toBe(true);
    expect(crisis.audience).toBe('staff');
    expect(crisis.title).toBe('【A级危机】GZ20261102-0001 某银行广州分行');
    expect(crisis.body).toBe('A级危机：某银行广州分行电路GZ-MSTP-001故障，视频会议中断。工单GZ20261102-0001已升级至主管（重要视频会议中断），预计恢复时间2026-11-02 14:30。');
    expect(crisis.subject).toEqual({ subjectType: 'ticket', subjectId: TICKET, subjectNumber: 'GZ20261102-0001', link: `/api/v1/faults/${TICKET}` });
  });

  it('(b) other escalations: whom `notify` names, the leaders by their rung of the escalation list', () => {
    const [supervisor] = fire(EVENT_TYPES.ticketEscalated, escalated(['supervisor', 'customer_manager']));
    expect(supervisor.key).toBe('ticket-escalated');
    expect(supervisor.recipients).toEqual(['customer_manager:inbox+email', 'escalation_list:sms']);
    expect([1, 2, 3, 4].map(supervisor.narrowing!.escalationLevels)).toEqual([true, false, false, false]);
    expect(supervisor.body).toBe('工单GZ20261102-0001（某银行广州分行，电路GZ-MSTP-001）已升级至主管：重要视频会议中断。故障现象：视频会议中断；预计恢复时间2026-11-02 14:30。');
    expect(supervisor.urgent).toBe(false);

    const [company] = fire(EVENT_TYPES.ticketEscalated, escalated(['supervisor', 'department_leaders', 'company_leaders', 'customer_manager', 'customer_engineer'], 'company'));
    expect(company.recipients).toEqual(['customer_manager:inbox+email', 'customer_engineer:inbox', 'escalation_list:sms']);
    expect([1, 2, 3, 4].map(company.narrowing!.escalationLevels)).toEqual([true, true, true, true]);
    expect(company.title).toBe('【故障升级】GZ20261102-0001 某银行广州分行');
  });

  it('(b) the mapping of `notify` to recipient kinds', () => {
    const n = escalationNarrowing(['department_leaders', 'all_specialties']);
    expect(n.kinds).toEqual(['escalation_list']);
    expect([1, 2, 3].map(n.escalationLevels)).toEqual([false, true, false]);
    expect(reaches(n, 'customer_manager')).toBe(false);
    expect(reaches(n, 'role')).toBe(true);
  });

  it('(b) an escalation without an expected restoration time renders it as nothing', () => {
    const [e] = fire(EVENT_TYPES.ticketEscalated, { ...escalated(['supervisor', 'customer_manager']), expectedRestorationAt: undefined });
    expect(e.body.endsWith('预计恢复时间。')).toBe(true);
  });

  it('(c) a major fault: e-mail and inbox to the customer manager, inbox to the NOC', () => {
    const data: TicketMajorReportedData = { ticketId: TICKET, number: 'GZ20261102-0001', customerId: CUSTOMER, majorClass: 2, reason: '总部业务中断', recipients: ['province', 'group'], at: '2026-11-02T02:10:00Z' };
    const [major] = fire(EVENT_TYPES.majorReported, data);
    expect(major.key).toBe('major-fault-reported');
    expect(major.recipients).toEqual(['customer_manager:email+inbox', 'role(noc):inbox']);
    expect(major.body).toBe('工单GZ20261102-0001（某银行广州分行，电路GZ-MSTP-001）为第2类重大故障，已上报省公司、集团：总部业务中断。故障现象：视频会议中断。');
  });

  const changed = (over: Partial<TicketChangedData>): TicketChangedData => ({
    ticketId: TICKET,
    number: 'GZ20261102-0001',
    customerId: CUSTOMER,
    status: 'dispatched',
    action: 'dispatch',
    at: '2026-11-02T02:05:00Z',
    ...over,
  });

  it('(d) a dispatch: inbox and SMS to the handling-unit users of each leg’s unit', () => {
    const data = changed({
      dispatchedLegs: [
        { legId: '1b0f8f5e-3a8e-4a43-9d0c-6f0e8a1b2c3d', unit: '广州分公司', segment: 'a_access' },
        { legId: '2b0f8f5e-3a8e-4a43-9d0c-6f0e8a1b2c3d', unit: '北京分公司', segment: 'z_access' },
      ],
    });
    const [dispatch] = fire(EVENT_TYPES.ticketChanged, data);
    expect(dispatch.key).toBe('ticket-dispatched');
    expect(dispatch.recipients).toEqual(['unit(handling_unit):inbox+sms']);
    expect(eventShape(EVENT_TYPES.ticketChanged)!.people!(data)).toEqual({ units: ['广州分公司', '北京分公司'] });
    expect(dispatch.body).toBe('工单GZ20261102-0001已派单：广州分公司（A端接入）、北京分公司（Z端接入）。某银行广州分行电路GZ-MSTP-001，视频会议中断。请及时接单确认。');
    expect(fire(EVENT_TYPES.ticketChanged, changed({ action: 'accept-leg' }))).toEqual([]);
  });

  it('(e) a feedback clock’s warning: the NOC is reminded by when to give it', () => {
    const warned: ClockWarnedData = {
      clockId: '3b0f8f5e-3a8e-4a43-9d0c-6f0e8a1b2c3d',
      subjectType: 'ticket',
      subjectId: TICKET,
      customerId: CUSTOMER,
      kind: 'first-feedback',
      basis: 'wall',
      limitMs: 30 * 60_000,
      dueAt: '2026-11-02T02:30:00Z',
      warningIndex: 0,
      warnBeforeMs: 5 * 60_000,
      warnAt: '2026-11-02T02:25:00Z',
    };
    const [reminder] = fire(EVENT_TYPES.faultClockWarned, warned);
    expect(reminder.key).toBe('feedback-reminder');
    expect(reminder.recipients).toEqual(['role(noc):inbox']);
    expect(reminder.title).toBe('【反馈提醒】GZ20261102-0001');
    expect(reminder.body).toBe('工单GZ20261102-0001需在10:30前向客户反馈（某银行广州分行，电路GZ-MSTP-001，视频会议中断）。');
    expect(fire(EVENT_TYPES.faultClockWarned, { ...warned, kind: 'feedback' })).toHaveLength(1);
    expect(fire(EVENT_TYPES.faultClockWarned, { ...warned, kind: 'resolution' })).toEqual([]);
  });

  it('(f) feedback sent by SMS: the content to the contact’s phone, for the customer, urgent', () => {
    const data: FeedbackGivenData = {
      ticketId: TICKET,
      number: 'GZ20261102-0001',
      customerId: CUSTOMER,
      content: '故障已定位在A端接入段，正在抢修，预计14:30恢复。',
      customerContact: '张工',
      channel: 'sms',
      sendSms: true,
      phone: '13800000000',
      by: 'noc-1',
      at: '2026-11-02T02:20:00Z',
    };
    const [sms] = fire(EVENT_TYPES.feedbackGiven, data);
    expect(sms.key).toBe('feedback-sms');
    expect(sms.recipients).toEqual(['feedback_contact:sms']);
    expect(sms.audience).toBe('customer');
    expect(sms.urgent).toBe(true);
    expect(sms.body).toBe('【工单GZ20261102-0001】故障已定位在A端接入段，正在抢修，预计14:30恢复。');
    expect(eventShape(EVENT_TYPES.feedbackGiven)!.people!(data)).toEqual({ feedbackContact: { name: '张工', phone: '13800000000' } });
    expect(fire(EVENT_TYPES.feedbackGiven, { ...data, sendSms: false })).toEqual([]);
  });

  it('(g) a provisioning warning: inbox and e-mail to the order’s three managers', () => {
    const data: OrderChangedData = {
      orderId: '4b0f8f5e-3a8e-4a43-9d0c-6f0e8a1b2c3d',
      number: 'DD20261102-0001',
      customerId: CUSTOMER,
      step: 'construction',
      action: 'warn',
      at: '2026-11-02T02:00:00Z',
      notify: ['王经理', '李经理', '赵工'],
      requiredBy: '2026-12-31',
      dueAt: '2026-12-31T10:00:00Z',
    };
    const [warning] = fire(EVENT_TYPES.orderChanged, data);
    expect(warning.key).toBe('order-warning');
    expect(warning.recipients).toEqual(['order_customer_manager:inbox+email', 'order_business_manager:inbox+email', 'order_network_support_manager:inbox+email']);
    expect(warning.body).toBe('定单DD20261102-0001（某银行广州分行）预计无法按期完成，处理单位已预警。要求完成日期2026-12-31（2026-12-31 18:00）。');
    expect(warning.subject).toMatchObject({ subjectType: 'order', subjectNumber: 'DD20261102-0001' });
    expect(fire(EVENT_TYPES.orderChanged, { ...data, action: 'survey' })).toEqual([]);
  });

  it('(h) a cutover notice: contacts by SMS and e-mail, the customer’s users in the inbox, with the link to answer', () => {
    const cutoverId = '5b0f8f5e-3a8e-4a43-9d0c-6f0e8a1b2c3d';
    const data: CutoverChangedData = {
      cutoverId,
      status: 'awaiting-answers',
      round: 1,
      action: 'create',
      by: 'noc-1',
      at: '2026-11-02T02:00:00Z',
      customerIds: [CUSTOMER],
      windowStart: '2026-11-10T16:00:00Z',
      windowEnd: '2026-11-10T20:00:00Z',
    };
    const [notice] = fire(EVENT_TYPES.cutoverChanged, data);
    expect(notice.key).toBe('cutover-notice');
    expect(notice.audience).toBe('customer');
    expect(notice.recipients).toEqual(['customer_contacts:sms+email', 'customer_users:inbox']);
    expect(notice.body).toBe(`尊敬的某银行广州分行：我方计划于2026-11-11 00:00至2026-11-11 04:00进行割接，可能影响贵单位电路。请登录平台查看并回复是否同意：/api/v1/cutovers/${cutoverId}`);
    expect(notice.subject).toEqual({ subjectType: 'cutover', subjectId: cutoverId, link: `/api/v1/cutovers/${cutoverId}` });
    expect(fire(EVENT_TYPES.cutoverChanged, { ...data, action: 'reschedule', round: 2 })).toHaveLength(1);
    expect(fire(EVENT_TYPES.cutoverChanged, { ...data, action: 'answer-agree' })).toEqual([]);
  });

  it('(i) opened, restored and closed tickets: the customer’s own users, with the cause the customer was told', () => {
    const opened: TicketOpenedData = {
      ticketId: TICKET,
      number: 'GZ20261102-0001',
      customerId: CUSTOMER,
      circuitId: '7b0f8f5e-3a8e-4a43-9d0c-6f0e8a1b2c3d',
      serviceType: 'mstp',
      channel: 'hotline',
      faultAt: '2026-11-02T01:50:00Z',
      reportedAt: '2026-11-02T02:00:00Z',
      openedAt: '2026-11-02T02:00:00Z',
      circuitCode: 'GZ-MSTP-001',
      symptom: '视频会议中断',
      customerView: { status: 'open', action: 'intake', at: '2026-11-02T02:00:00Z' },
    };
    const [open] = fire(EVENT_TYPES.ticketOpened, opened, { customer: known.customer });
    expect(open).toMatchObject({ key: 'ticket-opened-customer', audience: 'customer', recipients: ['customer_users:inbox'] });
    expect(open.body).toBe('您的故障已受理，工单号GZ20261102-0001，电路GZ-MSTP-001，视频会议中断。我们将尽快处理并及时反馈。');

    const restored = changed({
      status: 'restored',
      action: 'restore',
      causeDescription: '光模块老化（真实原因）',
      customerView: { status: 'restored', action: 'restore', at: '2026-11-02T04:00:00Z', restoredAt: '2026-11-02T04:00:00Z', causeDescription: '线路故障' },
    });
    const [back] = fire(EVENT_TYPES.ticketChanged, restored);
    expect(back).toMatchObject({ key: 'ticket-restored-customer', audience: 'customer', recipients: ['customer_users:inbox'] });
    expect(back.body).toBe('工单GZ20261102-0001（电路GZ-MSTP-001）业务已于2026-11-02 12:00恢复。原因：线路故障。请确认业务是否正常。');
    expect(back.body).not.toContain('光模块');

    const closed = changed({ status: 'closed', action: 'close', customerView: { status: 'closed', action: 'close', at: '2026-11-02T05:00:00Z', closedAt: '2026-11-02T05:00:00Z' } });
    const [done] = fire(EVENT_TYPES.ticketChanged, closed);
    expect(done.key).toBe('ticket-closed-customer');
    expect(done.body).toBe('工单GZ20261102-0001（电路GZ-MSTP-001）已于2026-11-02 13:00结单。原因：。感谢您的配合。');
    // An internal action carries no customer part: the customer is told nothing.
    expect(fire(EVENT_TYPES.ticketChanged, changed({ action: 'escalate', status: 'dispatched' }))).toEqual([]);
  });
});

describe('overrides', () => {
  it('replace only what the admin set', () => {
    const base = DEFAULT_RULES.find((r) => r.key === 'order-warning')!;
    const changedRule: NotificationRule = withOverride(base, { bodyTemplate: '定单{{number}}预警', enabled: false });
    expect(changedRule).toMatchObject({ bodyTemplate: '定单{{number}}预警', enabled: false, titleTemplate: base.titleTemplate, recipients: base.recipients });
    expect(changedRule.applies).toBe(base.applies);
  });
});
