import { FaultSettings, isImportantTier, MIN, ServiceType, Tier } from '@app/shared';
import { TicketAction } from './ticket.rules';

/** Clock kinds of a ticket and of its dispatch legs. */
export const TICKET_CLOCKS = {
  dispatch: 'dispatch',
  firstFeedback: 'first-feedback',
  feedback: 'feedback',
  resolution: 'resolution',
  jointHandling: 'joint-handling',
  onSite: 'on-site',
  broadcast: 'broadcast',
} as const;

export const LEG_CLOCKS = {
  accept: 'accept',
  progress: 'progress',
  answer: 'answer',
} as const;

type TicketClock = (typeof TICKET_CLOCKS)[keyof typeof TICKET_CLOCKS];

/**
 * The clocks of the operator's promises to the customer (一点统一反馈): feedback and resolution. A customer's own user
 * reads these of its own tickets; dispatch, joint handling, on-site, broadcasts and every leg's clocks are internal.
 */
export const CUSTOMER_FACING_CLOCKS: readonly string[] = [TICKET_CLOCKS.firstFeedback, TICKET_CLOCKS.feedback, TICKET_CLOCKS.resolution];
type LegClock = (typeof LEG_CLOCKS)[keyof typeof LEG_CLOCKS];

/** Progress reports: every 30 min for bandwidth, MPLS VPN, new services and products; every 60 min for switching/voice. */
export function progressEveryMinutes(serviceType: ServiceType, limits: FaultSettings): number {
  return serviceType === 'voice' ? limits.progressEveryMinutesVoice : limits.progressEveryMinutes;
}

/**
 * Where a clock starts: the report (the customer's call or the alarm), the fault itself, the moment of the action,
 * or the deadline of the clock it follows (a missed hourly broadcast: the next hour runs from the missed one).
 */
export type ClockOrigin = 'reported' | 'fault' | 'now' | 'previousDue';

export interface ClockStart {
  /** `leg`: the leg acted on; `newLegs`: each leg this dispatch adds. */
  subject: 'ticket' | 'leg' | 'newLegs';
  kind: TicketClock | LegClock;
  limitMs: number;
  warnBeforeMs?: number[];
  from: ClockOrigin;
  /** Start only if no clock of this kind is already running for the subject (one answer owed per leg). */
  unlessRunning?: boolean;
}

export interface ClockStop {
  /** `legs`: every leg of the ticket. */
  subject: 'ticket' | 'leg' | 'legs';
  kinds: readonly (TicketClock | LegClock)[];
  exemptPauses: boolean;
  /** False: the verdict waits for the final cause (the resolution clock at restoration). */
  final?: boolean;
  /** Stop as of the stated time of the action (the restore time the acceptor records), not the recording time. */
  atOccurred?: boolean;
}

export interface ClockPause {
  subject: 'ticket' | 'leg' | 'legs';
  kinds: readonly (TicketClock | LegClock)[];
}

/** What one action does to the clocks, in this order: stop, decide, start, pause, resume. */
export interface ClockPlan {
  stop: ClockStop[];
  /** Decide the provisional verdict left at restoration, exempting the suspended time only for a customer-side cause. */
  decide?: { kind: TicketClock; exemptPauses: boolean };
  pause: ClockPause[];
  resume: ClockPause[];
  start: ClockStart[];
}

/** What the plan of an action depends on. */
export interface ClockContext {
  limits: FaultSettings;
  tier: Tier;
  serviceType: ServiceType;
  resolutionLimitMinutes: number;
  jointHandling: boolean;
  suspended: boolean;
  customerSideCause?: boolean;
}

/** Every action on a ticket, and the two things that happen to it without one: a report (intake) and a missed deadline. */
export type ClockAction = TicketAction | 'intake' | 'joint-handling' | 'broadcast-missed';

/** Clocks that stop while a ticket is suspended for the customer (the duty to inform the customer goes on). */
export const PAUSED_WHILE_SUSPENDED = [TICKET_CLOCKS.resolution, TICKET_CLOCKS.jointHandling, TICKET_CLOCKS.onSite, TICKET_CLOCKS.broadcast] as const;
const LEG_KINDS = Object.values(LEG_CLOCKS);
/** The duties of a running fault that end when service is back (feedback to the customer goes on until closing). */
const UNTIL_RESTORED = [TICKET_CLOCKS.dispatch, TICKET_CLOCKS.jointHandling, TICKET_CLOCKS.onSite, TICKET_CLOCKS.broadcast] as const;
const FEEDBACK = [TICKET_CLOCKS.firstFeedback, TICKET_CLOCKS.feedback] as const;

