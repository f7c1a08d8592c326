import { Injectable, OnModuleInit } from '@nestjs/common';
import { CircuitData, CircuitEvents, CutoverEvents, EventConsumer, ProvisioningEvents, VisitsEvents } from '@app/shared';
import { EntityManager } from 'typeorm';
import { Cutover, Guarantee, KnownCircuit, KnownCustomer } from './inventory.entities';

/** Keeps the local copies the fault service needs: customers and circuits from provisioning, guarantees and cutovers from visits. */
@Injectable()
export class InventoryEvents implements OnModuleInit {
  constructor(private readonly consumer: EventConsumer) {}

  onModuleInit(): void {
    this.consumer.on(ProvisioningEvents.customerCreated, async (d, _e, m) => {
      await m.upsert(KnownCustomer, { id: d.id, code: d.code, name: d.name, industry: d.industry, tier: d.tier }, ['id']);
    });
    const circuit = async (d: CircuitData, _e: unknown, m: EntityManager) => {
      await m.upsert(
        KnownCircuit,
        { id: d.id, code: d.code, customerId: d.customerId, serviceType: d.serviceType, grade: d.grade, importance: d.importance, state: d.state },
        ['id'],
      );
    };
    this.consumer.on(CircuitEvents.created, circuit);
    this.consumer.on(CircuitEvents.updated, circuit);
    this.consumer.on(VisitsEvents.guaranteeActivated, async (d, _e, m) => {
      await m.upsert(
        Guarantee,
        { id: d.guaranteeId, customerId: d.customerId, title: d.title, circuitCodes: d.circuitCodes, startsAt: new Date(d.startsAt), endsAt: new Date(d.endsAt), ended: false },
        ['id'],
      );
    });
    this.consumer.on(VisitsEvents.guaranteeEnded, async (d, _e, m) => {
      await m.update(Guarantee, { id: d.guaranteeId }, { ended: true });
    });
    this.consumer.on(VisitsEvents.cutoverScheduled, async (d, _e, m) => {
      await m.upsert(
        Cutover,
        { id: d.cutoverId, title: d.title, circuitCodes: d.circuitCodes, windowStart: new Date(d.windowStart), windowEnd: new Date(d.windowEnd) },
        ['id'],
      );
    });
    // The agreed window is void (cancelled, or rescheduled until everyone agrees again): no fault is linked to it any more.
    this.consumer.on(CutoverEvents.cancelled, async (d, _e, m) => {
      await m.delete(Cutover, { id: d.cutoverId });
    });
  }
}
