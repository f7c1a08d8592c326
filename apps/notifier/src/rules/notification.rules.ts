import {
  Audience,
  ClockWarnedData,
  CutoverChangedData,
  FeedbackGivenData,
  OrderChangedData,
  RecipientKind,
  RecipientSpec,
  TicketChangedData,
  TicketEscalatedData,
  TicketMajorReportedData,
  TicketOpenedData,
} from '@app/shared';
import { EVENT_TYPES, placeholdersOf, Vars } from './rule-events';

/**
 * Who is told what (issue #14): each event of the platform, narrowed by a condition, goes to recipients on channels
 * with a Chinese template. The defaults below are in force until an admin overrides a rule's recipients, templates,
 * urgency or enabled flag; the condition, the audience and the event's placeholders stay in code.
 */

/**
 * Escalations name whom they inform (TicketEscalatedData.notify); the recipients a rule lists are narrowed to them.
 * `kinds`: the recipient kinds this event names (other kinds pass: an admin who adds one wants it); `escalationLevels`:
 * the rungs of the escalation list it reaches.
 */
export interface RecipientNarrowing {
  kinds: RecipientKind[];
  escalationLevels: (level: number) => boolean;
}

/** The feedback clocks of a ticket (apps/fault ticket-clocks.rules: first feedback in 30 min, then every 2 h). */
export const FEEDBACK_CLOCK_KINDS: readonly string[] = ['first-feedback', 'feedback'];

/** A rule as the code defines it; an admin's override replaces the configurable part. */
export interface NotificationRule {
  key: string;
  eventType: string;
  description: string;
  recipients: RecipientSpec[];
  titleTemplate: string;
  bodyTemplate: string;
  urgent: boolean;
  enabled: boolean;
  /** The customer's people ('customer': its contacts, its portal users) or the operator's staff. */
  audience: Audience;
  applies: (data: object) => boolean;
  narrow?: (data: object) => RecipientNarrowing;
}

function rule<T extends object>(r: Omit<NotificationRule, 'applies' | 'narrow'> & { applies: (d: T) => boolean; narrow?: (d: T) => RecipientNarrowing }): NotificationRule {
  return r as NotificationRule;
}

/**
 * The escalation's `notify` (apps/fault escalation.rules notifyFor) as recipients: the customer manager and the
 * customer engineer are the users the customer record names; the internal chain's leaders are the rungs of the
 * customer's escalation list (升级列表) — supervisor = level 1, department leaders = level 2, company leaders =
 * level 3 and above. `all_specialties` (joint handling) and `warning_sms` name no one in the directory.
 */
export function escalationNarrowing(notify: string[]): RecipientNarrowing {
  const kinds: RecipientKind[] = [];
  if (notify.includes('customer_manager')) kinds.push('customer_manager');
  if (notify.includes('customer_engineer')) kinds.push('customer_engineer');
  const levels = { supervisor: notify.includes('supervisor'), department: notify.includes('department_leaders'), company: notify.includes('company_leaders') };
  if (levels.supervisor || levels.department || levels.company) kinds.push('escalation_list');
  return {
    kinds,
    escalationLevels: (level) => (level === 1 && levels.supervisor) || (level === 2 && levels.department) || (level >= 3 && levels.company),
  };
}

const NARROWED_KINDS: readonly RecipientKind[] = ['customer_manager', 'customer_engineer', 'escalation_list'];

/** Whether a recipient kind of a rule is reached by this event (kinds escalations do not govern always are). */
export function reaches(narrowing: RecipientNarrowing | undefined, kind: RecipientKind): boolean {
  return !narrowing || !NARROWED_KINDS.includes(kind) || narrowing.kinds.includes(kind);
}

const isCrisisA = (d: TicketEscalatedData) => d.notify.includes('warning_sms');
const to = (kind: RecipientKind, channels: RecipientSpec['channels'], role?: RecipientSpec['role']): RecipientSpec => ({ kind, channels, ...(role ? { role } : {}) });

