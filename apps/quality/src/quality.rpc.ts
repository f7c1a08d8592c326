import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Caller,
  CircuitTrendRequest,
  CustomerWorstCircuitsRequest,
  DialTestIdRequest,
  DialTestResultBody,
  ForCustomers,
  IngestSamplesRequest,
  ListDialTestsQuery,
  ListWarningsQuery,
  PageQuery,
  PutThresholdsBody,
  QualityRpc,
  QualityStatisticsQuery,
  RemoveThresholdRequest,
  RequestDialTestRequest,
  RpcCaller,
  ThresholdsQuery,
  TicketDialTestsQuery,
} from '@app/shared';
import { DialTestsService } from './dial-tests/dial-tests.service';
import { sampleSource } from './samples/sample.rules';
import { IngestService } from './samples/ingest.service';
import { TrendsService } from './trends/trends.service';
import { StatisticsService } from './statistics/statistics.service';
import { ThresholdsService } from './warnings/thresholds.service';
import { WarningsService } from './warnings/warnings.service';

/** Every way into quality monitoring over request/reply: ingestion for small feeds, trends and warnings. */
@Controller()
export class QualityRpcController {
  constructor(
    private readonly ingest: IngestService,
    private readonly trends: TrendsService,
    private readonly warnings: WarningsService,
    private readonly dialTests: DialTestsService,
    private readonly thresholds: ThresholdsService,
    private readonly statistics: StatisticsService,
  ) {}

  @MessagePattern(QualityRpc.ingest.subject)
  ingestSamples(@Payload() req: IngestSamplesRequest, @RpcCaller() caller: Caller) {
    return this.ingest.ingest({ ...req, source: sampleSource(req.source, caller) });
  }

  @MessagePattern(QualityRpc.trend.subject)
  @ForCustomers({ kind: 'handler' })
  trend(@Payload() req: CircuitTrendRequest, @RpcCaller() caller: Caller) {
    return this.trends.circuit(req, caller);
  }

  @MessagePattern(QualityRpc.worstCircuits.subject)
  @ForCustomers({ kind: 'handler' })
  worst(@Payload() req: CustomerWorstCircuitsRequest, @RpcCaller() caller: Caller) {
    return this.trends.worst(req, caller);
  }

  @MessagePattern(QualityRpc.listWarnings.subject)
  @ForCustomers({ kind: 'handler' })
  listWarnings(@Payload() q: ListWarningsQuery, @RpcCaller() caller: Caller) {
    return this.warnings.list(q, caller);
  }

  @MessagePattern(QualityRpc.requestDialTest.subject)
  requestDialTest(@Payload() req: RequestDialTestRequest, @RpcCaller() caller: Caller) {
    return this.dialTests.request(req, caller);
  }

  /** The probe system is the signed-in caller (a system client): its name is the result's source. */
  @MessagePattern(QualityRpc.recordDialTestResult.subject)
  recordDialTestResult(@Payload() req: DialTestResultBody, @RpcCaller() caller: Caller) {
    return this.dialTests.record(req, caller.username);
  }

  @MessagePattern(QualityRpc.getDialTest.subject)
  @ForCustomers({ kind: 'handler' })
  getDialTest(@Payload() req: DialTestIdRequest, @RpcCaller() caller: Caller) {
    return this.dialTests.get(req.id, caller);
  }

  @MessagePattern(QualityRpc.listDialTests.subject)
  @ForCustomers({ kind: 'handler' })
  listDialTests(@Payload() q: ListDialTestsQuery, @RpcCaller() caller: Caller) {
    return this.dialTests.list(q, caller);
  }

  @MessagePattern(QualityRpc.ticketDialTests.subject)
  @ForCustomers({ kind: 'handler' })
  ticketDialTests(@Payload() q: TicketDialTestsQuery, @RpcCaller() caller: Caller) {
    return this.dialTests.ofTicket(q, caller);
  }

  @MessagePattern(QualityRpc.getThresholds.subject)
  getThresholds(@Payload() q: ThresholdsQuery) {
    return this.thresholds.get(q);
  }

  @MessagePattern(QualityRpc.putThresholds.subject)
  putThresholds(@Payload() req: PutThresholdsBody, @RpcCaller() caller: Caller) {
    return this.thresholds.put(req, caller);
  }

  /** Who removes it is the signed-in admin, recorded with the version. */
  @MessagePattern(QualityRpc.removeThreshold.subject)
  removeThreshold(@Payload() req: RemoveThresholdRequest, @RpcCaller() caller: Caller) {
    return this.thresholds.remove(req, caller);
  }

  @MessagePattern(QualityRpc.thresholdsHistory.subject)
  thresholdsHistory(@Payload() q: PageQuery) {
    return this.thresholds.history(q);
  }

  @MessagePattern(QualityRpc.statistics.subject)
  @ForCustomers({ kind: 'handler' })
  statisticsOf(@Payload() q: QualityStatisticsQuery, @RpcCaller() caller: Caller) {
    return this.statistics.of(q, caller);
  }
}
