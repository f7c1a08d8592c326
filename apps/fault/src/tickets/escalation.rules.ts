import { AppError, EscalationLevel, ESCALATION_LEVELS } from '@app/shared';

/** An escalation's level: a step of the internal chain, or emergency joint handling by all specialties. */
export type EscalationStep = EscalationLevel | 'joint-handling';

const rank = (level: EscalationLevel | null) => (level === null ? -1 : ESCALATION_LEVELS.indexOf(level));

/** Joint handling involves the department leaders. */
export function chainLevelOf(step: EscalationStep): EscalationLevel {
  return step === 'joint-handling' ? 'department' : step;
}

/** A ticket's level only rises. */
export function higherLevel(current: EscalationLevel | null, next: EscalationLevel): EscalationLevel {
  return rank(next) > rank(current) ? next : current!;
}

/**
 * The internal chain, step by step: acceptor → supervisor → department leaders → company leaders (逐级上报).
 * A manual escalation goes to the next level; it may pass over levels only with a reason for skipping them.
 * Returns the levels skipped.
 */
export function checkEscalationStep(current: EscalationLevel | null, requested: EscalationLevel, skipReason: string | undefined): EscalationLevel[] {
  if (rank(requested) <= rank(current)) {
    throw new AppError('INVALID_TRANSITION', `The ticket is already escalated to ${current}: escalate to a higher level`, {
      action: 'escalate',
      escalationLevel: current,
      fields: [{ field: 'level', reason: `must be above ${current}` }],
    });
  }
  const skipped = ESCALATION_LEVELS.slice(rank(current) + 1, rank(requested));
  if (skipped.length > 0 && !skipReason) {
    throw new AppError('ESCALATION_LEVEL_SKIPPED', `Escalation goes step by step: ${requested} passes over ${skipped.join(', ')} without a reason`, {
      skipped,
      fields: [{ field: 'skipReason', reason: `required to pass over ${skipped.join(', ')}` }],
    });
  }
  return skipped;
}

/** Who each escalation informs; the customer manager is always told (symptom, scope, progress, expected restoration). */
export function notifyFor(step: EscalationStep, crisisA = false): string[] {
  const byLevel: Record<EscalationStep, string[]> = {
    supervisor: ['supervisor', 'customer_manager'],
    department: ['supervisor', 'department_leaders', 'customer_manager', 'customer_engineer'],
    company: ['supervisor', 'department_leaders', 'company_leaders', 'customer_manager', 'customer_engineer'],
    'joint-handling': ['supervisor', 'department_leaders', 'all_specialties', 'customer_manager', 'customer_engineer'],
  };
  return crisisA ? [...byLevel[step], 'warning_sms'] : byLevel[step];
}

/**
 * The automatic escalations, and the major fault class of §1 each one reveals: (1) a major network incident,
 * (2) an operator-caused outage of a key customer's HQ business, (3) a fault during an important-period guarantee,
 * (4) an operator-caused fault past its limit. Null: escalated, but not by itself a major fault.
 */
export const ESCALATION_TRIGGERS = {
  'auto:network-incident': { majorClass: 1 },
  'auto:hq-outage': { majorClass: 2 },
  'auto:guarantee': { majorClass: 3 },
  'auto:operator-caused-overdue': { majorClass: 4 },
  'auto:joint-handling': { majorClass: null },
  'auto:on-site-overdue': { majorClass: null },
  'auto:resolution-overdue': { majorClass: null },
  manual: { majorClass: null },
} as const satisfies Record<string, { majorClass: number | null }>;

export type EscalationTrigger = keyof typeof ESCALATION_TRIGGERS;

/** Local major faults are reported at once to the province and the group (本地网重大故障立即上报省公司和集团). */
export const MAJOR_FAULT_RECIPIENTS = ['province', 'group'] as const;

/** Whether this escalation makes the ticket a major fault to report: a major class, crisis grade A, or marked so by hand. */
export function majorFaultOf(trigger: EscalationTrigger, marks: { majorFault?: boolean; crisisA?: boolean }): { major: boolean; majorClass?: number } {
  const majorClass = ESCALATION_TRIGGERS[trigger].majorClass;
  if (majorClass !== null) return { major: true, majorClass };
  return { major: marks.majorFault === true || marks.crisisA === true };
}

/** The major fault classes these escalation triggers reveal, each once, in ascending order. */
export function majorClassesOf(triggers: string[]): number[] {
  const classes = triggers.map((t) => (ESCALATION_TRIGGERS as Record<string, { majorClass: number | null }>)[t]?.majorClass ?? null).filter((c): c is number => c !== null);
  return [...new Set(classes)].sort((a, b) => a - b);
}
