import { clockEvents, ComplaintEvents, InspectionEvents, VisitEvents } from '@app/shared';
import { ProjectionSink } from '../faults/fault-projections';

/**
 * After-sales facts from the visits service's events and the fault service's complaints and complaint clocks. Each
 * write is order-safe: a visit or inspection is done once (the first done time stays), a danger's first sighting is
 * the earliest time seen and its status follows the latest recorded event, a complaint's receipt is its earliest
 * event, a clock's breach and stop are each recorded once. A redelivered event changes nothing.
 */
export function registerAfterSalesProjections(sink: ProjectionSink): void {
  sink.on(VisitEvents.visitChanged, async (d, _e, m) => {
    await m.query(
      `INSERT INTO visit_fact (visit_id, customer_id, kind, done_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (visit_id) DO UPDATE SET kind = EXCLUDED.kind, done_at = COALESCE(visit_fact.done_at, EXCLUDED.done_at)`,
      [d.visitId, d.customerId, d.kind, d.status === 'done' ? d.at : null],
    );
  });
  sink.on(InspectionEvents.changed, async (d, _e, m) => {
    await m.query(
      `INSERT INTO inspection_fact (inspection_id, customer_id, done_at) VALUES ($1, $2, $3)
       ON CONFLICT (inspection_id) DO UPDATE SET done_at = COALESCE(inspection_fact.done_at, EXCLUDED.done_at)`,
      [d.inspectionId, d.customerId, d.status === 'done' ? d.at : null],
    );
  });
  sink.on(InspectionEvents.dangerChanged, async (d, e, m) => {
    await m.query(
      `INSERT INTO danger_fact (danger_id, customer_id, found_at, status, fixed_at, status_recorded_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (danger_id) DO UPDATE SET found_at = LEAST(danger_fact.found_at, EXCLUDED.found_at),
         status = CASE WHEN EXCLUDED.status_recorded_at >= danger_fact.status_recorded_at THEN EXCLUDED.status ELSE danger_fact.status END,
         fixed_at = CASE WHEN EXCLUDED.status_recorded_at >= danger_fact.status_recorded_at THEN EXCLUDED.fixed_at ELSE danger_fact.fixed_at END,
         status_recorded_at = GREATEST(danger_fact.status_recorded_at, EXCLUDED.status_recorded_at)`,
      [d.dangerId, d.customerId, d.at, d.status, d.status === 'fixed' ? d.at : null, e.occurredAt],
    );
  });
  sink.on(ComplaintEvents.changed, async (d, _e, m) => {
    await m.query(
      `INSERT INTO complaint_fact (complaint_id, customer_id, important, received_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (complaint_id) DO UPDATE SET received_at = LEAST(complaint_fact.received_at, EXCLUDED.received_at)`,
      [d.complaintId, d.customerId, d.important, d.at],
    );
  });
  const faultClocks = clockEvents('fault');
  sink.on(faultClocks.breached, async (d, _e, m) => {
    if (d.subjectType !== 'complaint') return;
    await m.query(
      `INSERT INTO complaint_clock_fact (clock_id, complaint_id, customer_id, kind, breached_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (clock_id) DO UPDATE SET breached_at = COALESCE(complaint_clock_fact.breached_at, EXCLUDED.breached_at)`,
      [d.clockId, d.subjectId, d.customerId ?? null, d.kind, d.breachedAt],
    );
  });
  sink.on(faultClocks.stopped, async (d, _e, m) => {
    if (d.subjectType !== 'complaint') return;
    await m.query(
      `INSERT INTO complaint_clock_fact (clock_id, complaint_id, customer_id, kind, stopped_at, met) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (clock_id) DO UPDATE SET stopped_at = COALESCE(complaint_clock_fact.stopped_at, EXCLUDED.stopped_at),
         met = COALESCE(complaint_clock_fact.met, EXCLUDED.met)`,
      [d.clockId, d.subjectId, d.customerId ?? null, d.kind, d.stoppedAt, d.met],
    );
  });
}
