import {
  clockEvents,
  ClockWarnedData,
  CutoverChangedData,
  CutoverEvents,
  FaultEvents,
  FeedbackGivenData,
  NotificationSubject,
  OrderChangedData,
  OrderEvents,
  TicketChangedData,
  TicketEscalatedData,
  TicketMajorReportedData,
  TicketOpenedData,
} from '@app/shared';

/**
 * The events the notification rules react to, as the rules see them: the customers each concerns, the placeholders
 * it fills (from the event and the directory's copies of the customer, ticket and order), and the timeline its
 * messages belong on.
 */

export const EVENT_TYPES = {
  ticketOpened: FaultEvents.ticketOpened.type,
  ticketChanged: FaultEvents.ticketChanged.type,
  ticketEscalated: FaultEvents.ticketEscalated.type,
  majorReported: FaultEvents.ticketMajorReported.type,
  feedbackGiven: FaultEvents.feedbackGiven.type,
  faultClockWarned: clockEvents('fault').warned.type,
  orderChanged: OrderEvents.changed.type,
  cutoverChanged: CutoverEvents.changed.type,
} as const;

/** What the directory knows that an event does not carry: the customer's name, the ticket's circuit and symptom. */
export interface KnownFacts {
  customer?: { name: string; code: string };
  ticket?: { number: string; circuitCode: string | null; symptom: string | null; status: string | null };
  order?: { number: string };
}

export type Vars = Record<string, string | undefined>;

/** Where the deliveries of an event show: the ticket's, order's or cutover's timeline. */
export interface RuleSubject {
  subjectType: NotificationSubject;
  subjectId?: string;
  subjectNumber?: string;
  link?: string;
}


/** What an event type gives its rules: the customers it concerns, the placeholders, the timeline it belongs on. */
interface EventShape<T> {
  placeholders: readonly string[];
  /** The customers the event concerns: one message set each (a cutover affects several). */
  customers: (d: T) => string[];
  /** The ticket or order whose directory record fills the placeholders, if any. */
  ticketId?: (d: T) => string | undefined;
  orderId?: (d: T) => string | undefined;
  vars: (d: T, known: KnownFacts) => Vars;
  subject: (d: T, known: KnownFacts) => RuleSubject;
  /** The people the event itself names: the units of a dispatch, the contact a feedback goes to. */
  people?: (d: T) => EventPeople;
}

