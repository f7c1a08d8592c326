import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AnalysisReportDocumentRequest, Caller, FaultReportDocumentRequest, ForCustomers, ReportDocumentRpc, RpcCaller } from '@app/shared';
import { DocumentsService } from './documents.service';

/** The formal reports as HTML or PDF. Customer users: confined by the report services themselves (their own customer, its view). */
@Controller()
export class DocumentsRpc {
  constructor(private readonly documents: DocumentsService) {}

  @MessagePattern(ReportDocumentRpc.faultReport.subject)
  @ForCustomers({ kind: 'handler' })
  faultReport(@Payload() req: FaultReportDocumentRequest, @RpcCaller() caller: Caller) {
    return this.documents.faultReport(req, caller);
  }

  @MessagePattern(ReportDocumentRpc.analysisReport.subject)
  @ForCustomers({ kind: 'handler' })
  analysisReport(@Payload() req: AnalysisReportDocumentRequest, @RpcCaller() caller: Caller) {
    return this.documents.analysisReport(req, caller);
  }
}
