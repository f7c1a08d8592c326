import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CalendarService, SubjectClocks } from '@app/shared';
import { TaskClock } from './visit.rules';

/** Turns the rules' working-day limits into deadline-engine clocks (follow-ups, crisis visits). */
@Injectable()
export class VisitClocks {
  constructor(
    private readonly clocks: SubjectClocks,
    private readonly calendars: CalendarService,
  ) {}

  /** The close of business of a Beijing date: when "due on" that date runs out. */
  closeOfBusiness(date: string): Date {
    return this.calendars.get().closeOfBusiness(date);
  }

  /** Starts the clock as of `startedAt`; returns when it is due. */
  async start(m: EntityManager, subject: { type: string; id: string; kind: string; customerId: string }, clock: TaskClock, startedAt: Date): Promise<Date | null> {
    const { workingDayMs } = this.calendars.get();
    const opts = { customerId: subject.customerId, startedAt, basis: 'working-days' as const, warnBeforeMs: clock.warnWorkingDaysBefore.map((n) => n * workingDayMs) };
    const limit = 'endOfDay' in clock.limit ? { dueAt: this.closeOfBusiness(clock.limit.endOfDay) } : clock.limit.workingDays * workingDayMs;
    const started = await this.clocks.start(m, subject.type, subject.id, subject.kind, limit, opts);
    return started.dueAt;
  }

  async stop(m: EntityManager, subjectIds: string[], kind: string, reason: string, at: Date): Promise<void> {
    await this.clocks.stop(m, subjectIds, [kind], { reason, exemptPauses: false, at });
  }
}
