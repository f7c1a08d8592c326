import { Caller, LegResult, Segment } from '@app/shared';

/**
 * Why this caller may not act on (accept, report progress on, return the result of) a leg dispatched to `unit`;
 * undefined: it may. A handling unit's user acts on its own unit's legs only; the NOC and administrators on any.
 */
export function legActorRefusal(caller: Pick<Caller, 'roles' | 'unit'>, unit: string): string | undefined {
  if (caller.roles.some((r) => r === 'admin' || r === 'noc')) return undefined;
  if (!caller.roles.includes('handling_unit')) return undefined;
  if (!caller.unit) return `this user works for no handling unit, and the leg is dispatched to ${unit}`;
  return caller.unit === unit ? undefined : `the leg is dispatched to ${unit}, not to ${caller.unit}`;
}

/** Both access ends are mandatory in a dispatch (A端、Z端接入段); returns the ones missing. */
export function missingAccessEnds(segments: Iterable<Segment>): Segment[] {
  const present = new Set(segments);
  return (['a_access', 'z_access'] as const).filter((s) => !present.has(s));
}

/** A unit that finds no fault in its segment must attach a test report (判定电信段无故障须附带测试报告), as text or as a file. */
export function testReportMissing(result: LegResult, testReport: string | undefined, testReportFile?: unknown): boolean {
  return result === 'no_fault' && !testReport && !testReportFile;
}

/** The operator's side: every leg but the customer's premises (先电信侧，后用户侧). */
export function isOperatorLeg(segment: Segment): boolean {
  return segment !== 'customer_premises';
}

export interface LegState {
  unit: string;
  segment: Segment;
  result: LegResult | null;
  testReport: string | null;
  testReportFileName: string | null;
}

/**
 * Suspension (挂起) needs the operator side proven clear: every operator leg returned "no fault" with its test
 * report. Returns the operator legs not yet proven clear (none: suspension may be asked for).
 */
export function operatorLegsNotClear<L extends LegState>(legs: L[]): L[] {
  return legs.filter((l) => isOperatorLeg(l.segment) && !(l.result === 'no_fault' && (l.testReport || l.testReportFileName)));
}
