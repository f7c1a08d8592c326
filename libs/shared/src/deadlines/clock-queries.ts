import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { CalendarYearMissingError } from '../calendar/working-calendar';
import { ClockExplanationView, ClockSummary, CustomerClockScope, ListClocksQuery } from '../contracts/clock';
import { Page } from '../contracts/paging';
import { paginate } from '../db/paginate';
import { AppError } from '../errors/app-error';
import { BasisOf, iso } from './clock-support';
import { ClockEventType, ClockStatus, ClockVerdict, DeadlineClock, DeadlineClockEvent, DeadlinePause } from './deadline.entities';
import { TimeBasis, warningLeadStart } from './time-basis';

export type ClockInterval = ClockExplanationView['intervals'][number];

export interface ClockExplanation extends ClockExplanationView {
  verdict: ClockVerdict | null;
  trail: Array<{ type: ClockEventType; at: string; detail: Record<string, unknown> }>;
}

/** A clock as a customer's own user is shown it: without its audit trail. */
export type CustomerClockExplanation = Omit<ClockExplanation, 'trail'>;

/** The clocks a customer's own user may read: its customer's, of the subject types and kinds the service declared customer-facing. */
export interface CustomerClockFilter extends CustomerClockScope {
  customerId: string;
}

/**
 * One clock of a subject, as a service shows it (`SubjectClocks.ofSubjects`): the clock summary with its instants as
 * dates. `provisional`: computed on plain weekdays for a year with no loaded schedule; `met`: the verdict once stopped.
 */
export interface SubjectClockState extends Omit<ClockSummary, 'status' | 'startedAt' | 'dueAt' | 'warnAt' | 'breachedAt' | 'stoppedAt'> {
  status: ClockStatus;
  startedAt: Date;
  dueAt: Date | null;
  breachedAt: Date | null;
  stoppedAt: Date | null;
}

function stateOf(c: DeadlineClock): SubjectClockState {
  return {
    id: c.id,
    subjectType: c.subjectType,
    subjectId: c.subjectId,
    kind: c.kind,
    basis: c.basis,
    limitMs: c.limitMs,
    status: c.status,
    startedAt: c.startedAt,
    dueAt: c.dueAt,
    breachedAt: c.breachedAt,
    stoppedAt: c.stoppedAt,
    provisional: c.provisional,
    met: c.verdict?.met ?? null,
  };
}

/** A warning lead reaching into a year with no loaded schedule (under the 'error' policy) is not shown rather than refused. */
function warnAtOf(c: DeadlineClock, basis: TimeBasis): Date | null {
  try {
    return warningLeadStart(c, basis);
  } catch (err) {
    if (err instanceof CalendarYearMissingError) return null;
    throw err;
  }
}

function summary(c: DeadlineClock, basis: TimeBasis): ClockSummary {
  const s = stateOf(c);
  return { ...s, startedAt: s.startedAt.toISOString(), dueAt: iso(s.dueAt), warnAt: iso(warnAtOf(c, basis)), breachedAt: iso(s.breachedAt), stoppedAt: iso(s.stoppedAt) };
}

function visibleTo(c: DeadlineClock, customer: CustomerClockFilter): boolean {
  return c.customerId === customer.customerId && customer.subjectTypes.includes(c.subjectType) && customer.kinds.includes(c.kind);
}

/** One audit event of a subject's clock (`SubjectClocks.trail`), for timelines. */
export interface SubjectClockEvent {
  clockId: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  type: ClockEventType;
  at: Date;
  detail: Record<string, unknown>;
}

/**
 * A clock that counts as breached: its breach fired and its verdict (if any) did not find it met (a stop stated
 * before the limit disregards it), or its final verdict found it late.
 */
export function breachedCondition(alias: string): string {
  return `((${alias}.breached_at IS NOT NULL AND coalesce(${alias}.verdict->>'met', 'false') = 'false')
    OR (${alias}.verdict->>'met' = 'false' AND ${alias}.verdict->>'final' = 'true'))`;
}

function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** SQL selecting the ids (text) of subjects with a breached clock, optionally of some kinds only (inlined as literals). */
export function breachedSubjectsSql(opts: { kinds?: readonly string[] } = {}): string {
  const kinds = opts.kinds?.length ? ` AND bc.kind IN (${opts.kinds.map(sqlLiteral).join(', ')})` : '';
  return `SELECT bc.subject_id FROM deadline_clock bc WHERE ${breachedCondition('bc')}${kinds}`;
}

/** Breached clocks of these subjects, in start order. */
export async function breachedClocksOf(m: EntityManager, subjectIds: string[]): Promise<DeadlineClock[]> {
  if (subjectIds.length === 0) return [];
  return m
    .getRepository(DeadlineClock)
    .createQueryBuilder('c')
    .where('c.subject_id IN (:...ids)', { ids: subjectIds })
    .andWhere(breachedCondition('c'))
    .orderBy('c.started_at', 'ASC')
    .getMany();
}

/** Every clock of these subjects, in start order (clocks started at the same instant in the order they were created). */
export async function clocksOfSubjects(m: EntityManager, subjectIds: string[]): Promise<SubjectClockState[]> {
  if (subjectIds.length === 0) return [];
  const clocks = await m
    .getRepository(DeadlineClock)
    .createQueryBuilder('c')
    .where('c.subject_id IN (:...ids)', { ids: subjectIds })
    .addSelect('(SELECT min(e.id) FROM deadline_clock_event e WHERE e.clock_id = c.id)', 'created')
    .orderBy('c.started_at', 'ASC')
    .addOrderBy('created', 'ASC')
    .getMany();
  return clocks.map(stateOf);
}

