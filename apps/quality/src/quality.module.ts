import { DynamicModule, Module } from '@nestjs/common';
import { EventTables1763900000000, IdempotencyRecords1765000000000, ServiceEnv, ServiceRuntime, ServiceRuntimeModule, SettingsTables1764800000000 } from '@app/shared';
import { DialResultsJetStream } from './dial-tests/dial-results.jetstream';
import { DialTestExpiry, DialTestExpiryOptions } from './dial-tests/dial-test-expiry.service';
import { DialTest } from './dial-tests/dial-test.entity';
import { DialTestsService } from './dial-tests/dial-tests.service';
import { TicketEvents } from './dial-tests/tickets.events';
import { InventoryEvents } from './inventory/inventory.events';
import { Quality1766100000000 } from './migrations/1766100000000-quality';
import { QualityCoveringRollups1766250000000 } from './migrations/1766250000000-quality-covering-rollups';
import { DialTestsThresholds1766300000000 } from './migrations/1766300000000-dial-tests-thresholds';
import { DialTestExpired1766450000001 } from './migrations/1766450000001-dial-test-expired';
import { QualityRollupBucketBrin1766520000000 } from './migrations/1766520000000-quality-rollup-bucket-brin';
import { QualityKnownCircuitVersion1766520000001 } from './migrations/1766520000001-quality-known-circuit-version';
import { qualityEnv } from './quality.env';
import { QualityRpcController } from './quality.rpc';
import { IngestService } from './samples/ingest.service';
import { RetentionOptions, RetentionService } from './samples/retention.service';
import { SampleStore } from './samples/sample.store';
import { SamplesConsumerOptions, SamplesJetStream } from './samples/samples.jetstream';
import { TrendsService } from './trends/trends.service';
import { QualityWarning } from './warnings/warning.entity';
import { WarningEngine } from './warnings/warning.engine';
import { StatisticsService } from './statistics/statistics.service';
import { ThresholdsService } from './warnings/thresholds.service';
import { WarningsService } from './warnings/warnings.service';

export const QUALITY_ENTITIES: Function[] = [QualityWarning, DialTest];
export const QUALITY_MIGRATIONS = [EventTables1763900000000, IdempotencyRecords1765000000000, SettingsTables1764800000000, Quality1766100000000, QualityCoveringRollups1766250000000, DialTestsThresholds1766300000000, DialTestExpired1766450000001, QualityRollupBucketBrin1766520000000, QualityKnownCircuitVersion1766520000001];

/**
 * Quality monitoring (issue #15, seed 003): per-circuit KPI samples in batches, their roll-ups and trends, and
 * fluctuation warnings as events. A service of its own: its write load (100,000 circuits every 5 minutes) stays away
 * from reporting's read models.
 */
@Module({})
export class QualityModule {
  static forRoot(runtime: Omit<ServiceRuntime, 'service' | 'entities' | 'migrations' | 'env'> & { env: ServiceEnv }): DynamicModule {
    const env = qualityEnv(runtime.env);
    return {
      module: QualityModule,
      imports: [ServiceRuntimeModule.register({ ...runtime, env, service: 'quality', entities: QUALITY_ENTITIES, migrations: QUALITY_MIGRATIONS })],
      controllers: [QualityRpcController],
      providers: [
        InventoryEvents,
        SampleStore,
        WarningEngine,
        IngestService,
        TrendsService,
        WarningsService,
        { provide: RetentionOptions, useValue: new RetentionOptions(env.QUALITY_MAINTENANCE_MS) },
        RetentionService,
        { provide: SamplesConsumerOptions, useValue: new SamplesConsumerOptions(env.QUALITY_SAMPLES_IN_FLIGHT, env.JETSTREAM_REPLICAS) },
        SamplesJetStream,
        TicketEvents,
        DialTestsService,
        { provide: DialTestExpiryOptions, useValue: new DialTestExpiryOptions(env.QUALITY_DIAL_TEST_EXPIRY_MS) },
        DialTestExpiry,
        DialResultsJetStream,
        ThresholdsService,
        StatisticsService,
      ],
    };
  }
}