export interface EventPeople {
  units?: string[];
  feedbackContact?: { name: string; phone: string };
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** A UTC instant as Asia/Shanghai local time (UTC+8 all year), `2026-11-02 10:30`. */
export function shanghaiDateTime(iso: string | Date | undefined | null): string {
  if (!iso) return '';
  const local = new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

/** The local time of day only, `10:30`. */
export function shanghaiTime(iso: string | Date | undefined | null): string {
  return shanghaiDateTime(iso).slice(11);
}

const STATUS_LABELS: Record<string, string> = {
  open: '已受理',
  dispatched: '处理中',
  suspended: '已挂起',
  restored: '已恢复',
  closed: '已结单',
  cancelled: '已撤销',
};
const LEVEL_LABELS: Record<string, string> = { supervisor: '主管', department: '部门领导', company: '公司领导', 'joint-handling': '多专业联合处理' };
const SEGMENT_LABELS: Record<string, string> = { a_access: 'A端接入', z_access: 'Z端接入', backbone: '骨干', machine_room: '机房', customer_premises: '客户侧' };
const REPORTED_TO_LABELS: Record<string, string> = { province: '省公司', group: '集团' };

const statusLabel = (s: string | null | undefined) => (s ? (STATUS_LABELS[s] ?? s) : undefined);

const TICKET_PLACEHOLDERS = ['number', 'customer', 'customerCode', 'circuit', 'symptom', 'status', 'at'] as const;

/** The placeholders every ticket event fills, from the event and the directory's copy of the ticket and customer. */
function ticketVars(d: { number: string; at?: string }, known: KnownFacts, own: { circuitCode?: string; symptom?: string; status?: string } = {}): Vars {
  return {
    number: d.number,
    customer: known.customer?.name,
    customerCode: known.customer?.code,
    circuit: own.circuitCode ?? known.ticket?.circuitCode ?? undefined,
    symptom: own.symptom ?? known.ticket?.symptom ?? undefined,
    status: statusLabel(own.status ?? known.ticket?.status),
    at: shanghaiDateTime(d.at),
  };
}

const ticketSubject = (d: { ticketId: string; number: string }): RuleSubject => ({
  subjectType: 'ticket',
  subjectId: d.ticketId,
  subjectNumber: d.number,
  link: `/api/v1/faults/${d.ticketId}`,
});

const EVENT_SHAPES = {
  [EVENT_TYPES.ticketEscalated]: {
    placeholders: [...TICKET_PLACEHOLDERS, 'level', 'reason', 'expectedAt'],
    customers: (d) => [d.customerId],
    ticketId: (d) => d.ticketId,
    vars: (d, known) => ({
      ...ticketVars(d, known, { symptom: d.symptom }),
      level: LEVEL_LABELS[d.level] ?? d.level,
      reason: d.reason,
      expectedAt: shanghaiDateTime(d.expectedRestorationAt),
    }),
    subject: ticketSubject,
  } satisfies EventShape<TicketEscalatedData>,
  [EVENT_TYPES.majorReported]: {
    placeholders: [...TICKET_PLACEHOLDERS, 'majorClass', 'reason', 'reportedTo'],
    customers: (d) => [d.customerId],
    ticketId: (d) => d.ticketId,
    vars: (d, known) => ({
      ...ticketVars(d, known),
      majorClass: d.majorClass ? `第${d.majorClass}类` : undefined,
      reason: d.reason,
      reportedTo: d.recipients.map((r) => REPORTED_TO_LABELS[r] ?? r).join('、'),
    }),
    subject: ticketSubject,
  } satisfies EventShape<TicketMajorReportedData>,
  [EVENT_TYPES.ticketOpened]: {
    placeholders: [...TICKET_PLACEHOLDERS, 'faultAt'],
    customers: (d) => [d.customerId],
    ticketId: (d) => d.ticketId,
    vars: (d, known) => ({
      ...ticketVars({ number: d.number, at: d.openedAt }, known, { circuitCode: d.circuitCode, symptom: d.symptom, status: d.customerView.status }),
      faultAt: shanghaiDateTime(d.faultAt),
    }),
    subject: ticketSubject,
  } satisfies EventShape<TicketOpenedData>,
  [EVENT_TYPES.ticketChanged]: {
    // `cause` is the cause the customer was told (the event's customerView part), never the true cause.
    placeholders: [...TICKET_PLACEHOLDERS, 'units', 'segments', 'restoredAt', 'closedAt', 'cause'],
    customers: (d) => [d.customerId],
    ticketId: (d) => d.ticketId,
    vars: (d, known) => ({
      ...ticketVars(d, known, { circuitCode: d.circuitCode, status: d.customerView?.status ?? d.status }),
      units: [...new Set((d.dispatchedLegs ?? []).map((l) => l.unit))].join('、'),
      segments: (d.dispatchedLegs ?? []).map((l) => `${l.unit}（${SEGMENT_LABELS[l.segment] ?? l.segment}）`).join('、'),
      restoredAt: shanghaiDateTime(d.customerView?.restoredAt),
      closedAt: shanghaiDateTime(d.customerView?.closedAt),
      cause: d.customerView?.causeDescription,
    }),
    subject: ticketSubject,
    people: (d) => ({ units: [...new Set((d.dispatchedLegs ?? []).map((l) => l.unit))] }),
  } satisfies EventShape<TicketChangedData>,
  [EVENT_TYPES.faultClockWarned]: {
    placeholders: [...TICKET_PLACEHOLDERS, 'dueAt', 'dueTime'],
    customers: (d) => (d.customerId ? [d.customerId] : []),
    ticketId: (d) => (d.subjectType === 'ticket' ? d.subjectId : undefined),
    vars: (d, known) => ({
      ...ticketVars({ number: known.ticket?.number ?? '', at: d.warnAt }, known),
      dueAt: shanghaiDateTime(d.dueAt),
      dueTime: shanghaiTime(d.dueAt),
    }),
    subject: (d, known) => ({
      subjectType: 'ticket',
      subjectId: d.subjectId,
      ...(known.ticket ? { subjectNumber: known.ticket.number } : {}),
      link: `/api/v1/faults/${d.subjectId}`,
    }),
  } satisfies EventShape<ClockWarnedData>,
  [EVENT_TYPES.feedbackGiven]: {
    placeholders: [...TICKET_PLACEHOLDERS, 'content', 'contact', 'nextFeedbackAt'],
    customers: (d) => [d.customerId],
    ticketId: (d) => d.ticketId,
    vars: (d, known) => ({
      ...ticketVars(d, known, { circuitCode: d.circuitCode }),
      content: d.content,
      contact: d.customerContact,
      nextFeedbackAt: shanghaiDateTime(d.nextFeedbackDueAt),
    }),
    subject: ticketSubject,
    people: (d) => (d.phone ? { feedbackContact: { name: d.customerContact, phone: d.phone } } : {}),
  } satisfies EventShape<FeedbackGivenData>,
  [EVENT_TYPES.orderChanged]: {
    placeholders: ['number', 'customer', 'customerCode', 'action', 'requiredBy', 'dueAt', 'at'],
    customers: (d) => [d.customerId],
    orderId: (d) => d.orderId,
    vars: (d, known) => ({
      number: d.number,
      customer: known.customer?.name,
      customerCode: known.customer?.code,
      action: d.action,
      requiredBy: d.requiredBy,
      dueAt: shanghaiDateTime(d.dueAt),
      at: shanghaiDateTime(d.at),
    }),
    subject: (d) => ({ subjectType: 'order', subjectId: d.orderId, subjectNumber: d.number, link: `/api/v1/orders/${d.orderId}` }),
  } satisfies EventShape<OrderChangedData>,
  [EVENT_TYPES.cutoverChanged]: {
    placeholders: ['customer', 'customerCode', 'windowStart', 'windowEnd', 'round', 'link', 'answerLink'],
    customers: (d) => d.customerIds,
    vars: (d, known) => ({
      customer: known.customer?.name,
      customerCode: known.customer?.code,
      windowStart: shanghaiDateTime(d.windowStart),
      windowEnd: shanghaiDateTime(d.windowEnd),
      round: String(d.round),
      link: `/api/v1/cutovers/${d.cutoverId}`,
      answerLink: `/api/v1/cutovers/${d.cutoverId}/answers`,
    }),
    subject: (d) => ({ subjectType: 'cutover', subjectId: d.cutoverId, link: `/api/v1/cutovers/${d.cutoverId}` }),
  } satisfies EventShape<CutoverChangedData>,
};

/** The event's description of itself for one customer it concerns: the variables and where the messages belong. */
export function eventShape(eventType: string): EventShape<object> | undefined {
  return (EVENT_SHAPES as Record<string, EventShape<object> | undefined>)[eventType];
}

/** The placeholders a template of a rule on this event may use. */
export function placeholdersOf(eventType: string): readonly string[] {
  return eventShape(eventType)?.placeholders ?? [];
}
