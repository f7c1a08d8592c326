import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Clock, createServiceDataSource, GatewayEnv, resolveServiceDatabaseUrl } from '@app/shared';
import { CalendarController } from './calendar/calendar.controller';
import { CircuitsController } from './circuits/circuits.controller';
import { ClocksController } from './clocks/clocks.controller';
import { CustomersController } from './customers/customers.controller';
import { EventsController } from './events/events.controller';
import { EventStream } from './events/event-stream';
import { GatewayOutbox } from './events/gateway-outbox';
import { ComplaintsController } from './faults/complaints.controller';
import { FaultsController } from './faults/faults.controller';
import { ResolutionLimitsController } from './faults/resolution-limits.controller';
import { IncidentsController } from './faults/incidents.controller';
import { HealthController } from './health/health.controller';
import { GATEWAY_ENV } from './http/gateway-env';
import { GatewayMetrics } from './http/metrics';
import { MetricsController } from './http/metrics.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { DialTestsController } from './quality/dial-tests.controller';
import { QualityController } from './quality/quality.controller';
import { NatsLink } from './http/nats-link';
import { AccessGuard } from './identity/access';
import { AuditController, AuditLog } from './identity/audit';
import { AuthController } from './identity/auth.controller';
import { GATEWAY_ENTITIES } from './identity/identity.schema';
import { SessionsService } from './identity/sessions.service';
import { TokenService } from './identity/tokens';
import { UsersController } from './identity/users.controller';
import { UsersService } from './identity/users.service';
import { DemandsController } from './orders/demands.controller';
import { OrdersController } from './orders/orders.controller';
import { StockController } from './orders/stock.controller';
import { AnalysisReportsController } from './reports/analysis-reports.controller';
import { CasesController } from './reports/cases.controller';
import { FaultReportsController } from './reports/fault-reports.controller';
import { ReportDocuments } from './http/documents';
import { ReportsController } from './reports/reports.controller';
import { StatisticsController } from './reports/statistics.controller';
import { SettingsController } from './settings/settings.controller';
import { SystemClientsController } from './tmf/system-clients.controller';
import { SystemClientsService } from './tmf/system-clients.service';
import { TmfTicketsController } from './tmf/tmf-tickets.controller';
import { CampaignsController } from './visits/campaigns.controller';
import { CutoversController } from './visits/cutovers.controller';
import { GuaranteesController } from './visits/guarantees.controller';
import { ServiceHistoryController } from './visits/service-history.controller';
import { ChecklistsController, DangersController, InspectionsController } from './visits/inspections.controller';
import { ActivitiesController } from './visits/activities.controller';
import { FollowUpsController, VisitsController } from './visits/visits.controller';

/** Closes the gateway's database pool last. */
@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.db.isInitialized) await this.db.destroy();
  }
}

@Module({})
export class GatewayModule {
  static forRoot(env: GatewayEnv, clock: Clock): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [
        HealthController,
        MetricsController,
        AuthController,
        UsersController,
        AuditController,
        EventsController,
        CustomersController,
        CircuitsController,
        FaultsController,
        IncidentsController,
        ComplaintsController,
        ResolutionLimitsController,
        ReportsController,
        FaultReportsController,
        CasesController,
        StatisticsController,
        AnalysisReportsController,
        CalendarController,
        ClocksController,
        OrdersController,
        DemandsController,
        StockController,
        SettingsController,
        CutoversController,
        GuaranteesController,
        CampaignsController,
        ServiceHistoryController,
        ChecklistsController,
        InspectionsController,
        DangersController,
        VisitsController,
        FollowUpsController,
        ActivitiesController,
        NotificationsController,
        TmfTicketsController,
        SystemClientsController,
        QualityController,
        DialTestsController,
      ],
      providers: [
        SystemClientsService,
        GatewayMetrics,
        ReportDocuments,
        { provide: NatsLink, useFactory: (metrics: GatewayMetrics) => new NatsLink(env.NATS_URL, env.RPC_TIMEOUT_MS, metrics, env.JETSTREAM_REPLICAS), inject: [GatewayMetrics] },
        { provide: GATEWAY_ENV, useValue: env },
        { provide: Clock, useValue: clock },
        {
          provide: DataSource,
          useFactory: () =>
            createServiceDataSource({
              url: resolveServiceDatabaseUrl(env, 'gateway'),
              schema: 'gateway',
              entities: GATEWAY_ENTITIES,
              migrations: [],
              poolSize: 5,
              statementTimeoutMs: env.STATEMENT_TIMEOUT_MS,
              connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
            }).initialize(),
        },
        DatabaseLifecycle,
        GatewayOutbox,
        { provide: TokenService, useFactory: () => new TokenService(env, clock) },
        UsersService,
        SessionsService,
        AuditLog,
        EventStream,
        { provide: APP_GUARD, useFactory: (reflector: Reflector) => new AccessGuard(reflector, env.METRICS_TOKEN), inject: [Reflector] },
      ],
    };
  }
}
