import { DynamicModule, Module } from '@nestjs/common';
import { EventTables1763900000000, ServiceRuntime, ServiceRuntimeModule, IdempotencyRecords1765000000000 } from '@app/shared';
import { AnalysisQuality } from './analysis/analysis-quality';
import { AnalysisQueries } from './analysis/analysis.queries';
import { AnalysisRpc } from './analysis/analysis.rpc';
import { AnalysisService } from './analysis/analysis.service';
import { CasesRpc } from './cases/cases.rpc';
import { CasesService } from './cases/cases.service';
import { DocumentsRpc } from './documents/documents.rpc';
import { DocumentsService } from './documents/documents.service';
import { PdfRenderer } from './documents/pdf-renderer';
import { FaultReportVersion } from './fault-reports/fault-report-version.entity';
import { FaultReportsRpc } from './fault-reports/fault-reports.rpc';
import { FaultReportsService } from './fault-reports/fault-reports.service';
import { SummaryRpc } from './faults/summary.rpc';
import { SummaryService } from './faults/summary.service';
import { Init1764000000000 } from './migrations/1764000000000-init';
import { FaultReports1765500000000 } from './migrations/1765500000000-fault-reports';
import { Statistics1765600000000 } from './migrations/1765600000000-statistics';
import { Analysis1765700000000 } from './migrations/1765700000000-analysis';
import { FaultLegs1765800000000 } from './migrations/1765800000000-fault-legs';
import { VisitSettingsCopy1765900000000 } from './migrations/1765900000000-visit-settings-copy';
import { Cases1766000000000 } from './migrations/1766000000000-cases';
import { ReportingSettings1766000000001 } from './migrations/1766000000001-reporting-settings';
import { CasePeople1766550000000 } from './migrations/1766550000000-case-people';
import { RatingFacts1766560000000 } from './migrations/1766560000000-rating-facts';
import { ReadModelEvents } from './read-models.events';
import { REPORTING_READ_MODELS } from './read-models';
import { StatisticsQueries } from './statistics/statistics.queries';
import { StatisticsRpcController } from './statistics/statistics.rpc';
import { StatisticsService } from './statistics/statistics.service';

export const REPORTING_ENTITIES = [...REPORTING_READ_MODELS, FaultReportVersion];
export const REPORTING_MIGRATIONS = [EventTables1763900000000, Init1764000000000, IdempotencyRecords1765000000000, FaultReports1765500000000, Statistics1765600000000, Analysis1765700000000, FaultLegs1765800000000, VisitSettingsCopy1765900000000, Cases1766000000000, ReportingSettings1766000000001, CasePeople1766550000000, RatingFacts1766560000000];

@Module({})
export class ReportingModule {
  static forRoot(runtime: Omit<ServiceRuntime, 'service' | 'entities' | 'migrations'>): DynamicModule {
    return {
      module: ReportingModule,
      imports: [
        ServiceRuntimeModule.register({ ...runtime, service: 'reporting', entities: REPORTING_ENTITIES, migrations: REPORTING_MIGRATIONS }),
      ],
      controllers: [SummaryRpc, FaultReportsRpc, StatisticsRpcController, AnalysisRpc, DocumentsRpc, CasesRpc],
      providers: [
        SummaryService,
        ReadModelEvents,
        FaultReportsService,
        StatisticsQueries,
        StatisticsService,
        AnalysisQueries,
        AnalysisQuality,
        AnalysisService,
        DocumentsService,
        CasesService,
        { provide: PdfRenderer, useFactory: () => new PdfRenderer() },
      ],
    };
  }
}
