import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventConsumer, ProvisioningEvents } from '@app/shared';
import { KnownCustomer } from './known-customer.entity';

@Injectable()
export class CustomerEventsHandler implements OnModuleInit {
  constructor(private readonly consumer: EventConsumer) {}

  onModuleInit(): void {
    this.consumer.on(ProvisioningEvents.customerCreated, async (data, _envelope, m) => {
      await m.upsert(KnownCustomer, { id: data.id, code: data.code, name: data.name, industry: data.industry, tier: data.tier }, ['id']);
    });
  }
}
