import { AppError, DAY, OrderStep, OrderType, ProvisioningSettings, ServiceType, TestType, WarningReason } from '@app/shared';

/*
 * The seven steps of §2 (售中七步法) as rules: which step each action belongs to, which clocks it starts, stops or
 * pauses with their limits and warning leads, what counts as a timely warning and as a violation, which test an
 * order needs, and when the time an action states is acceptable. No framework, no database.
 */

/** The limits of §2 and pre-sale: the provisioning settings (every one configurable, defaults DOMAIN.md's). */
export type OrderLimits = ProvisioningSettings;

/**
 * Working days counted the operators' way (DOMAIN.md, "Counting working days"): `withinWorkingDays` is the close of
 * business of the n-th working day after an event (its own day not counted); `workingDaysBefore` the start of
 * business of the n-th working day before a date (the date not counted).
 */
export interface WorkingDayCount {
  withinWorkingDays(eventAt: Date, n: number): { at: Date };
  workingDaysBefore(date: string, n: number): { at: Date };
}

export const CLOCK = {
  due: 'due',
  survey: 'survey',
  plan: 'plan',
  weekly: 'weekly-report',
  completionRecord: 'completion-record',
  handoverForm: 'handover-form',
} as const;

/** Each plan segment runs its own clock, named after it. */
export function segmentClock(name: string): string {
  return `segment:${name}`;
}

/** How a clock's deadline is set: n working days after the action, hours after it, or the end of a working day. */
export type ClockLimit = { workingDays: number } | { hours: number } | { endOfDay: string };

export interface ClockStart {
  kind: string;
  limit: ClockLimit;
  /** Warn this many working days before the date of an end-of-day limit (the warning pool). */
  warnWorkingDaysBefore?: number[];
}

export interface ClockChanges {
  start: ClockStart[];
  stop: string[];
}

export interface OrderFacts {
  requiredBy: string;
  urgent: boolean;
  progressReportsRequired: boolean;
  crossDomain: boolean;
  reportEveryHours: number | null;
  segments: Array<{ name: string; to: string; completedAt?: string }>;
}

/** The step each action belongs to and the step it leads to. */
const TRANSITIONS = {
  approve: { from: 'review', to: 'survey' },
  return: { from: 'review', to: 'returned' },
  survey: { from: 'survey', to: 'plan' },
  plan: { from: 'plan', to: 'construction' },
  progress: { from: 'construction', to: 'construction' },
  'construction-done': { from: 'construction', to: 'testing' },
  'segment-complete': { from: 'testing', to: 'testing' },
  'whole-route': { from: 'testing', to: 'completion' },
  'record-completion': { from: 'completion', to: 'handover' },
  handover: { from: 'handover', to: 'done' },
} as const satisfies Record<string, { from: OrderStep; to: OrderStep }>;

export type OrderAction = keyof typeof TRANSITIONS;

const ORDER: OrderStep[] = ['review', 'survey', 'plan', 'construction', 'testing', 'completion', 'handover', 'done'];

/** Steps strictly in order: anything else is refused with a code that says which step the order is at. */
export function nextStep(action: OrderAction, step: OrderStep): OrderStep {
  const t = TRANSITIONS[action];
  if (t.from === step) return t.to;
  if (action === 'handover' && ORDER.indexOf(step) < ORDER.indexOf('completion')) {
    throw new AppError('WHOLE_ROUTE_NOT_COMPLETED', 'A handover needs the whole-route completion reported with its test report first', { step });
  }
  throw new AppError('STEP_OUT_OF_ORDER', `The order is at step ${step}; ${action} belongs to step ${t.from}`, { action, step, expected: t.from });
}

export function isOpenStep(step: OrderStep): boolean {
  return step !== 'done' && step !== 'returned';
}

/** Weekly (7 days), or for an urgent order as often as the customer asked. */
function reportCadence(o: OrderFacts, limits: OrderLimits): ClockLimit {
  return { hours: o.urgent && o.reportEveryHours ? o.reportEveryHours : limits.weeklyReportDays * 24 };
}

/**
 * The due clock runs to the end of the working day of the required date. An order without progress reports is put
 * into the warning pool `warningPoolWorkingDays` before it (the clock's warning), unless it is already inside that
 * lead when created, when it enters at once (the urgent order with fewer than 10 working days, §2 step 5).
 */
