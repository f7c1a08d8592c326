import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { AnalysisReportQuery, AnalysisReportRpc, AnalysisReportView } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
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
  constructor(private readonly nats: NatsLink) {}

  @Get(':customerId')
  @AnyUser()
  @ApiOperation({ summary: "A customer's network operation analysis report for a period of Beijing dates (default: the previous full month)" })
  @ApiOkResponse({ type: AnalysisReportView })
  @ApiProblems(400, 404, 422)
  get(@Param() { customerId }: CustomerIdParam, @Query() q: AnalysisReportQuery) {
    return this.nats.send(AnalysisReportRpc.get, { ...q, customerId });
  }
}
