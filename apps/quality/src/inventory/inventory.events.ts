import { Injectable, OnModuleInit } from '@nestjs/common';
import { CircuitData, CircuitEvents, EventConsumer, ProvisioningEvents } from '@app/shared';
import { EntityManager } from 'typeorm';

/** Keeps the circuits (customer, service type, grade) and customers (region) samples and warnings are about. */
@Injectable()
export class InventoryEvents implements OnModuleInit {
  constructor(private readonly consumer: EventConsumer) {}

  onModuleInit(): void {
    this.consumer.on(ProvisioningEvents.customerCreated, async (d, _e, m) => {
      await m.query(
        `INSERT INTO known_customer (id, code, name, region) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, region = excluded.region`,
        [d.id, d.code, d.name, d.region ?? null],
      );
    });
    const circuit = async (d: CircuitData, _e: unknown, m: EntityManager) => {
      await m.query(
        `INSERT INTO known_circuit (id, code, customer_id, service_type, grade, state) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET code = excluded.code, customer_id = excluded.customer_id, service_type = excluded.service_type,
           grade = excluded.grade, state = excluded.state`,
        [d.id, d.code, d.customerId, d.serviceType, d.grade, d.state],
      );
    };
    this.consumer.on(CircuitEvents.created, circuit);
    this.consumer.on(CircuitEvents.updated, circuit);
  }
}