export const DEFAULT_RULES: readonly NotificationRule[] = [
  rule<TicketEscalatedData>({
    key: 'crisis-a-escalated',
    eventType: EVENT_TYPES.ticketEscalated,
    description: 'A级危机（升级通知含预警短信 warning_sms）：向客户升级列表上的全部领导发预警短信，邮件和站内信告知客户经理',
    recipients: [to('escalation_list', ['sms']), to('customer_manager', ['email', 'inbox'])],
    titleTemplate: '【A级危机】{{number}} {{customer}}',
    bodyTemplate: 'A级危机：{{customer}}电路{{circuit}}故障，{{symptom}}。工单{{number}}已升级至{{level}}（{{reason}}），预计恢复时间{{expectedAt}}。',
    urgent: true,
    enabled: true,
    audience: 'staff',
    applies: isCrisisA,
  }),
  rule<TicketEscalatedData>({
    key: 'ticket-escalated',
    eventType: EVENT_TYPES.ticketEscalated,
    description:
      '其他故障升级：告知升级通知所列的人——客户经理（站内信、邮件）、客户工程师（站内信）、升级列表上对应级别的领导（短信：主管=第1级，部门领导=第2级，公司领导=第3级及以上）',
    recipients: [to('customer_manager', ['inbox', 'email']), to('customer_engineer', ['inbox']), to('escalation_list', ['sms'])],
    titleTemplate: '【故障升级】{{number}} {{customer}}',
    bodyTemplate: '工单{{number}}（{{customer}}，电路{{circuit}}）已升级至{{level}}：{{reason}}。故障现象：{{symptom}}；预计恢复时间{{expectedAt}}。',
    urgent: false,
    enabled: true,
    audience: 'staff',
    applies: (d) => !isCrisisA(d),
    narrow: (d) => escalationNarrowing(d.notify),
  }),
  rule<TicketMajorReportedData>({
    key: 'major-fault-reported',
    eventType: EVENT_TYPES.majorReported,
    description: '重大故障上报省公司和集团：邮件和站内信告知客户经理，站内信告知NOC值班台',
    recipients: [to('customer_manager', ['email', 'inbox']), to('role', ['inbox'], 'noc')],
    titleTemplate: '【重大故障】{{number}} {{customer}}',
    bodyTemplate: '工单{{number}}（{{customer}}，电路{{circuit}}）为{{majorClass}}重大故障，已上报{{reportedTo}}：{{reason}}。故障现象：{{symptom}}。',
    urgent: true,
    enabled: true,
    audience: 'staff',
    applies: () => true,
  }),
  rule<TicketChangedData>({
    key: 'ticket-dispatched',
    eventType: EVENT_TYPES.ticketChanged,
    description: '派单：站内信和短信告知每个派单分支所属处理单位的处理工位用户',
    recipients: [to('unit', ['inbox', 'sms'], 'handling_unit')],
    titleTemplate: '【派单】{{number}} {{customer}}',
    bodyTemplate: '工单{{number}}已派单：{{segments}}。{{customer}}电路{{circuit}}，{{symptom}}。请及时接单确认。',
    urgent: false,
    enabled: true,
    audience: 'staff',
    applies: (d) => (d.dispatchedLegs ?? []).length > 0,
  }),
  rule<ClockWarnedData>({
    key: 'feedback-reminder',
    eventType: EVENT_TYPES.faultClockWarned,
    description: '客户反馈时限将到（首次反馈或定时反馈时钟预警）：站内信提醒NOC值班台',
    recipients: [to('role', ['inbox'], 'noc')],
    titleTemplate: '【反馈提醒】{{number}}',
    bodyTemplate: '工单{{number}}需在{{dueTime}}前向客户反馈（{{customer}}，电路{{circuit}}，{{symptom}}）。',
    urgent: false,
    enabled: true,
    audience: 'staff',
    applies: (d) => d.subjectType === 'ticket' && FEEDBACK_CLOCK_KINDS.includes(d.kind),
  }),
  rule<FeedbackGivenData>({
    key: 'feedback-sms',
    eventType: EVENT_TYPES.feedbackGiven,
    description: '向客户反馈并选择短信发送：把反馈内容以短信发给客户联系人（由值班人员当场发出，故为紧急）',
    recipients: [to('feedback_contact', ['sms'])],
    titleTemplate: '工单{{number}}处理进展',
    bodyTemplate: '【工单{{number}}】{{content}}',
    urgent: true,
    enabled: true,
    audience: 'customer',
    applies: (d) => d.sendSms && !!d.phone,
  }),
  rule<OrderChangedData>({
    key: 'order-warning',
    eventType: EVENT_TYPES.orderChanged,
    description: '开通预警（处理单位预警 warn）：站内信和邮件告知定单的客户经理、商务经理和网络支撑经理',
    recipients: [
      to('order_customer_manager', ['inbox', 'email']),
      to('order_business_manager', ['inbox', 'email']),
      to('order_network_support_manager', ['inbox', 'email']),
    ],
    titleTemplate: '【开通预警】定单{{number}} {{customer}}',
    bodyTemplate: '定单{{number}}（{{customer}}）预计无法按期完成，处理单位已预警。要求完成日期{{requiredBy}}（{{dueAt}}）。',
    urgent: false,
    enabled: true,
    audience: 'staff',
    applies: (d) => d.action === 'warn',
  }),
  rule<CutoverChangedData>({
    key: 'cutover-notice',
    eventType: EVENT_TYPES.cutoverChanged,
    description: '割接通知发出（新建或改期）：短信和邮件通知每个受影响客户的联系人，站内信通知其平台用户，请其在平台上回复',
    recipients: [to('customer_contacts', ['sms', 'email']), to('customer_users', ['inbox'])],
    titleTemplate: '【割接通知】{{customer}}',
    bodyTemplate: '尊敬的{{customer}}：我方计划于{{windowStart}}至{{windowEnd}}进行割接，可能影响贵单位电路。请登录平台查看并回复是否同意：{{link}}',
    urgent: false,
    enabled: true,
    audience: 'customer',
    applies: (d) => d.action === 'create' || d.action === 'reschedule',
  }),
  rule<TicketOpenedData>({
    key: 'ticket-opened-customer',
    eventType: EVENT_TYPES.ticketOpened,
    description: '故障受理：站内信告知客户自己的平台用户',
    recipients: [to('customer_users', ['inbox'])],
    titleTemplate: '【故障受理】{{number}}',
    bodyTemplate: '您的故障已受理，工单号{{number}}，电路{{circuit}}，{{symptom}}。我们将尽快处理并及时反馈。',
    urgent: false,
    enabled: true,
    audience: 'customer',
    applies: () => true,
  }),
  rule<TicketChangedData>({
    key: 'ticket-restored-customer',
    eventType: EVENT_TYPES.ticketChanged,
    description: '业务恢复：站内信告知客户自己的平台用户（只含客户可见的内容与答复客户的原因）',
    recipients: [to('customer_users', ['inbox'])],
    titleTemplate: '【业务恢复】{{number}}',
    bodyTemplate: '工单{{number}}（电路{{circuit}}）业务已于{{restoredAt}}恢复。原因：{{cause}}。请确认业务是否正常。',
    urgent: false,
    enabled: true,
    audience: 'customer',
    applies: (d) => d.customerView?.action === 'restore',
  }),
  rule<TicketChangedData>({
    key: 'ticket-closed-customer',
    eventType: EVENT_TYPES.ticketChanged,
    description: '结单：站内信告知客户自己的平台用户（只含客户可见的内容与答复客户的原因）',
    recipients: [to('customer_users', ['inbox'])],
    titleTemplate: '【结单】{{number}}',
    bodyTemplate: '工单{{number}}（电路{{circuit}}）已于{{closedAt}}结单。原因：{{cause}}。感谢您的配合。',
    urgent: false,
    enabled: true,
    audience: 'customer',
    applies: (d) => d.customerView?.action === 'close',
  }),
];

