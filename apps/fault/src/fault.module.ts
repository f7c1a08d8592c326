import { DynamicModule, Module } from '@nestjs/common';
import { clockEvents, DeadlineTables1764100000000, EventTables1763900000000, ServiceRuntime, ServiceRuntimeModule } from '@app/shared';
import { CustomerEventsHandler } from './customers/customer-events.handler';
import { KnownCustomer } from './customers/known-customer.entity';
import { Init1764000000000 } from './migrations/1764000000000-init';
import { Ticket } from './tickets/ticket.entity';
import { TicketsRpc } from './tickets/tickets.rpc';
import { TicketsService } from './tickets/tickets.service';

export const FAULT_ENTITIES = [KnownCustomer, Ticket];
export const FAULT_MIGRATIONS = [EventTables1763900000000, Init1764000000000, DeadlineTables1764100000000];

@Module({})
export class FaultModule {
  static forRoot(runtime: Omit<ServiceRuntime, 'service' | 'entities' | 'migrations'>): DynamicModule {
    return {
      module: FaultModule,
      imports: [
        ServiceRuntimeModule.register({ deadlines: clockEvents('fault'), ...runtime, service: 'fault', entities: FAULT_ENTITIES, migrations: FAULT_MIGRATIONS }),
      ],
      controllers: [TicketsRpc],
      providers: [TicketsService, CustomerEventsHandler],
    };
  }
}
