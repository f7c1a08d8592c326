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
import { Campaign, CampaignItem } from './campaigns/campaign.entities';
import { CampaignsEvents } from './campaigns/campaigns.events';
import { CampaignsRpc } from './campaigns/campaigns.rpc';
import { CampaignsService } from './campaigns/campaigns.service';
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
import { Campaigns1765450000000 } from './migrations/1765450000000-campaigns';
import { VisitCampaign1765470000000 } from './migrations/1765470000000-visit-campaign';
import { HistoryIndexes1765460000000 } from './migrations/1765460000000-history-indexes';
import { Inspections1765420000000 } from './migrations/1765420000000-inspections';
import { ChecklistsService } from './inspections/checklists.service';
import { DangersEvents } from './inspections/dangers.events';
import { DangersService } from './inspections/dangers.service';
import { Checklist, HiddenDanger, Inspection } from './inspections/inspection.entities';
import { ChecklistsRpc, DangersRpc, InspectionsRpc } from './inspections/inspections.rpc';
import { InspectionsService } from './inspections/inspections.service';

import { Visits1765410000000 } from './migrations/1765410000000-visits';
import { ActivitiesRpc } from './activities/activities.rpc';
import { ActivitiesService } from './activities/activities.service';
import { Activity } from './activities/activity.entity';
import { VisitClocks } from './visits/visit-clocks';
import { FollowUp, Visit } from './visits/visit.entities';
import { VisitPlanningService } from './visits/visit-planning.service';
import { VisitsEventHandlers } from './visits/visits.events';
import { VisitsRpc } from './visits/visits.rpc';
import { VisitsService } from './visits/visits.service';

export const VISITS_ENTITIES: Function[] = [KnownCustomer, KnownCircuit, KnownTicket, Visit, FollowUp, Activity, Checklist, Inspection, HiddenDanger, Guarantee, GuaranteeCheck, Campaign, CampaignItem, Cutover, CutoverNotice, CutoverAnswer];
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
  Inspections1765420000000,
  Cutovers1765430000000,
  Guarantees1765440000000,
  Campaigns1765450000000,
  HistoryIndexes1765460000000,
  VisitCampaign1765470000000,
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
      controllers: [VisitsRpc, ActivitiesRpc, ChecklistsRpc, InspectionsRpc, DangersRpc, GuaranteesRpc, CampaignsRpc, CutoversRpc, HistoryRpc],
      providers: [
        InventoryEvents,
        VisitClocks,
        VisitsService,
        VisitPlanningService,
        VisitsEventHandlers,
        ActivitiesService,
        ChecklistsService,
        InspectionsService,
        DangersService,
        DangersEvents,
        GuaranteesService,
        GuaranteesEvents,
        CampaignsService,
        CampaignsEvents,
        CutoversService,
        CutoversEvents,
        HistoryService,
      ],
    };
  }
}