export function defaultRule(key: string): NotificationRule | undefined {
  return DEFAULT_RULES.find((r) => r.key === key);
}

/** The rules whose condition this event meets (conditions are code: an override never changes them). */
export function rulesMeeting(eventType: string, data: object): NotificationRule[] {
  return DEFAULT_RULES.filter((r) => r.eventType === eventType && r.applies(data));
}

/** What an admin may change of a rule. */
export interface RuleOverride {
  recipients?: RecipientSpec[];
  titleTemplate?: string;
  bodyTemplate?: string;
  urgent?: boolean;
  enabled?: boolean;
}

export function withOverride(rule: NotificationRule, o: RuleOverride | undefined): NotificationRule {
  if (!o) return rule;
  return {
    ...rule,
    ...(o.recipients ? { recipients: o.recipients } : {}),
    ...(o.titleTemplate !== undefined ? { titleTemplate: o.titleTemplate } : {}),
    ...(o.bodyTemplate !== undefined ? { bodyTemplate: o.bodyTemplate } : {}),
    ...(o.urgent !== undefined ? { urgent: o.urgent } : {}),
    ...(o.enabled !== undefined ? { enabled: o.enabled } : {}),
  };
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** Fills `{{name}}` from the variables; a value the event did not give renders as nothing, never 'undefined'. */
export function render(template: string, vars: Vars): string {
  return template.replace(PLACEHOLDER, (_, name: string) => (Object.hasOwn(vars, name) ? (vars[name] ?? '') : ''));
}

/** The placeholders of a template its event does not fill. */
export function unknownPlaceholders(template: string, eventType: string): string[] {
  const known = placeholdersOf(eventType);
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))].filter((p) => !known.includes(p));
}
