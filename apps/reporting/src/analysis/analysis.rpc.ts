import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AnalysisReportRequest, AnalysisReportRpc, Caller, ForCustomers, RpcCaller } from '@app/shared';
import { AnalysisService } from './analysis.service';

/** Analysis reports by request/reply. A customer's user reads its own customer's only; the service checks the caller. */
@Controller()
export class AnalysisRpc {
  constructor(private readonly analysis: AnalysisService) {}

  @MessagePattern(AnalysisReportRpc.get.subject)
  @ForCustomers({ kind: 'handler' })
  get(@Payload() req: AnalysisReportRequest, @RpcCaller() caller: Caller) {
    return this.analysis.get(req, caller);
  }
}
