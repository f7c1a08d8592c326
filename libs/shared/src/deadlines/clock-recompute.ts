import { Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CalendarYearMissingError, provisionalLabel, WorkingCalendar } from '../calendar/working-calendar';
import { Clock } from '../clock/clock';
import { auditClock, iso, mergeCalendarBasis } from './clock-support';
import { nextFireOrBreach } from './deadline-firing';
import { DeadlineClock } from './deadline.entities';
import { timeBasis } from './time-basis';

const RECOMPUTE_POLICY = 'time already used stays used (measured on the calendar in force when it was used); the remaining budget is projected on the corrected calendar';
const PROVISIONAL_POLICY =
  'the clock was computed on plain weekdays for a year with no schedule: its running time and its deadline are recomputed on the loaded calendar';

/** Open working-time clocks recomputed after a calendar year is loaded or corrected (DeadlineRuntime.applyCalendarYear). */
export class ClockRecompute {
  private readonly logger = new Logger(ClockRecompute.name);

  constructor(private readonly clock: Clock) {}

  /**
   * After a calendar year is loaded or corrected: every running working-time clock whose deadline reaches into that
   * year, and every clock still provisional, is recomputed. A corrected year keeps the time already used and projects
   * the remaining budget on the corrected calendar; a clock computed on weekdays for the year is re-measured on the
   * loaded calendar and is no longer provisional for it. A fixed deadline stays, its limit re-derived. Audited per clock.
   */
  async forCalendar(m: EntityManager, before: WorkingCalendar, after: WorkingCalendar, year: number): Promise<number> {
    const now = this.clock.now();
    const yearStart = new Date(`${year}-01-01T00:00:00+08:00`);
    const clocks = await m
      .getRepository(DeadlineClock)
      .createQueryBuilder('c')
      .where(`c.basis <> 'wall' AND ((c.status = 'running' AND c.due_at >= :yearStart) OR (c.status IN ('running', 'paused') AND c.provisional))`, { yearStart })
      .orderBy('c.id')
      .setLock('pessimistic_write')
      .getMany();
    let changed = 0;
    for (const clock of clocks) {
      try {
        if (await this.recomputeClock(m, clock, before, after, year, now)) changed += 1;
      } catch (err) {
        // A clock reaching into a year that still has no schedule (under the 'error' policy) keeps its deadline; it is recomputed when that year is loaded.
        if (!(err instanceof CalendarYearMissingError)) throw err;
        this.logger.warn(`Clock ${clock.id} not recomputed: ${err.message}`);
      }
    }
    return changed;
  }

  private async recomputeClock(m: EntityManager, clock: DeadlineClock, before: WorkingCalendar, after: WorkingCalendar, year: number, now: Date): Promise<boolean> {
    const wasProvisional = clock.calendarVersions.includes(provisionalLabel(year));
    const old = { dueAt: clock.dueAt, limitMs: clock.limitMs, versions: clock.calendarVersions };
    clock.calendarVersions = clock.calendarVersions.filter((v) => v !== provisionalLabel(year));
    mergeCalendarBasis(clock, { versions: [] });
    const basis = timeBasis(clock.basis, after);
    let projectedOn: string[] = [];
    if (clock.status === 'running') {
      // Time already used on a corrected year stays as measured; on a year that was a weekday guess it is re-measured.
      const used = timeBasis(clock.basis, wasProvisional ? after : before).measure(clock.resumedAt!, now);
      const from = new Date(Math.max(now.getTime(), clock.resumedAt!.getTime()));
      const usedMs = clock.usedMs + Math.max(0, used.ms);
      mergeCalendarBasis(clock, used);
      if (clock.fixedDue) {
        const remaining = basis.measure(from, clock.dueAt!);
        projectedOn = remaining.versions;
        clock.limitMs = usedMs + Math.max(0, remaining.ms);
      } else {
        const projected = basis.project(from, Math.max(0, clock.limitMs - usedMs));
        projectedOn = projected.versions;
        clock.dueAt = projected.at;
      }
      mergeCalendarBasis(clock, { versions: projectedOn });
      clock.usedMs = usedMs;
      clock.resumedAt = from;
      clock.nextFireAt = nextFireOrBreach(clock, basis);
    }
    const unchanged = old.dueAt?.getTime() === clock.dueAt?.getTime() && old.limitMs === clock.limitMs && !wasProvisional;
    if (unchanged) return false;
    await m.save(clock);
    await auditClock(m, clock.id, 'recompute', now, {
      year,
      policy: wasProvisional ? PROVISIONAL_POLICY : RECOMPUTE_POLICY,
      oldDueAt: iso(old.dueAt),
      newDueAt: iso(clock.dueAt),
      ...(old.limitMs !== clock.limitMs ? { oldLimitMs: old.limitMs, newLimitMs: clock.limitMs } : {}),
      usedMs: clock.usedMs,
      remainingMs: Math.max(0, clock.limitMs - clock.usedMs),
      calendarVersions: projectedOn,
      wasProvisional,
      provisional: clock.provisional,
    });
    return true;
  }
}
