import { DialTestKind, DialTestResultBody, DialTestView, FieldProblem, PathResult, PingResult, Segment, ThroughputResult } from '@app/shared';

/** What a result keeps besides its outcome and times: the measurements of its kind and where the fault is. */
export interface DialTestResult {
  ping?: PingResult;
  throughput?: ThroughputResult;
  path?: PathResult;
  faultySegment?: Segment;
  faultyHop?: number;
  detail?: string;
}

/** The statuses of a ticket that is still open (a dial test may be asked from it, and a failed one is its evidence). */
export const OPEN_TICKET_STATUSES: readonly string[] = ['open', 'dispatched', 'suspended', 'restored'];

/**
 * Checks a result against the test it answers: the measurements of its kind present, the times in order, a ping
 * that did not receive more than it sent, and a path no longer than the setting `maxPathHops`. Returns the problems.
 */
export function resultProblems(kind: DialTestKind, r: DialTestResultBody, maxPathHops: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!r[kind]) problems.push({ field: kind, reason: `a ${kind} test's result must carry ${kind}` });
  if (Date.parse(r.finishedAt) < Date.parse(r.startedAt)) problems.push({ field: 'finishedAt', reason: 'must not be before startedAt' });
  if (r.ping && r.ping.received > r.ping.sent) problems.push({ field: 'ping.received', reason: 'must not be more than sent' });
  if (r.path && r.path.hops.length > maxPathHops) problems.push({ field: 'path.hops', reason: `at most ${maxPathHops} hops (setting maxPathHops)` });
  return problems;
}

export function resultOf(r: DialTestResultBody): DialTestResult {
  const { ping, throughput, path, faultySegment, faultyHop, detail } = r;
  return Object.fromEntries(Object.entries({ ping, throughput, path, faultySegment, faultyHop, detail }).filter(([, v]) => v !== undefined)) as DialTestResult;
}

/** What a customer's user is not shown of its circuits' dial tests: who asked, which probe, the operator's path and words. */
export function forCustomer(v: DialTestView): DialTestView {
  const { requestedBy: _by, source: _source, path: _path, faultyHop: _hop, detail: _detail, note: _note, ...shown } = v;
  return shown;
}

/** A test requested at or before this time and still unanswered has waited `answerMinutes` (dialTestAnswerMinutes): expired. */
export function answerDeadline(now: Date, answerMinutes: number): Date {
  return new Date(now.getTime() - answerMinutes * 60_000);
}
