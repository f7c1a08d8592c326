import { AppError, OrderStep, ServiceType, TestType, WarningReason } from '@app/shared';

/** Working-day limits of §2. */
export const ORDER_LIMIT_DAYS = {
  survey: 2,
  plan: 12,
  /** Cross-domain: completion recorded within 2 working days after the test report... */
  completionRecord: 2,
  /** ...and the handover form within 1 working day. */
  handoverForm: 1,
  /** Orders without progress reports enter the warning pool this long before their due date. */
  warningPool: 10,
  /** Units warn at least this long before the due date (urgent orders: 3). */
  unitWarning: 5,
  unitWarningUrgent: 3,
} as const;

export const WEEK_MS = 7 * 24 * 3_600_000;

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