/** Important customers (diamond, gold) go to emergency joint handling after 1 h unresolved; others after 3 h. */
export function jointHandlingAfterMs(tier: Tier, limits: FaultSettings): number {
  return (isImportantTier(tier) ? limits.jointHandlingImportantMinutes : limits.jointHandlingOtherMinutes) * MIN;
}

/** A warning lead of the settings as a clock's warnings: one, that long before its deadline; none for 0. */
const warnBefore = (minutes: number): Pick<ClockStart, 'warnBeforeMs'> => (minutes > 0 ? { warnBeforeMs: [minutes * MIN] } : {});

const feedbackEvery = (l: FaultSettings): ClockStart => ({ subject: 'ticket', kind: TICKET_CLOCKS.feedback, limitMs: l.feedbackEveryMinutes * MIN, ...warnBefore(l.feedbackWarnMinutes), from: 'now' });

const progressEvery = (c: ClockContext): ClockStart => ({
  subject: 'leg',
  kind: LEG_CLOCKS.progress,
  limitMs: progressEveryMinutes(c.serviceType, c.limits) * MIN,
  ...warnBefore(c.limits.progressWarnMinutes),
  from: 'now',
});

const broadcastEvery = (l: FaultSettings, from: ClockOrigin): ClockStart => ({ subject: 'ticket', kind: TICKET_CLOCKS.broadcast, limitMs: l.broadcastEveryMinutes * MIN, from });

/** The resolution and joint-handling clocks of a running fault, from its report or (reopened) from now. */
function runningFault(c: ClockContext, from: ClockOrigin): ClockStart[] {
  return [
    { subject: 'ticket', kind: TICKET_CLOCKS.resolution, limitMs: c.resolutionLimitMinutes * MIN, ...warnBefore(c.limits.resolutionWarnMinutes), from },
    { subject: 'ticket', kind: TICKET_CLOCKS.jointHandling, limitMs: jointHandlingAfterMs(c.tier, c.limits), from },
  ];
}

const none: ClockPlan = { stop: [], pause: [], resume: [], start: [] };

/**
 * The clock table of §1: which clocks each ticket action starts, stops, pauses or resumes, with their limits and
 * warning leads. The services execute it; nothing else starts or stops a fault clock.
 */