function dueClock(o: OrderFacts, limits: OrderLimits, poolAtOnce: boolean): ClockStart {
  const pool = !o.progressReportsRequired && !poolAtOnce;
  return { kind: CLOCK.due, limit: { endOfDay: o.requiredBy }, ...(pool ? { warnWorkingDaysBefore: [limits.warningPoolWorkingDays] } : {}) };
}

/** Which clocks each action starts and stops (none is paused in provisioning). */
export function clockChanges(
  action: OrderAction | 'create' | 'extend',
  o: OrderFacts,
  limits: OrderLimits,
  ctx: { segment?: string; poolAtOnce?: boolean } = {},
): ClockChanges {
  switch (action) {
    case 'create':
      return { start: [dueClock(o, limits, ctx.poolAtOnce ?? false)], stop: [] };
    case 'extend':
      return { start: [dueClock(o, limits, ctx.poolAtOnce ?? false)], stop: [CLOCK.due] };
    case 'return':
      return { start: [], stop: [CLOCK.due] };
    case 'approve':
      return { start: [{ kind: CLOCK.survey, limit: { workingDays: limits.surveyWorkingDays } }], stop: [] };
    case 'survey':
      return { start: [{ kind: CLOCK.plan, limit: { workingDays: limits.planWorkingDays } }], stop: [CLOCK.survey] };
    case 'plan':
      return {
        start: [
          ...o.segments.map((s) => ({ kind: segmentClock(s.name), limit: { endOfDay: s.to } })),
          ...(o.progressReportsRequired ? [{ kind: CLOCK.weekly, limit: reportCadence(o, limits) }] : []),
        ],
        stop: [CLOCK.plan],
      };
    case 'progress':
      return { start: o.progressReportsRequired ? [{ kind: CLOCK.weekly, limit: reportCadence(o, limits) }] : [], stop: [CLOCK.weekly] };
    case 'construction-done':
      return { start: [], stop: [CLOCK.weekly] };
    case 'segment-complete':
      return { start: [], stop: ctx.segment ? [segmentClock(ctx.segment)] : [] };
    case 'whole-route':
      // The service starts at the whole-route completion: the due date is measured here, not at handover.
      return {
        start: o.crossDomain ? [{ kind: CLOCK.completionRecord, limit: { workingDays: limits.completionRecordWorkingDays } }] : [],
        stop: [CLOCK.due, CLOCK.weekly],
      };
    case 'record-completion':
      return {
        start: o.crossDomain ? [{ kind: CLOCK.handoverForm, limit: { workingDays: limits.handoverFormWorkingDays } }] : [],
        stop: [CLOCK.completionRecord],
      };
    case 'handover':
      return { start: [], stop: [CLOCK.handoverForm] };
  }
}

/** When the order enters the warning pool on its own, or null when it needs progress reports (and so never does). */
export function warningPoolEntry(o: OrderFacts, limits: OrderLimits, cal: WorkingDayCount): Date | null {
  if (o.progressReportsRequired) return null;
  return cal.workingDaysBefore(o.requiredBy, limits.warningPoolWorkingDays).at;
}

/** The start (00:00, Beijing) of the date `days` calendar days before `date`. */
export function calendarDaysBefore(date: string, days: number): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) - days * DAY);
}

/**
 * The latest moment a unit's own warning counts as timely: `unitWarningWorkingDays` working days before the date, or
 * for an urgent order `unitWarningUrgentDays` calendar days before it. The warning pool is not a warning.
 */
export function timelyWarningBy(o: Pick<OrderFacts, 'urgent' | 'requiredBy'>, limits: OrderLimits, cal: WorkingDayCount): Date {
  return o.urgent ? calendarDaysBefore(o.requiredBy, limits.unitWarningUrgentDays) : cal.workingDaysBefore(o.requiredBy, limits.unitWarningWorkingDays).at;
}

export function isTimelyWarning(warnedAt: Date, o: Pick<OrderFacts, 'urgent' | 'requiredBy'>, limits: OrderLimits, cal: WorkingDayCount): boolean {
  return warnedAt.getTime() <= timelyWarningBy(o, limits, cal).getTime();
}

/** The date is missed when the whole route is completed after the end of its working day (the due clock's breach says so while open). */
export function completedLate(o: { dueAt: Date }, wholeRouteCompletedAt: Date): boolean {
  return wholeRouteCompletedAt.getTime() > o.dueAt.getTime();
}

