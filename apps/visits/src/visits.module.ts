import { DynamicModule, Module } from '@nestjs/common';
import { clockEvents, DeadlineClockCustomer1764700000000, DeadlineClockIndexes1765250000000, DeadlineTables1764100000000, DeadlineWorkingDays1764810000000, EventTables1763900000000, ServiceRuntime, ServiceRuntimeModule, IdempotencyRecords1765000000000 } from '@app/shared';

export const VISITS_ENTITIES: Function[] = [];
export const VISITS_MIGRATIONS = [EventTables1763900000000, DeadlineTables1764100000000, DeadlineClockCustomer1764700000000, DeadlineWorkingDays1764810000000, IdempotencyRecords1765000000000, DeadlineClockIndexes1765250000000];

/** Visits, inspections, guarantees and cutovers (DOMAIN.md §3). So far: its schema, events and health. */
@Module({})
export class VisitsModule {
  static forRoot(runtime: Omit<ServiceRuntime, 'service' | 'entities' | 'migrations'>): DynamicModule {
    return {
      module: VisitsModule,
      imports: [
        ServiceRuntimeModule.register({ deadlines: clockEvents('visits'), ...runtime, service: 'visits', entities: VISITS_ENTITIES, migrations: VISITS_MIGRATIONS }),
      ],
    };
  }
}
