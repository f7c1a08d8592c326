import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock, clockEvents, EventConsumer, NotifierEvents } from '@app/shared';
import { CLOCK, isOpenStep } from './order.rules';
import { managersOf, OrderWarnings } from './order-warnings.service';
import { OrderStore } from './order.store';

/** The order's due clock, through the service's own durable clock events (the warning pool and missed dates), and the notifier's deliveries. */
@Injectable()
export class OrdersEvents implements OnModuleInit {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly store: OrderStore,
    private readonly warnings: OrderWarnings,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    const events = clockEvents('provisioning');
    // The due clock's warning: an order without progress reports enters the warning pool. It is not a warning.
    this.consumer.on(events.warned, async (d, _e, m) => {
      if (d.subjectType !== 'order' || d.kind !== CLOCK.due) return;
      const order = await this.store.lockIfAny(m, d.subjectId);
      if (!order || !isOpenStep(order.step) || order.inWarningPool) return;
      const at = new Date(d.warnAt);
      order.inWarningPool = true;
      order.warningPoolEnteredAt = at;
      await this.store.save(m, order, { type: 'warning-pool', by: 'system', occurredAt: at, recordedAt: this.clock.now(), detail: { enteredAt: d.warnAt }, notify: managersOf(order) });
    });
    // The date passed before the whole-route completion: a violation unless a unit warned in time.
    this.consumer.on(events.breached, async (d, _e, m) => {
      if (d.subjectType !== 'order' || d.kind !== CLOCK.due) return;
      const order = await this.store.lockIfAny(m, d.subjectId);
      if (!order || !isOpenStep(order.step)) return;
      const at = new Date(d.breachedAt);
      if (!this.warnings.recordMissedDate(order, at)) return;
      await this.store.save(m, order, { type: 'violation', by: 'system', occurredAt: at, recordedAt: this.clock.now(), detail: { kind: 'missed-without-warning' }, notify: managersOf(order) });
    });
    // The notifier's record of each message sent about an order (or given up on), kept for the order's timeline.
    this.consumer.on(NotifierEvents.deliveryRecorded, async (d, _e, m) => {
      if (d.subjectType !== 'order' || !d.subjectId) return;
      await this.store.noteDelivery(m, { ...d, subjectId: d.subjectId });
    });
  }
}
