import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { DeadlineEngine, StopClockOptions } from './deadline-engine';
import { DeadlineClock } from './deadline.entities';

/** A business object's view of the deadline engine: clocks addressed by subject and kind rather than by id. */
@Injectable()
export class SubjectClocks {
  constructor(private readonly engine: DeadlineEngine) {}

  start(
    m: EntityManager,
    subjectType: string,
    subjectId: string,
    kind: string,
    limitMs: number,
    opts: { customerId?: string; startedAt?: Date; warnBeforeMs?: number[]; basis?: 'wall' | 'working' } = {},
  ) {
    const { basis = 'wall', ...rest } = opts;
    return this.engine.start(m, { subjectType, subjectId, kind, basis, limitMs, ...rest });
  }

  private async find(m: EntityManager, subjectIds: string[], kinds: string[], statuses: DeadlineClock['status'][]): Promise<DeadlineClock[]> {
    if (subjectIds.length === 0) return [];
    return m.find(DeadlineClock, { where: { subjectId: In(subjectIds), kind: In(kinds), status: In(statuses) }, order: { startedAt: 'ASC' } });
  }

  /** Stops the running or paused clocks of these kinds; returns how many there were. */
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

  /** Decides the final verdict of the stopped clocks of this kind whose verdict was left provisional. */
  async decide(m: EntityManager, subjectId: string, kind: string, opts: Omit<StopClockOptions, 'final'>): Promise<DeadlineClock[]> {
    const clocks = await this.find(m, [subjectId], [kind], ['stopped']);
    const decided: DeadlineClock[] = [];
    for (const c of clocks) if (c.verdict && !c.verdict.final) decided.push(await this.engine.decide(m, c.id, opts));
    return decided;
  }

  async running(m: EntityManager, subjectIds: string[], kind: string): Promise<boolean> {
    return (await this.find(m, subjectIds, [kind], ['running', 'paused'])).length > 0;
  }

  /** Breached clocks (fired, or found late when their verdict was decided) of these subjects. */
  async breaches(m: EntityManager, subjectIds: string[]): Promise<DeadlineClock[]> {
    if (subjectIds.length === 0) return [];
    return m
      .getRepository(DeadlineClock)
      .createQueryBuilder('c')
      .where('c.subject_id IN (:...ids)', { ids: subjectIds })
      .andWhere('(c.breached_at IS NOT NULL OR (c.verdict->>\'met\' = \'false\' AND c.verdict->>\'final\' = \'true\'))')
      .orderBy('c.started_at', 'ASC')
      .getMany();
  }
}
