import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { CreateFaultReportVersionBody, FaultReportRpc, FaultReportView, ListFaultReportsQuery, ReportDocumentRpc } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { ApiDocuments, DOCUMENT_RPC_TIMEOUT_MS, ReportDocuments } from '../http/documents';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow, AnyUser } from '../identity/access';

class VersionParam extends IdParam {
  @ApiProperty({ minimum: 1, maximum: 1000, description: 'The version number' })
  @Type(() => Number)
  @IsInt({ message: 'n must be a version number' })
  @Min(1)
  @Max(1000)
  n!: number;
}

@ApiTags('reports')
@Controller('reports/faults')
export class FaultReportsController {
  constructor(
    private readonly nats: NatsLink,
    private readonly documents: ReportDocuments,
  ) {}

  @Get()
  @AnyUser()
  @ApiOperation({ summary: "Fault reports (故障报告), one per ticket; a customer's user: its own customer's submitted reports" })
  @ApiPage(FaultReportView)
  @ApiProblems(400)
  list(@Query() query: ListFaultReportsQuery) {
    return this.nats.send(FaultReportRpc.list, query);
  }

  @Get(':id')
  @AnyUser()
  @ApiOperation({
    summary: "A ticket's fault report: times, scope, cause, process and versions (a customer's user: submitted versions, the cause it was told); as HTML or PDF (故障报告) on Accept",
  })
  @ApiDocuments(FaultReportView)
  @ApiProblems(400, 404, 406)
  get(@Param() { id }: IdParam, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const json = () => this.nats.send(FaultReportRpc.get, { ticketId: id });
    return this.documents.answer(request, reply, json, (format) => this.nats.send(ReportDocumentRpc.faultReport, { ticketId: id, format }, { timeoutMs: DOCUMENT_RPC_TIMEOUT_MS }));
  }

  @Post(':id/versions')
  @Allow('noc', 'customer_engineer')
  @ApiOperation({ summary: 'Write a version (draft): preliminary while the ticket is open, final once it is closed' })
  @ApiCreatedResponse({ type: FaultReportView })
  @ApiProblems(400, 404, 409)
  createVersion(@Param() { id }: IdParam, @Body() body: CreateFaultReportVersionBody) {
    return this.nats.send(FaultReportRpc.createVersion, { ...body, ticketId: id });
  }

  @Post(':id/versions/:n/review')
  @Allow('customer_engineer')
  @HttpCode(200)
  @ApiOperation({ summary: "The customer engineer reviews a group-level or cross-province customer's final version; 409 FAULT_REPORT_DISAGREES if it disagrees with the ticket" })
  @ApiOkResponse({ type: FaultReportView })
  @ApiProblems(400, 404, 409)
  review(@Param() { id, n }: VersionParam) {
    return this.nats.send(FaultReportRpc.review, { ticketId: id, n });
  }

  @Post(':id/versions/:n/submit')
  @Allow('noc', 'customer_engineer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit a version to the customer; 409 FAULT_REPORT_DISAGREES naming each field where it disagrees with the ticket' })
  @ApiOkResponse({ type: FaultReportView })
  @ApiProblems(400, 403, 404, 409)
  submit(@Param() { id, n }: VersionParam) {
    return this.nats.send(FaultReportRpc.submit, { ticketId: id, n });
  }
}
