import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IsUUID } from 'class-validator';
import { AnalysisReportQuery, AnalysisReportRpc, AnalysisReportView, ReportDocumentRpc } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiDocuments, DOCUMENT_RPC_TIMEOUT_MS, ReportDocuments } from '../http/documents';
import { NatsLink } from '../http/nats-link';
import { AnyUser } from '../identity/access';

class CustomerIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId!: string;
}

/** Network operation analysis reports (网络运行分析报告, DOMAIN.md §4); a customer's user reads its own customer's. */
@ApiTags('reports')
@Controller('reports/analysis')
export class AnalysisReportsController {
  constructor(
    private readonly nats: NatsLink,
    private readonly documents: ReportDocuments,
  ) {}

  @Get(':customerId')
  @AnyUser()
  @ApiOperation({ summary: "A customer's network operation analysis report for a period of Beijing dates (default: the previous full month); as HTML or PDF on Accept" })
  @ApiDocuments(AnalysisReportView)
  @ApiProblems(400, 404, 406, 422)
  get(@Param() { customerId }: CustomerIdParam, @Query() q: AnalysisReportQuery, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const json = () => this.nats.send(AnalysisReportRpc.get, { ...q, customerId });
    return this.documents.answer(request, reply, json, (format) => this.nats.send(ReportDocumentRpc.analysisReport, { ...q, customerId, format }, { timeoutMs: DOCUMENT_RPC_TIMEOUT_MS }));
  }
}
