import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { ClockBasis } from '../contracts/clock';
import { breachedClocksOf, breachedCondition, breachedSubjectsSql, clocksOfSubjects, clockTrailOf, SubjectClockEvent, SubjectClockState } from './clock-queries';
import { DeadlineEngine, StopClockOptions } from './deadline-engine';
import { DeadlineClock } from './deadline.entities';

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
    return breachedSubjectsSql(opts);
  }

  /** SQL true for a breached clock row of `deadline_clock` under `alias`: what `breaches` reads, for a query of one's own. */
  static breachedClockSql(alias: string): string {
    return breachedCondition(alias);
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
  breaches(m: EntityManager, subjectIds: string[]): Promise<DeadlineClock[]> {
    return breachedClocksOf(m, subjectIds);
  }

  /** Every clock of these subjects, in start order (clocks started at the same instant in the order they were created). */
  ofSubjects(m: EntityManager, subjectIds: string[]): Promise<SubjectClockState[]> {
    return clocksOfSubjects(m, subjectIds);
  }

  /** The audit events of every clock of these subjects, in the order they were recorded (for timelines). */
  trail(m: EntityManager, subjectIds: string[]): Promise<SubjectClockEvent[]> {
    return clockTrailOf(m, subjectIds);
  }
}