/** The audit events of every clock of these subjects, in the order they were recorded. */
export async function clockTrailOf(m: EntityManager, subjectIds: string[]): Promise<SubjectClockEvent[]> {
  if (subjectIds.length === 0) return [];
  const rows = (await m.query(
    `SELECT e.clock_id, e.type, e.at, e.detail, c.kind, c.subject_type, c.subject_id
       FROM deadline_clock_event e JOIN deadline_clock c ON c.id = e.clock_id
      WHERE c.subject_id = ANY($1::text[])
      ORDER BY e.id`,
    [subjectIds],
  )) as Array<{ clock_id: string; type: ClockEventType; at: Date; detail: Record<string, unknown>; kind: string; subject_type: string; subject_id: string }>;
  return rows.map((r) => ({ clockId: r.clock_id, kind: r.kind, subjectType: r.subject_type, subjectId: r.subject_id, type: r.type, at: r.at, detail: r.detail }));
}

/** Read side of the engine: any verdict explained from its record, and the clock list of the admin views. */
export class ClockQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly basisOf: BasisOf,
  ) {}

  async explain(clockId: string): Promise<ClockExplanation> {
    const explanation = await this.explained(clockId);
    const trail = await this.dataSource.manager.find(DeadlineClockEvent, { where: { clockId }, order: { id: 'ASC' } });
    return { ...explanation, trail: trail.map((e) => ({ type: e.type, at: e.at.toISOString(), detail: e.detail })) };
  }

  /** A clock outside the customer's scope is not found. */
  async explainToCustomer(clockId: string, customer: CustomerClockFilter): Promise<CustomerClockExplanation> {
    return this.explained(clockId, (c) => visibleTo(c, customer));
  }

  /** The clock, its verdict and its intervals (what a customer is shown too). */
  private async explained(clockId: string, visible: (c: DeadlineClock) => boolean = () => true): Promise<CustomerClockExplanation> {
    const m = this.dataSource.manager;
    const clock = await m.findOneBy(DeadlineClock, { id: clockId });
    if (!clock || !visible(clock)) throw new AppError('CLOCK_NOT_FOUND', `No clock ${clockId}`);
    const pauses = await m.find(DeadlinePause, { where: { clockId }, order: { startedAt: 'ASC' } });
    const end = clock.stoppedAt ?? this.clock.now();
    const basis = this.basisOf(clock.basis);
    const measure = (from: Date, to: Date) => {
      try {
        return Math.max(0, basis.measure(from, to).ms);
      } catch {
        return Math.max(0, to.getTime() - from.getTime());
      }
    };
    const intervals: ClockInterval[] = [];
    let cursor = clock.startedAt;
    for (const p of pauses) {
      if (p.startedAt > cursor) intervals.push({ from: cursor.toISOString(), to: p.startedAt.toISOString(), state: 'running', ms: measure(cursor, p.startedAt), counted: true });
      const pauseEnd = p.endedAt ?? (clock.stoppedAt ? clock.stoppedAt : null);
      intervals.push({
        from: p.startedAt.toISOString(),
        to: iso(pauseEnd),
        state: 'paused',
        ms: measure(p.startedAt, pauseEnd ?? end),
        counted: clock.verdict ? !clock.verdict.exemptPauses : null,
        reason: p.reason,
      });
      cursor = pauseEnd ?? end;
    }
    if (clock.status !== 'paused' && end > cursor) {
      intervals.push({ from: cursor.toISOString(), to: clock.stoppedAt ? clock.stoppedAt.toISOString() : null, state: 'running', ms: measure(cursor, end), counted: true });
    }
    return {
      clock: { ...summary(clock, basis), warnBeforeMs: clock.warnBeforeMs, warningsFired: clock.warningsFired, calendarVersions: clock.calendarVersions },
      verdict: clock.verdict,
      intervals,
    };
  }

  /** With `customer`: only the clocks that customer may read, whatever the query asks. */
  async list(q: ListClocksQuery, customer?: CustomerClockFilter): Promise<Page<ClockSummary>> {
    const qb = this.dataSource.getRepository(DeadlineClock).createQueryBuilder('c');
    if (customer) {
      qb.andWhere('c.customer_id = :customerId', { customerId: customer.customerId });
      qb.andWhere('c.subject_type IN (:...customerSubjectTypes)', { customerSubjectTypes: customer.subjectTypes });
      qb.andWhere('c.kind IN (:...customerKinds)', { customerKinds: customer.kinds });
    }
    if (q.subjectType) qb.andWhere('c.subject_type = :subjectType', { subjectType: q.subjectType });
    if (q.subjectId) qb.andWhere('c.subject_id = :subjectId', { subjectId: q.subjectId });
    if (q.kind) qb.andWhere('c.kind = :kind', { kind: q.kind });
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    if (q.breached !== undefined) qb.andWhere(q.breached ? 'c.breached_at IS NOT NULL' : 'c.breached_at IS NULL');
    return paginate(qb, q, 'startedAt', (c) => summary(c, this.basisOf(c.basis)), ['dueAt', 'kind', 'status']);
  }
}
