/**
 * Intake channels of §1: hotline, customer manager, portal, a machine room asked first (首问负责), monitoring; and the
 * TMF621 API: a partner carrier's system (`partner`, a system of a customer) or the operator's own OSS/BSS (`oss`).
 */
export const CHANNELS = ['hotline', 'customer_manager', 'portal', 'machine_room', 'monitoring', 'partner', 'oss'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TICKET_STATUSES = ['open', 'dispatched', 'suspended', 'restored', 'closed', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** The segments a dispatch leg covers; both access ends are mandatory in a dispatch. */
export const SEGMENTS = ['a_access', 'z_access', 'backbone', 'machine_room', 'customer_premises'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const LEG_STATUSES = ['dispatched', 'accepted', 'resulted'] as const;
export type LegStatus = (typeof LEG_STATUSES)[number];

export const LEG_RESULTS = ['fault_found', 'no_fault', 'fixed'] as const;
export type LegResult = (typeof LEG_RESULTS)[number];

/** True causes: the `customer_` ones are customer-side, which is what makes a suspension exempt. */
export const CAUSE_CATEGORIES = [
  'operator_equipment',
  'operator_fiber',
  'operator_configuration',
  'operator_power',
  'third_party',
  'force_majeure',
  'customer_equipment',
  'customer_power',
  'customer_configuration',
  'customer_premises',
] as const;
export type CauseCategory = (typeof CAUSE_CATEGORIES)[number];

export function isCustomerSide(cause: CauseCategory): boolean {
  return cause.startsWith('customer_');
}

/** The internal chain after the acceptor, step by step (受理人 → 主管 → 部门领导 → 公司领导). */
export const ESCALATION_LEVELS = ['supervisor', 'department', 'company'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

