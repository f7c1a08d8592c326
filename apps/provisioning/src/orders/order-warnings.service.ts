import { Injectable } from '@nestjs/common';
import { Caller, ExtensionRequest, OrderView, OrderWarningRequest } from '@app/shared';
import { OrderActions } from './order-actions';
import { OrderClocks } from './order-clocks';
import { assertExtensionAllowed, assertRequiredByAhead, clockChanges, completedLate, isTimelyWarning, missedDateIsViolation, warningPoolEntry } from './order.rules';
import { ServiceOrder } from './order.entities';

export function managersOf(o: ServiceOrder): string[] {
  return [o.customerManager, o.businessManager, o.networkSupportManager];
}

/** Step 5: units' warnings, the warning pool, extensions and the missed-date violation. */
@Injectable()
export class OrderWarnings {
  constructor(
    private readonly actions: OrderActions,
    private readonly clocks: OrderClocks,
  ) {}

  /**
   * A unit warns that it cannot finish. Timely at least 5 working days before the date (urgent: 3 days); only a
   * timely warning spares the order the missed-date violation. The three managers are told; the order is in the pool.
   */
  warn(req: OrderWarningRequest, caller: Caller): Promise<OrderView> {
    return this.actions.aside(req, 'warn', caller, ({ order, now, by, limits }) => {
      const timely = isTimelyWarning(now, order, limits, this.clocks.workingDays());
      order.warnings = [...order.warnings, { reason: req.reason, description: req.description, at: now.toISOString(), by, timely }];
      if (!order.inWarningPool) {
        order.inWarningPool = true;
        order.warningPoolEnteredAt = now;
      }
      return Promise.resolve({
        detail: { reason: req.reason, timely, ...(req.reason === 'other' ? { note: '"other" is discouraged: name the reason' } : {}) },
        notify: managersOf(order),
      });
    });
  }

  /** Only a customer reason extends the date (延期); the due clock restarts on the new date. */
  extend(req: ExtensionRequest, caller: Caller): Promise<OrderView> {
    assertExtensionAllowed(req.reason);
    return this.actions.aside(req, 'extend', caller, async ({ m, order, now, limits }) => {
      const from = order.requiredBy;
      order.requiredBy = req.requiredBy;
      order.dueAt = this.clocks.endOfWorkingDay(req.requiredBy);
      assertRequiredByAhead(req.requiredBy, order.dueAt, now);
      const poolAt = warningPoolEntry(order, limits, this.clocks.workingDays());
      const poolAtOnce = poolAt !== null && poolAt.getTime() <= now.getTime();
      order.inWarningPool = poolAtOnce || order.warnings.length > 0;
      order.warningPoolEnteredAt = order.inWarningPool ? (order.warningPoolEnteredAt ?? now) : null;
      await this.clocks.apply(m, order, clockChanges('extend', order, limits, { poolAtOnce }), now, `extended: ${req.description}`);
      return { detail: { from, to: req.requiredBy, dueAt: order.dueAt.toISOString(), description: req.description }, notify: managersOf(order) };
    });
  }

  /** The date was missed (by `at`): records 到期未完成且未预警 once, unless a unit warned in time; true when recorded. */
  recordMissedDate(order: ServiceOrder, at: Date): boolean {
    if (order.violations.some((v) => v.kind === 'missed-without-warning') || !missedDateIsViolation(order)) return false;
    order.violations = [
      ...order.violations,
      { kind: 'missed-without-warning', at: at.toISOString(), detail: `Due ${order.dueAt.toISOString()}, not completed and not warned in time` },
    ];
    return true;
  }

  /**
   * At the whole-route completion the date is settled: a late completion without a timely warning is a violation; a
   * completion stated within the date withdraws the one the due clock's breach recorded before it was entered.
   */
  settleMissedDate(order: ServiceOrder, completedAt: Date): void {
    if (completedLate(order, completedAt)) this.recordMissedDate(order, completedAt);
    else order.violations = order.violations.filter((v) => v.kind !== 'missed-without-warning');
  }
}