/** 到期未完成且未预警 (the 2011-04-15 case): a missed date is a violation unless a unit warned in time. */
export function missedDateIsViolation(o: { warnings: Array<{ timely: boolean }> }): boolean {
  return !o.warnings.some((w) => w.timely);
}

/**
 * §2 step 6: an end-to-end test is mandatory for A-end circuits, MSTP and orders to another carrier, and whenever the
 * order asks; otherwise a seamless test to the far-end exit.
 */
export function requiredTest(order: { aEndCircuit: boolean; serviceType: ServiceType; toAnotherCarrier: boolean; endToEndRequested: boolean }): TestType {
  return order.aEndCircuit || order.serviceType === 'mstp' || order.toAnotherCarrier || order.endToEndRequested ? 'end_to_end' : 'seamless';
}

/** Only a customer reason allows an extension (延期). */
export function assertExtensionAllowed(reason: WarningReason): void {
  if (reason !== 'customer') {
    throw new AppError('EXTENSION_REASON_NOT_ALLOWED', `Only a customer reason allows an extension, not ${reason}`, {
      fields: [{ field: 'reason', reason: 'must be customer' }],
    });
  }
}

/** What the handover does to the inventory: a new order creates the circuit, change and move update it, cease ceases it. */
export function handoverEffect(type: OrderType): 'create' | 'update' | 'cease' {
  if (type === 'new') return 'create';
  return type === 'cease' ? 'cease' : 'update';
}

/** Change, move and cease act on a live circuit of the order's customer, which must exist when the order is placed. */
export function needsExistingCircuit(type: OrderType): boolean {
  return type !== 'new';
}

/**
 * Each location reports its own segment complete; the leading bureau runs the whole-route test only once all have.
 * Returns the segments still open.
 */
export function openSegments(o: Pick<OrderFacts, 'segments'>): string[] {
  return o.segments.filter((s) => !s.completedAt).map((s) => s.name);
}

/** The plan's segments: distinct names, each period inside the order (from ≤ to ≤ required date). */
export function assertPlanSegments(segments: Array<{ name: string; from: string; to: string }>, requiredBy: string): void {
  const problems: Array<{ field: string; reason: string }> = [];
  const seen = new Set<string>();
  segments.forEach((s, i) => {
    if (seen.has(s.name)) problems.push({ field: `segments[${i}].name`, reason: `segment ${s.name} is named twice` });
    seen.add(s.name);
    if (s.from > s.to) problems.push({ field: `segments[${i}].to`, reason: `ends before it starts (${s.from})` });
    if (s.to > requiredBy) problems.push({ field: `segments[${i}].to`, reason: `after the order's required date ${requiredBy}` });
  });
  if (problems.length) throw new AppError('VALIDATION_FAILED', `The plan's segments: ${problems.map((p) => `${p.field} ${p.reason}`).join('; ')}`, { fields: problems });
}

/**
 * The whole-route test is run by the order's leading bureau; another bureau may report it only with a reason, which
 * is recorded. Returns whether the report overrides the leading bureau.
 */
export function assertReportingBureau(leading: { bureau: string } | null, reportingBureau: string, overrideReason: string | undefined): boolean {
  if (leading && leading.bureau === reportingBureau) return false;
  if (overrideReason) return true;
  throw new AppError('NOT_LEADING_BUREAU', `The whole-route test is run by the leading bureau ${leading?.bureau ?? '(none set)'}, not ${reportingBureau}: give overrideReason`, {
    fields: [{ field: 'reportingBureau', reason: `not the leading bureau ${leading?.bureau ?? '(none set)'}; an override needs overrideReason` }],
  });
}

/** The leading bureau may be set by hand until the whole-route test has been reported. */
export function assertLeadingBureauOpen(step: OrderStep): void {
  if (ORDER.indexOf(step) >= ORDER.indexOf('completion') || step === 'returned') {
    throw new AppError('STEP_OUT_OF_ORDER', `The order is at step ${step}: the whole-route test is no longer ahead`, { step });
  }
}

/** The required date must leave time: its end of business still ahead when the order is placed or extended. */
export function assertRequiredByAhead(requiredBy: string, dueAt: Date, now: Date): void {
  if (dueAt.getTime() <= now.getTime()) {
    throw new AppError('VALIDATION_FAILED', `requiredBy ${requiredBy} has already run out`, { fields: [{ field: 'requiredBy', reason: 'must be a later working day' }] });
  }
}
