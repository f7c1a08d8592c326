import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CircuitData, CircuitEvents, EventConsumer, FaultEvents, ProvisioningEvents } from '@app/shared';
import { KnownCircuit, KnownCustomer } from './inventory.entities';

/** Keeps after-sales' own copies: customers and circuits from provisioning, fault outcomes from fault. */
@Injectable()
export class InventoryEvents implements OnModuleInit {
  constructor(private readonly consumer: EventConsumer) {}

  onModuleInit(): void {
    this.consumer.on(ProvisioningEvents.customerCreated, async (d, e, m) => {
      await m.upsert(
        KnownCustomer,
        {
          id: d.id,
          code: d.code,
          name: d.name,
          industry: d.industry,
          tier: d.tier,
          region: d.region ?? null,
          customerManager: d.customerManager ?? null,
          customerEngineer: d.customerEngineer ?? null,
          knownSince: new Date(e.occurredAt),
        },
        ['id'],
      );
    });
    const circuit = async (d: CircuitData, _e: unknown, m: EntityManager) => {
      await m.upsert(
        KnownCircuit,
        { id: d.id, code: d.code, customerId: d.customerId, serviceType: d.serviceType, grade: d.grade, business: d.business, importance: d.importance, state: d.state, aEnd: d.aEnd, zEnd: d.zEnd },
        ['id'],
      );
    };
    this.consumer.on(CircuitEvents.created, circuit);
    this.consumer.on(CircuitEvents.updated, circuit);
    // Ticket events may be applied out of order after a redelivery: the later change wins, the opening fills in what it knows.
    this.consumer.on(FaultEvents.ticketOpened, async (d, _e, m) => {
      await m.query(
        `INSERT INTO known_ticket (id, number, customer_id, circuit_id, status, opened_at, updated_at) VALUES ($1, $2, $3, $4, 'open', $5, $5)
         ON CONFLICT (id) DO UPDATE SET circuit_id = EXCLUDED.circuit_id, opened_at = EXCLUDED.opened_at`,
        [d.ticketId, d.number, d.customerId, d.circuitId, d.openedAt],
      );
    });
    this.consumer.on(FaultEvents.ticketChanged, async (d, _e, m) => {
      const closedAt = d.action === 'close' ? d.at : null;
      await m.query(
        `INSERT INTO known_ticket (id, number, customer_id, status, closed_at, crisis_a, major_classes, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, closed_at = COALESCE(EXCLUDED.closed_at, CASE WHEN EXCLUDED.status = 'closed' THEN known_ticket.closed_at END),
           crisis_a = known_ticket.crisis_a OR EXCLUDED.crisis_a, major_classes = CASE WHEN cardinality(EXCLUDED.major_classes) > 0 THEN EXCLUDED.major_classes ELSE known_ticket.major_classes END, updated_at = EXCLUDED.updated_at
         WHERE known_ticket.updated_at <= EXCLUDED.updated_at`,
        [d.ticketId, d.number, d.customerId, d.status, closedAt, d.crisisA ?? false, d.majorClasses ?? [], d.at],
      );
    });
  }
}
