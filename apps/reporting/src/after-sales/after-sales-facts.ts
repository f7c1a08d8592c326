import { Injectable, OnModuleInit } from '@nestjs/common';
import { clockEvents, ComplaintEvents, EventConsumer, InspectionEvents, ProvisioningEvents, VisitEvents } from '@app/shared';

/**
 * After-sales facts from the visits service's events and the fault service's complaints and complaint clocks. Each
 * write is order-safe: a visit or inspection is done once (the first done time stays), a danger's first sighting is
 * the earliest time seen and its status follows the latest recorded event, a complaint's receipt is its earliest
 * event, a clock's breach and stop are each recorded once. A redelivered event changes nothing.
 */
@Injectable()
export class AfterSalesFacts implements OnModuleInit {
  constructor(private readonly consumer: EventConsumer) {}

  onModuleInit(): void {
    this.consumer.on(VisitEvents.visitChanged, async (d, _e, m) => {
      await m.query(
        `INSERT INTO visit_fact (visit_id, customer_id, kind, done_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (visit_id) DO UPDATE SET kind = EXCLUDED.kind, done_at = COALESCE(visit_fact.done_at, EXCLUDED.done_at)`,
        [d.visitId, d.customerId, d.kind, d.status === 'done' ? d.at : null],
      );
    });
    this.consumer.on(InspectionEvents.changed, async (d, _e, m) => {
      await m.query(
        `INSERT INTO inspection_fact (inspection_id, customer_id, done_at) VALUES ($1, $2, $3)
         ON CONFLICT (inspection_id) DO UPDATE SET done_at = COALESCE(inspection_fact.done_at, EXCLUDED.done_at)`,
        [d.inspectionId, d.customerId, d.status === 'done' ? d.at : null],
      );
    });
    this.consumer.on(InspectionEvents.dangerChanged, async (d, e, m) => {
      await m.query(
        `INSERT INTO danger_fact (danger_id, customer_id, found_at, status, fixed_at, status_recorded_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (danger_id) DO UPDATE SET found_at = LEAST(danger_fact.found_at, EXCLUDED.found_at),
           status = CASE WHEN EXCLUDED.status_recorded_at >= danger_fact.status_recorded_at THEN EXCLUDED.status ELSE danger_fact.status END,
           fixed_at = CASE WHEN EXCLUDED.status_recorded_at >= danger_fact.status_recorded_at THEN EXCLUDED.fixed_at ELSE danger_fact.fixed_at END,
           status_recorded_at = GREATEST(danger_fact.status_recorded_at, EXCLUDED.status_recorded_at)`,
        [d.dangerId, d.customerId, d.at, d.status, d.status === 'fixed' ? d.at : null, e.occurredAt],
      );
    });
    this.consumer.on(ComplaintEvents.changed, async (d, _e, m) => {
      await m.query(
        `INSERT INTO complaint_fact (complaint_id, customer_id, important, received_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (complaint_id) DO UPDATE SET received_at = LEAST(complaint_fact.received_at, EXCLUDED.received_at)`,
        [d.complaintId, d.customerId, d.important, d.at],
      );
    });
    const faultClocks = clockEvents('fault');
    this.consumer.on(faultClocks.breached, async (d, _e, m) => {
      if (d.subjectType !== 'complaint') return;
      await m.query(
        `INSERT INTO complaint_clock_fact (clock_id, complaint_id, customer_id, kind, breached_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (clock_id) DO UPDATE SET breached_at = COALESCE(complaint_clock_fact.breached_at, EXCLUDED.breached_at)`,
        [d.clockId, d.subjectId, d.customerId ?? null, d.kind, d.breachedAt],
      );
    });
    this.consumer.on(faultClocks.stopped, async (d, _e, m) => {
      if (d.subjectType !== 'complaint') return;
      await m.query(
        `INSERT INTO complaint_clock_fact (clock_id, complaint_id, customer_id, kind, stopped_at, met) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (clock_id) DO UPDATE SET stopped_at = COALESCE(complaint_clock_fact.stopped_at, EXCLUDED.stopped_at),
           met = COALESCE(complaint_clock_fact.met, EXCLUDED.met)`,
        [d.clockId, d.subjectId, d.customerId ?? null, d.kind, d.stoppedAt, d.met],
      );
    });
    // The customer dimension's industry and region (customer_dim is kept by the fault-facts consumer, which writes
    // name and tier; this adds what statistics group by, and is idempotent beside it).
    this.consumer.on(ProvisioningEvents.customerCreated, async (d, _e, m) => {
      await m.query(
        `INSERT INTO customer_dim (id, name, tier, industry, region) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET industry = EXCLUDED.industry, region = EXCLUDED.region`,
        [d.id, d.name, d.tier, d.industry, d.region ?? null],
      );
    });
  }
}
