import { DynamicModule, Module } from '@nestjs/common';
import {
  clockEvents,
  DeadlineClockCustomer1764700000000,
  DeadlineClockIndexes1765250000000,
  DeadlineTables1764100000000,
  DeadlineWorkingDays1764810000000,
  EventTables1763900000000,
  IdempotencyRecords1765000000000,
  ServiceRuntime,
  ServiceRuntimeModule,
  SettingsTables1764800000000,
} from '@app/shared';
import { KnownCircuit, KnownCustomer, KnownTicket } from './inventory/inventory.entities';
import { InventoryEvents } from './inventory/inventory.events';
import { Inventory1765400000000 } from './migrations/1765400000000-inventory';
import { Visits1765410000000 } from './migrations/1765410000000-visits';
import { ActivitiesRpc } from './activities/activities.rpc';
import { ActivitiesService } from './activities/activities.service';
import { Activity } from './activities/activity.entity';
import { VisitClocks } from './visits/visit-clocks';
import { FollowUp, Visit } from './visits/visit.entities';
import { VisitPlanningService } from './visits/visit-planning.service';
import { VisitsEvents } from './visits/visits.events';
import { VisitsRpc } from './visits/visits.rpc';
import { VisitsService } from './visits/visits.service';

export const VISITS_ENTITIES: Function[] = [KnownCustomer, KnownCircuit, KnownTicket, Visit, FollowUp, Activity];
export const VISITS_MIGRATIONS = [
  EventTables1763900000000,
  DeadlineTables1764100000000,
  DeadlineClockCustomer1764700000000,
  DeadlineWorkingDays1764810000000,
  IdempotencyRecords1765000000000,
  DeadlineClockIndexes1765250000000,
  SettingsTables1764800000000,
  Inventory1765400000000,
  Visits1765410000000,
];

/** After-sales service (DOMAIN.md §3): visits, inspections and hidden dangers, campaigns, guarantees, cutovers, drills. */
@Module({})
export class VisitsModule {
  static forRoot(runtime: Omit<ServiceRuntime, 'service' | 'entities' | 'migrations'>): DynamicModule {
    return {
      module: VisitsModule,
      imports: [
        ServiceRuntimeModule.register({ deadlines: clockEvents('visits'), ...runtime, service: 'visits', entities: VISITS_ENTITIES, migrations: VISITS_MIGRATIONS }),
      ],
      controllers: [VisitsRpc, ActivitiesRpc],
      providers: [InventoryEvents, VisitClocks, VisitsService, VisitPlanningService, VisitsEvents, ActivitiesService],
    };
  }
}
