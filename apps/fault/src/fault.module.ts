import { DynamicModule, Module } from '@nestjs/common';
import { clockEvents, DeadlineClockCustomer1764700000000, DeadlineClockIndexes1765250000000, DeadlineTables1764100000000, DeadlineWorkingDays1764810000000, EventTables1763900000000, ServiceRuntime, ServiceRuntimeModule, SettingsTables1764800000000, IdempotencyRecords1765000000000 } from '@app/shared';
import { Complaint } from './complaints/complaint.entity';
import { ComplaintsRpc } from './complaints/complaints.rpc';
import { ComplaintsService } from './complaints/complaints.service';
import { NetworkIncident } from './incidents/incident.entity';
import { IncidentsRpc } from './incidents/incidents.rpc';
import { IncidentsService } from './incidents/incidents.service';
import { Cutover, Guarantee, KnownCircuit, KnownCustomer } from './inventory/inventory.entities';
import { InventoryEvents } from './inventory/inventory.events';
import { LoopbackRpcController } from './loopback/loopback.rpc';
import { LoopbackService } from './loopback/loopback.service';
import { Init1764000000000 } from './migrations/1764000000000-init';
import { Incidents1764300000000 } from './migrations/1764300000000-incidents';
import { Complaints1764400000000 } from './migrations/1764400000000-complaints';
import { StatedTimes1764900000000 } from './migrations/1764900000000-stated-times';
import { TicketNotifications1765680000000 } from './migrations/1765680000000-ticket-notifications';
import { ClosingActions } from './tickets/closing.actions';
import { DispatchActions } from './tickets/dispatch.actions';
import { EscalationActions } from './tickets/escalation.actions';
import { EscalationEvents } from './tickets/escalation.events';
import { EscalationService } from './tickets/escalation.service';
import { IntakeService } from './tickets/intake.service';
import { SuspensionActions } from './tickets/suspension.actions';
import { TicketActionRunner } from './tickets/ticket-action.runner';
import { TicketClocks } from './tickets/ticket-clocks';
import { CUSTOMER_FACING_CLOCKS } from './tickets/ticket-clocks.rules';
import { ResolutionLimitsRpc, ResolutionLimitsService } from './tickets/resolution-limits.service';
import { DispatchLeg, ResolutionLimit, Ticket, TicketEscalation, TicketNotification, TicketRating, TicketRecord } from './tickets/ticket.entities';
import { DialTestEvidenceEvents } from './tickets/dial-test.events';
import { QualityWarningEvents } from './tickets/quality-warning.events';
import { TicketNotificationsEvents } from './tickets/ticket-notifications.events';
import { TicketStore } from './tickets/ticket-store';
import { TicketsRpc } from './tickets/tickets.rpc';
import { TicketsService } from './tickets/tickets.service';
import { TmfTickets1765700000000 } from './migrations/1765700000000-tmf-tickets';
import { EveryTicketTmf1765730000000 } from './migrations/1765730000000-every-ticket-tmf';
import { TmfTicketStated1766350000000 } from './migrations/1766350000000-tmf-ticket-stated';
import { DispatchLegUnit1766500000000 } from './migrations/1766500000000-dispatch-leg-unit';
import { LegTestReportFile1766530000000 } from './migrations/1766530000000-leg-test-report-file';
import { TicketRating1766540000000 } from './migrations/1766540000000-ticket-rating';
import { RatingActions } from './tickets/rating.actions';
import { TmfTicketAddition, TmfTicketRecord } from './tmf/tmf-ticket.entity';
import { TmfTicketEvents } from './tmf/tmf-ticket.events';
import { TmfTicketsRpc } from './tmf/tmf-tickets.rpc';
import { TmfTicketsService } from './tmf/tmf-tickets.service';

export const FAULT_ENTITIES = [KnownCustomer, KnownCircuit, Guarantee, Cutover, Ticket, DispatchLeg, TicketRecord, TicketEscalation, TicketNotification, TicketRating, ResolutionLimit, NetworkIncident, Complaint, TmfTicketRecord, TmfTicketAddition];
export const FAULT_MIGRATIONS = [EventTables1763900000000, Init1764000000000, DeadlineTables1764100000000, Incidents1764300000000, Complaints1764400000000, DeadlineClockCustomer1764700000000, SettingsTables1764800000000, DeadlineWorkingDays1764810000000, StatedTimes1764900000000, IdempotencyRecords1765000000000, DeadlineClockIndexes1765250000000, TicketNotifications1765680000000, TmfTickets1765700000000, EveryTicketTmf1765730000000, TmfTicketStated1766350000000, DispatchLegUnit1766500000000, LegTestReportFile1766530000000, TicketRating1766540000000];

@Module({})
export class FaultModule {
  static forRoot(runtime: Omit<ServiceRuntime, 'service' | 'entities' | 'migrations'>): DynamicModule {
    return {
      module: FaultModule,
      imports: [
        ServiceRuntimeModule.register({
          deadlines: clockEvents('fault'),
          customerClocks: { subjectTypes: ['ticket'], kinds: CUSTOMER_FACING_CLOCKS },
          ...runtime, service: 'fault', entities: FAULT_ENTITIES, migrations: FAULT_MIGRATIONS }),
      ],
      controllers: [TicketsRpc, LoopbackRpcController, IncidentsRpc, ComplaintsRpc, ResolutionLimitsRpc, TmfTicketsRpc],
      providers: [
        InventoryEvents,
        TicketStore,
        TicketClocks,
        TicketActionRunner,
        EscalationService,
        EscalationEvents,
        TicketNotificationsEvents,
        QualityWarningEvents,
        DialTestEvidenceEvents,
        IntakeService,
        TicketsService,
        DispatchActions,
        SuspensionActions,
        ClosingActions,
        EscalationActions,
        RatingActions,
        LoopbackService, IncidentsService, ComplaintsService, ResolutionLimitsService, TmfTicketsService, TmfTicketEvents],
    };
  }
}
