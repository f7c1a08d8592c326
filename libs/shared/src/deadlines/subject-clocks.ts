import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { ClockBasis } from '../contracts/clock';
import { DeadlineEngine, StopClockOptions } from './deadline-engine';
import { ClockEventType, ClockStatus, DeadlineClock } from './deadline.entities';

/** One clock of a subject, as a service shows it (`SubjectClocks.ofSubjects`). */
export interface SubjectClockState {
  id: string;
  subjectType: string;
  subjectId: string;
  kind: string;
  basis: ClockBasis;
  limitMs: number;
  status: ClockStatus;
  startedAt: Date;
  dueAt: Date | null;
  breachedAt: Date | null;
  stoppedAt: Date | null;
  /** Computed on plain weekdays for a year with no loaded schedule; recomputed when the year is loaded. */
  provisional: boolean;
  /** The verdict once stopped (provisional while `final` is false); null while the clock runs. */
  met: boolean | null;
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
function breachedCondition(alias: string): string {
  return `((${alias}.breached_at IS NOT NULL AND coalesce(${alias}.verdict->>'met', 'false') = 'false')
    OR (${alias}.verdict->>'met' = 'false' AND ${alias}.verdict->>'final' = 'true'))`;
}

function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A business object's view of the deadline engine: clocks addressed by subject and kind rather than by id. */
@Injectable()
export class SubjectClocks {
  constructor(private readonly engine: DeadlineEngine) {}

  /**
   * SQL selecting the subject ids (text) that have a breached clock, optionally of some kinds only, for a filter in a
   * query builder or a query: `qb.andWhere(\`t.id::text IN (${SubjectClocks.breachedSubjectsSql()})\`)`.
   * The kinds are the service's own clock names, inlined as quoted literals.
   */
  static breachedSubjectsSql(opts: { kinds?: readonly string[] } = {}): string {
    const kinds = opts.kinds?.length ? ` AND bc.kind IN (${opts.kinds.map(sqlLiteral).join(', ')})` : '';
    return `SELECT bc.subject_id FROM deadline_clock bc WHERE ${breachedCondition('bc')}${kinds}`;
  }

  /**
   * Starts a clock of a subject. `limit` is the time allowed on the basis (N working days: N × workingDayMs) or a
   * fixed deadline `{ dueAt }` from which the engine derives it.
   */
  start(
    m: EntityManager,
    subjectType: string,
    subjectId: string,
    kind: string,
    limit: number | { dueAt: Date },
    opts: { customerId?: string; startedAt?: Date; warnBeforeMs?: number[]; basis?: ClockBasis } = {},
  ) {
    const { basis = 'wall', ...rest } = opts;
    const budget = typeof limit === 'number' ? { limitMs: limit } : { dueAt: limit.dueAt };
    return this.engine.start(m, { subjectType, subjectId, kind, basis, ...budget, ...rest });
  }

  private async find(m: EntityManager, subjectIds: string[], kinds: string[], statuses: DeadlineClock['status'][]): Promise<DeadlineClock[]> {
    if (subjectIds.length === 0) return [];
    return m.find(DeadlineClock, { where: { subjectId: In(subjectIds), kind: In(kinds), status: In(statuses) }, order: { startedAt: 'ASC' } });
  }

  /** Stops the running or paused clocks of these kinds (as of `opts.at` when given); returns them. */
  async stop(m: EntityManager, subjectIds: string[], kinds: string[], opts: StopClockOptions): Promise<DeadlineClock[]> {
    const clocks = await this.find(m, subjectIds, kinds, ['running', 'paused']);
    const stopped: DeadlineClock[] = [];
    for (const c of clocks) stopped.push(await this.engine.stop(m, c.id, opts));
    return stopped;
  }

  async pause(m: EntityManager, subjectIds: string[], kinds: string[], reason: string): Promise<void> {
    for (const c of await this.find(m, subjectIds, kinds, ['running'])) await this.engine.pause(m, c.id, reason);
  }

  async resume(m: EntityManager, subjectIds: string[], kinds: string[], reason: string): Promise<void> {
    for (const c of await this.find(m, subjectIds, kinds, ['paused'])) await this.engine.resume(m, c.id, reason);
  }

  /** Decides the final verdict of the stopped clocks of this kind whose verdict was left provisional (`opts.at` moves the stop back). */
  async decide(m: EntityManager, subjectId: string, kind: string, opts: Omit<StopClockOptions, 'final'>): Promise<DeadlineClock[]> {
    const clocks = await this.find(m, [subjectId], [kind], ['stopped']);
    const decided: DeadlineClock[] = [];
    for (const c of clocks) if (c.verdict && !c.verdict.final) decided.push(await this.engine.decide(m, c.id, opts));
    return decided;
  }

  async running(m: EntityManager, subjectIds: string[], kind: string): Promise<boolean> {
    return (await this.find(m, subjectIds, [kind], ['running', 'paused'])).length > 0;
  }

  /** Breached clocks (fired and not disregarded, or found late when their verdict was decided) of these subjects. */
  async breaches(m: EntityManager, subjectIds: string[]): Promise<DeadlineClock[]> {
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
  async ofSubjects(m: EntityManager, subjectIds: string[]): Promise<SubjectClockState[]> {
    if (subjectIds.length === 0) return [];
    const clocks = await m
      .getRepository(DeadlineClock)
      .createQueryBuilder('c')
      .where('c.subject_id IN (:...ids)', { ids: subjectIds })
      .addSelect('(SELECT min(e.id) FROM deadline_clock_event e WHERE e.clock_id = c.id)', 'created')
      .orderBy('c.started_at', 'ASC')
      .addOrderBy('created', 'ASC')
      .getMany();
    return clocks.map((c) => ({
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
    }));
  }

  /** The audit events of every clock of these subjects, in the order they were recorded. */
  async trail(m: EntityManager, subjectIds: string[]): Promise<SubjectClockEvent[]> {
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
}
