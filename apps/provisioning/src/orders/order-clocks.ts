import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CalendarService, guardCalendar, HOUR, OrderDeadlineView, SubjectClocks } from '@app/shared';
import { ClockChanges, ClockStart, WorkingDayCount } from './order.rules';
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
    const calendar = this.calendars.get();
    return {
      withinWorkingDays: (eventAt, n) => guardCalendar(() => calendar.withinWorkingDays(eventAt, n)),
      workingDaysBefore: (date, n) => guardCalendar(() => calendar.workingDaysBefore(date, n)),
    };
  }

  /** The close of business of a Beijing date: when "required by" that date runs out. */
  endOfWorkingDay(date: string): Date {
    return this.calendars.get().closeOfBusiness(date);
  }

  private startOne(m: EntityManager, order: ServiceOrder, spec: ClockStart, at: Date) {
    const { workingDayMs } = this.calendars.get();
    const opts = { customerId: order.customerId, startedAt: at };
    const { limit } = spec;
    if ('hours' in limit) return this.clocks.start(m, 'order', order.id, spec.kind, limit.hours * HOUR, opts);
    if ('workingDays' in limit) return this.clocks.start(m, 'order', order.id, spec.kind, limit.workingDays * workingDayMs, { ...opts, basis: 'working-days' });
    return this.clocks.start(m, 'order', order.id, spec.kind, { dueAt: this.endOfWorkingDay(limit.endOfDay) }, {
      ...opts,
      basis: 'working-days',
      warnBeforeMs: (spec.warnWorkingDaysBefore ?? []).map((n) => n * workingDayMs),
    });
  }

  /** Stops, then starts, the clocks the rules name, as of `at` (when the action happened); returns each started clock's due. */
  async apply(m: EntityManager, order: ServiceOrder, changes: ClockChanges, at: Date, reason: string): Promise<Record<string, string>> {
    if (changes.stop.length) await this.clocks.stop(m, [order.id], changes.stop, { reason, exemptPauses: false, at });
    const due: Record<string, string> = {};
    for (const spec of changes.start) {
      const clock = await this.startOne(m, order, spec, at);
      if (clock.dueAt) due[spec.kind] = clock.dueAt.toISOString();
    }
    return due;
  }

  /** Every clock of these orders, in the order they started. */
  async ofOrders(m: EntityManager, ids: string[]): Promise<Map<string, OrderDeadlineView[]>> {
    const byOrder = new Map<string, OrderDeadlineView[]>(ids.map((id) => [id, []]));
    for (const c of await this.clocks.ofSubjects(m, ids)) {
      byOrder.get(c.subjectId)?.push({
        kind: c.kind,
        dueAt: c.dueAt?.toISOString() ?? null,
        status: c.status,
        breachedAt: c.breachedAt?.toISOString() ?? null,
        met: c.met,
        provisional: c.provisional,
      });
    }
    return byOrder;
  }
}