export function clockPlan(action: ClockAction, c: ClockContext): ClockPlan {
  const l = c.limits;
  switch (action) {
    case 'intake':
      // Every clock runs from the report; staff must be on site within 2 h of the fault itself (important customers).
      return {
        ...none,
        start: [
          { subject: 'ticket', kind: TICKET_CLOCKS.dispatch, limitMs: l.dispatchMinutes * MIN, ...warnBefore(l.dispatchWarnMinutes), from: 'reported' },
          { subject: 'ticket', kind: TICKET_CLOCKS.firstFeedback, limitMs: l.firstFeedbackMinutes * MIN, ...warnBefore(l.firstFeedbackWarnMinutes), from: 'reported' },
          ...runningFault(c, 'reported'),
          ...(isImportantTier(c.tier) ? [{ subject: 'ticket' as const, kind: TICKET_CLOCKS.onSite, limitMs: l.onSiteImportantMinutes * MIN, from: 'fault' as const }] : []),
        ],
      };
    case 'reopen':
      return { ...none, start: [feedbackEvery(l), ...runningFault(c, 'now')] };
    case 'dispatch':
      return {
        ...none,
        stop: [{ subject: 'ticket', kinds: [TICKET_CLOCKS.dispatch], exemptPauses: false }],
        start: [{ subject: 'newLegs', kind: LEG_CLOCKS.accept, limitMs: l.acceptMinutes * MIN, ...warnBefore(l.acceptWarnMinutes), from: 'now' }],
      };
    case 'accept':
      return {
        ...none,
        stop: [{ subject: 'leg', kinds: [LEG_CLOCKS.accept], exemptPauses: false }],
        start: [progressEvery(c)],
      };
    case 'progress':
      // Each report re-arms the next one and obliges the dispatcher to answer within 5 min.
      return {
        stop: [{ subject: 'leg', kinds: [LEG_CLOCKS.progress], exemptPauses: false }],
        // A unit reporting on a suspended ticket: its next report is not due until the ticket resumes.
        pause: c.suspended ? [{ subject: 'leg', kinds: [LEG_CLOCKS.progress] }] : [],
        resume: [],
        start: [
          progressEvery(c),
          { subject: 'leg', kind: LEG_CLOCKS.answer, limitMs: l.answerMinutes * MIN, from: 'now', unlessRunning: true },
        ],
      };
    case 'result':
      return {
        ...none,
        stop: [{ subject: 'leg', kinds: [LEG_CLOCKS.progress], exemptPauses: false }],
        start: [{ subject: 'leg', kind: LEG_CLOCKS.answer, limitMs: l.answerMinutes * MIN, from: 'now', unlessRunning: true }],
      };
    case 'answer':
      // In joint handling the dispatcher's answer to all units is the hourly status broadcast, re-armed by each one.
      return {
        ...none,
        stop: [{ subject: 'legs', kinds: [LEG_CLOCKS.answer], exemptPauses: false }, ...(c.jointHandling ? [{ subject: 'ticket' as const, kinds: [TICKET_CLOCKS.broadcast], exemptPauses: false }] : [])],
        start: c.jointHandling ? [broadcastEvery(l, 'now')] : [],
      };
    case 'feedback':
      return { ...none, stop: [{ subject: 'ticket', kinds: FEEDBACK, exemptPauses: false }], start: [feedbackEvery(l)] };
    case 'suspend':
      return {
        ...none,
        pause: [
          { subject: 'ticket', kinds: PAUSED_WHILE_SUSPENDED },
          { subject: 'legs', kinds: [LEG_CLOCKS.progress] },
        ],
      };
    case 'resume':
      return {
        ...none,
        resume: [
          { subject: 'ticket', kinds: PAUSED_WHILE_SUSPENDED },
          { subject: 'legs', kinds: [LEG_CLOCKS.progress] },
        ],
      };
    case 'restore':
      // 先业务恢复: the resolution clock stops at the stated restore time; whether its pauses are exempt waits for the cause.
      return {
        ...none,
        stop: [
          { subject: 'ticket', kinds: [TICKET_CLOCKS.resolution], exemptPauses: false, final: false, atOccurred: true },
          { subject: 'ticket', kinds: UNTIL_RESTORED, exemptPauses: false },
          { subject: 'legs', kinds: LEG_KINDS, exemptPauses: false },
        ],
      };
    case 'close':
      return { ...none, decide: { kind: TICKET_CLOCKS.resolution, exemptPauses: c.customerSideCause === true }, stop: [{ subject: 'ticket', kinds: FEEDBACK, exemptPauses: false }] };
    case 'close-customer-cannot-fix':
      // A customer-side fault the customer cannot fix at once: closed unrestored, the suspended time exempt.
      return {
        ...none,
        stop: [
          { subject: 'ticket', kinds: [TICKET_CLOCKS.resolution, ...UNTIL_RESTORED], exemptPauses: true },
          { subject: 'legs', kinds: LEG_KINDS, exemptPauses: true },
          { subject: 'ticket', kinds: FEEDBACK, exemptPauses: false },
        ],
      };
    case 'cancel':
      return {
        ...none,
        stop: [
          { subject: 'ticket', kinds: Object.values(TICKET_CLOCKS), exemptPauses: true },
          { subject: 'legs', kinds: LEG_KINDS, exemptPauses: true },
        ],
      };
    case 'on-site':
      return { ...none, stop: [{ subject: 'ticket', kinds: [TICKET_CLOCKS.onSite], exemptPauses: false }] };
    case 'joint-handling':
      // The hourly broadcasts count from the moment joint handling became due.
      return { ...none, start: [broadcastEvery(l, 'previousDue')] };
    case 'broadcast-missed':
      // A missed broadcast does not end the duty: the next one is due an hour after the one missed.
      return { ...none, start: [broadcastEvery(l, 'previousDue')] };
    case 'province-escalation':
    case 'request-suspension':
    case 'repair':
    case 'escalate':
      // Recorded on the ticket; no clock of their own.
      return none;
  }
}
