import { DynamicModule, Module } from '@nestjs/common';
import { GatewayEnv } from '@app/shared';
import { CalendarController } from './calendar/calendar.controller';
import { CircuitsController } from './circuits/circuits.controller';
import { ClocksController } from './clocks/clocks.controller';
import { CustomersController } from './customers/customers.controller';
import { ComplaintsController } from './faults/complaints.controller';
import { FaultsController } from './faults/faults.controller';
import { ResolutionLimitsController } from './faults/resolution-limits.controller';
import { IncidentsController } from './faults/incidents.controller';
import { HealthController } from './health/health.controller';
import { GATEWAY_ENV } from './http/gateway-env';
import { GatewayMetrics } from './http/metrics';
import { MetricsController } from './http/metrics.controller';
import { NatsLink } from './http/nats-link';
import { DemandsController } from './orders/demands.controller';
import { OrdersController } from './orders/orders.controller';
import { ReportsController } from './reports/reports.controller';

@Module({})
export class GatewayModule {
  static forRoot(env: GatewayEnv): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [HealthController, MetricsController, CustomersController, CircuitsController, FaultsController, IncidentsController, ComplaintsController, ResolutionLimitsController, ReportsController, CalendarController, ClocksController, OrdersController, DemandsController],
      providers: [
        GatewayMetrics,
        { provide: NatsLink, useFactory: (metrics: GatewayMetrics) => new NatsLink(env.NATS_URL, env.RPC_TIMEOUT_MS, metrics), inject: [GatewayMetrics] },
        { provide: GATEWAY_ENV, useValue: env },
      ],
    };
  }
}
