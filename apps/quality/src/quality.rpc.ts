import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Caller, CircuitTrendRequest, CustomerWorstCircuitsRequest, ForCustomers, IngestSamplesRequest, ListWarningsQuery, QualityRpc, RpcCaller } from '@app/shared';
import { IngestService } from './samples/ingest.service';
import { TrendsService } from './trends/trends.service';
import { WarningsService } from './warnings/warnings.service';

/** Every way into quality monitoring over request/reply: ingestion for small feeds, trends and warnings. */
@Controller()
export class QualityRpcController {
  constructor(
    private readonly ingest: IngestService,
    private readonly trends: TrendsService,
    private readonly warnings: WarningsService,
  ) {}

  @MessagePattern(QualityRpc.ingest.subject)
  ingestSamples(@Payload() req: IngestSamplesRequest) {
    return this.ingest.ingest(req);
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
}
