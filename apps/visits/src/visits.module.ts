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
import { Cutover, CutoverAnswer, CutoverNotice } from './cutovers/cutover.entities';
import { CutoversEvents } from './cutovers/cutovers.events';
import { CutoversRpc } from './cutovers/cutovers.rpc';
import { CutoversService } from './cutovers/cutovers.service';
import { Guarantee, GuaranteeCheck } from './guarantees/guarantee.entities';
import { GuaranteesEvents } from './guarantees/guarantees.events';
import { GuaranteesRpc } from './guarantees/guarantees.rpc';
import { GuaranteesService } from './guarantees/guarantees.service';
import { HistoryRpc } from './history/history.rpc';
import { HistoryService } from './history/history.service';
import { KnownCircuit, KnownCustomer, KnownTicket } from './inventory/inventory.entities';
import { InventoryEvents } from './inventory/inventory.events';
import { Inventory1765400000000 } from './migrations/1765400000000-inventory';
import { Cutovers1765430000000 } from './migrations/1765430000000-cutovers';
import { Guarantees1765440000000 } from './migrations/1765440000000-guarantees';

export const VISITS_ENTITIES: Function[] = [KnownCustomer, KnownCircuit, KnownTicket, Guarantee, GuaranteeCheck, Cutover, CutoverNotice, CutoverAnswer];
export const VISITS_MIGRATIONS = [
  EventTables1763900000000,
  DeadlineTables1764100000000,
  DeadlineClockCustomer1764700000000,
  DeadlineWorkingDays1764810000000,
  IdempotencyRecords1765000000000,
  DeadlineClockIndexes1765250000000,
  SettingsTables1764800000000,
  Inventory1765400000000,
  Cutovers1765430000000,
  Guarantees1765440000000,
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
      controllers: [GuaranteesRpc, HistoryRpc, CutoversRpc],
      providers: [InventoryEvents, GuaranteesService, GuaranteesEvents, HistoryService, CutoversService, CutoversEvents],
    };
  }
}
