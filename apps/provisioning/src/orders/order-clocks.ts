import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CalendarService, guardCalendar, OrderDeadlineView, SubjectClocks } from '@app/shared';
import { operatorWorkingDays } from './operator-working-days';
import { ClockChanges, ClockLimit, WorkingDayCount } from './order.rules';
import { ServiceOrder } from './order.entities';

/** Turns the rules' clock changes into deadline-engine clocks of an order, on the working-day calendar. */
@Injectable()
export class OrderClocks {
  constructor(
    private readonly clocks: SubjectClocks,
    private readonly calendars: CalendarService,
  ) {}

  /** Working days counted the operators' way; a missing calendar year is the 422 naming it. */
  workingDays(): WorkingDayCount {
    const count = operatorWorkingDays(this.calendars.get());
    return {
      withinWorkingDays: (eventAt, n) => guardCalendar(() => count.withinWorkingDays(eventAt, n)),
      workingDaysBefore: (date, n) => guardCalendar(() => count.workingDaysBefore(date, n)),
    };
  }

  /** The end of the working day of a Beijing date: when "required by" that date runs out. */
  endOfWorkingDay(date: string): Date {
    const periods = this.calendars.get().periods;
    return new Date(Date.parse(`${date}T00:00:00+08:00`) + periods[periods.length - 1].endMinute * 60_000);
  }

  dueOf(limit: ClockLimit, from: Date): Date {
    if ('workingDays' in limit) return this.workingDays().withinWorkingDays(from, limit.workingDays).at;
    if ('hours' in limit) return new Date(from.getTime() + limit.hours * 3_600_000);
    return this.endOfWorkingDay(limit.endOfDay);
  }

  /** Stops, then starts, the clocks the rules name, as of `at` (when the action happened); returns each started clock's due. */
  async apply(m: EntityManager, order: ServiceOrder, changes: ClockChanges, at: Date, reason: string): Promise<Record<string, string>> {
    if (changes.stop.length) await this.clocks.stop(m, [order.id], changes.stop, { reason, exemptPauses: false });
    const due: Record<string, string> = {};
    for (const spec of changes.start) {
      const dueAt = this.dueOf(spec.limit, at);
      const date = 'endOfDay' in spec.limit ? spec.limit.endOfDay : null;
      const warnBeforeMs = date ? (spec.warnWorkingDaysBefore ?? []).map((n) => dueAt.getTime() - this.workingDays().workingDaysBefore(date, n).at.getTime()) : [];
      await this.clocks.start(m, 'order', order.id, spec.kind, Math.max(0, dueAt.getTime() - at.getTime()), {
        customerId: order.customerId,
        startedAt: at,
        warnBeforeMs,
      });
      due[spec.kind] = dueAt.toISOString();
    }
    return due;
  }

  /** Every clock of these orders, in the order they started. */
  async ofOrders(m: EntityManager, ids: string[]): Promise<Map<string, OrderDeadlineView[]>> {
    const byOrder = new Map<string, OrderDeadlineView[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return byOrder;
    const rows = (await m.query(
      // In the order the clocks were started (their first audit event), which a shared start time cannot tell apart.
      `SELECT c.subject_id, c.kind, c.due_at, c.status, c.breached_at FROM deadline_clock c
        WHERE c.subject_type = 'order' AND c.subject_id = ANY($1)
        ORDER BY (SELECT min(e.id) FROM deadline_clock_event e WHERE e.clock_id = c.id)`,
      [ids],
    )) as Array<{ subject_id: string; kind: string; due_at: Date | null; status: string; breached_at: Date | null }>;
    for (const c of rows) {
      byOrder.get(c.subject_id)!.push({ kind: c.kind, dueAt: c.due_at?.toISOString() ?? null, status: c.status, breachedAt: c.breached_at?.toISOString() ?? null });
    }
    return byOrder;
  }
}
