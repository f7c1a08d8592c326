import { DynamicModule, Module } from '@nestjs/common';
import { EventTables1763900000000, ServiceRuntime, ServiceRuntimeModule, IdempotencyRecords1765000000000 } from '@app/shared';
import { CustomerDim, FaultFact } from './faults/reporting-tables.entity';
import { SummaryRpc } from './faults/summary.rpc';
import { SummaryService } from './faults/summary.service';
import { Init1764000000000 } from './migrations/1764000000000-init';
import { Statistics1765600000000 } from './migrations/1765600000000-statistics';
import { CustomerDimIndustryRegion1765600000001 } from './migrations/1765600000001-customer-dim-industry-region';
import { OrderFacts } from './orders/order-facts';
import { AfterSalesFacts } from './after-sales/after-sales-facts';
import { StatisticsQueries } from './statistics/statistics.queries';
import { StatisticsRpcController } from './statistics/statistics.rpc';
import { StatisticsService } from './statistics/statistics.service';

export const REPORTING_ENTITIES = [CustomerDim, FaultFact];
export const REPORTING_MIGRATIONS = [EventTables1763900000000, Init1764000000000, IdempotencyRecords1765000000000, Statistics1765600000000, CustomerDimIndustryRegion1765600000001];

@Module({})
export class ReportingModule {
  static forRoot(runtime: Omit<ServiceRuntime, 'service' | 'entities' | 'migrations'>): DynamicModule {
    return {
      module: ReportingModule,
      imports: [
        ServiceRuntimeModule.register({ ...runtime, service: 'reporting', entities: REPORTING_ENTITIES, migrations: REPORTING_MIGRATIONS }),
      ],
      controllers: [SummaryRpc, StatisticsRpcController],
      providers: [SummaryService, OrderFacts, AfterSalesFacts, StatisticsQueries, StatisticsService],
    };
  }
}
