import { EntityManager } from 'typeorm';
import { OrderChangedData, OrderEvents } from '@app/shared';
import { ProjectionSink } from '../faults/fault-projections';
import { deliveredOnTime } from '../statistics/statistics.rules';

/**
 * Order facts from provisioning's order events: each event carries the order as it stands after the change (its
 * version, dates, warnings, violations), so the fact keeps the highest version seen — a redelivered or late event
 * changes nothing. Warning-pool entries and missed-date violations come the same way: provisioning records them on
 * the order when its own due clock fires, and the order's event carries them.
 */
export function registerOrderProjections(sink: ProjectionSink): void {
  sink.on(OrderEvents.changed, (data, _e, m) => orderFact(m, data));
}

async function orderFact(m: EntityManager, d: OrderChangedData): Promise<void> {
  // Events from before orders carried their state say nothing statistics can use.
  if (d.version === undefined) return;
  const completedAt = d.wholeRouteCompletedAt ? new Date(d.wholeRouteCompletedAt) : null;
  const onTime = completedAt && d.dueAt ? deliveredOnTime(completedAt, new Date(d.dueAt)) : null;
  await m.query(
    `INSERT INTO order_fact (order_id, version, customer_id, service_type, step, due_at, completed_at, on_time, pool_entered_at, warnings, violations)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (order_id) DO UPDATE SET version = EXCLUDED.version, customer_id = EXCLUDED.customer_id, service_type = EXCLUDED.service_type,
       step = EXCLUDED.step, due_at = EXCLUDED.due_at, completed_at = EXCLUDED.completed_at, on_time = EXCLUDED.on_time,
       pool_entered_at = EXCLUDED.pool_entered_at, warnings = EXCLUDED.warnings, violations = EXCLUDED.violations
     WHERE order_fact.version < EXCLUDED.version`,
    [
      d.orderId,
      d.version,
      d.customerId,
      d.serviceType ?? null,
      d.step,
      d.dueAt ?? null,
      completedAt,
      onTime,
      d.warningPoolEnteredAt ?? null,
      JSON.stringify(d.warnings ?? []),
      JSON.stringify(d.violations ?? []),
    ],
  );
}
