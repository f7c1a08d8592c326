import { Logger } from '@nestjs/common';
import { CalendarYearMissingError } from '../calendar/working-calendar';
import { Clock } from '../clock/clock';
import { ClockBreachedData, ClockEventContracts, ClockWarnedData, CustomerClockScope } from '../contracts/clock';
import { OutboxWriter, UnitOfWork } from '../events/outbox';
import { BasisOf, clockEventData, iso } from './clock-support';
import { ClockEventType, DeadlineClock } from './deadline.entities';
import { nextFireAt, TimeBasis } from './time-basis';

const logger = new Logger('DeadlineFiring');

/**
 * What a running clock fires next. A warning time in a year with no calendar (under the 'error' policy) should not
 * stop the breach: its remaining warnings are skipped and the deadline itself fires.
 */
export function nextFireOrBreach(clock: DeadlineClock, basis: TimeBasis): Date | null {
  try {
    return nextFireAt(clock, basis);
  } catch (err) {
    if (!(err instanceof CalendarYearMissingError)) throw err;
    logger.warn(`Clock ${clock.id}: ${err.message}; skipping its remaining warnings`);
    clock.warningsFired = clock.warnBeforeMs.length;
    return nextFireAt(clock, basis);
  }
}

/**
 * Fires the warnings and breaches that are due. Due clocks are found with an indexed query on `next_fire_at` and
 * claimed with FOR UPDATE SKIP LOCKED, and each fires in the same transaction that records it, so it fires exactly
 * once however many replicas poll.
 */
export class DeadlineFiring {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly basisOf: BasisOf,
    private readonly events: ClockEventContracts,
    private readonly batchSize: number,
    /** The service's customer-facing clocks: its events say whether each is one. */
    private readonly customerScope?: CustomerClockScope,
  ) {}

  /** Fires what is due now; returns how many clocks were due and how many warnings and breaches fired. */
  async tick(): Promise<{ clocks: number; fired: number }> {
    const now = this.clock.now();
    return this.uow.run(async (m) => {
      const due = await m
        .getRepository(DeadlineClock)
        .createQueryBuilder('c')
        .where('c.next_fire_at <= :now', { now })
        .orderBy('c.next_fire_at', 'ASC')
        .limit(this.batchSize)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (due.length === 0) return { clocks: 0, fired: 0 };
      const audits: Array<{ clockId: string; type: ClockEventType; at: Date; detail: Record<string, unknown> }> = [];
      const warned: Array<{ subjectId: string; data: ClockWarnedData }> = [];
      const breached: Array<{ subjectId: string; data: ClockBreachedData }> = [];
      for (const clock of due) {
        const basis = this.basisOf(clock.basis);
        let next = clock.nextFireAt;
        while (next && next.getTime() <= now.getTime()) {
          if (clock.warningsFired < clock.warnBeforeMs.length) {
            const index = clock.warningsFired;
            const data: ClockWarnedData = { ...clockEventData(clock, this.customerScope), warningIndex: index, warnBeforeMs: clock.warnBeforeMs[index], warnAt: next.toISOString() };
            warned.push({ subjectId: clock.subjectId, data });
            audits.push({ clockId: clock.id, type: 'warn', at: now, detail: { warningIndex: index, warnBeforeMs: data.warnBeforeMs, warnAt: data.warnAt, dueAt: data.dueAt, provisional: clock.provisional } });
            clock.warningsFired += 1;
          } else {
            clock.breachedAt = clock.dueAt;
            breached.push({ subjectId: clock.subjectId, data: { ...clockEventData(clock, this.customerScope), breachedAt: clock.dueAt!.toISOString() } });
            audits.push({
              clockId: clock.id,
              type: 'breach',
              at: now,
              detail: { dueAt: iso(clock.dueAt), firedAt: now.toISOString(), usedMs: clock.usedMs, calendarVersions: clock.calendarVersions, provisional: clock.provisional },
            });
          }
          next = nextFireOrBreach(clock, basis);
        }
        clock.nextFireAt = next;
      }
      await m.query(
        `UPDATE deadline_clock AS c SET warnings_fired = v.warnings_fired, breached_at = v.breached_at, next_fire_at = v.next_fire_at
         FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::timestamptz[]) AS v(id, warnings_fired, breached_at, next_fire_at)
         WHERE c.id = v.id`,
        [due.map((c) => c.id), due.map((c) => c.warningsFired), due.map((c) => iso(c.breachedAt)), due.map((c) => iso(c.nextFireAt))],
      );
      await m.query(
        `INSERT INTO deadline_clock_event (clock_id, type, at, detail)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::jsonb[])`,
        [audits.map((a) => a.clockId), audits.map((a) => a.type), audits.map((a) => a.at), audits.map((a) => JSON.stringify(a.detail))],
      );
      await this.outbox.recordMany(m, warned.map((w) => ({ contract: this.events.warned, ...w })));
      await this.outbox.recordMany(m, breached.map((b) => ({ contract: this.events.breached, ...b })));
      return { clocks: due.length, fired: warned.length + breached.length };
    });
  }
}
