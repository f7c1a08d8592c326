import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Caller,
  CreateFaultReportVersionRequest,
  FaultReportRequest,
  FaultReportRpc,
  FaultReportVersionRequest,
  ForCustomers,
  ListFaultReportsQuery,
  RpcCaller,
} from '@app/shared';
import { FaultReportsService } from './fault-reports.service';

/** Fault reports by request/reply. A customer's user reads its own customer's submitted versions, in the customer's view. */
@Controller()
export class FaultReportsRpc {
  constructor(private readonly reports: FaultReportsService) {}

  @MessagePattern(FaultReportRpc.get.subject)
  @ForCustomers({ kind: 'handler' })
  get(@Payload() req: FaultReportRequest, @RpcCaller() caller: Caller) {
    return this.reports.get(req, caller);
  }

  @MessagePattern(FaultReportRpc.list.subject)
  @ForCustomers({ kind: 'list' })
  list(@Payload() q: ListFaultReportsQuery, @RpcCaller() caller: Caller) {
    return this.reports.list(q, caller);
  }

  @MessagePattern(FaultReportRpc.createVersion.subject)
  createVersion(@Payload() req: CreateFaultReportVersionRequest, @RpcCaller() caller: Caller) {
    return this.reports.createVersion(req, caller);
  }

  @MessagePattern(FaultReportRpc.review.subject)
  review(@Payload() req: FaultReportVersionRequest, @RpcCaller() caller: Caller) {
    return this.reports.review(req, caller);
  }

  @MessagePattern(FaultReportRpc.submit.subject)
  submit(@Payload() req: FaultReportVersionRequest, @RpcCaller() caller: Caller) {
    return this.reports.submit(req, caller);
  }
}
