import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { CreateDemandBody, DemandRpc, DemandView, ListDemandsQuery, ProblemBody, ProblemStatusBody, ResourceCheckBody } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow } from '../identity/access';

class ProblemParam extends IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'problemId must be a UUID' })
  problemId!: string;
}

@ApiTags('pre-sale')
@Controller('demands')
export class DemandsController {
  constructor(private readonly nats: NatsLink) {}

  @Post()
  @Allow('customer_manager')
  @ApiOperation({ summary: 'Record a demand (需求单): a query or an order' })
  @ApiCreatedResponse({ type: DemandView })
  @ApiProblems(400, 422)
  create(@Body() body: CreateDemandBody) {
    return this.nats.send(DemandRpc.create, body);
  }

  @Get()
  @Allow('customer_manager', 'project_manager')
  @ApiOperation({ summary: 'List demands' })
  @ApiPage(DemandView)
  @ApiProblems(400)
  list(@Query() query: ListDemandsQuery) {
    return this.nats.send(DemandRpc.list, query);
  }

  @Get(':id')
  @Allow('customer_manager', 'project_manager')
  @ApiOperation({ summary: 'One demand with its resource checks and problem list' })
  @ApiOkResponse({ type: DemandView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(DemandRpc.get, { id });
  }

  @Post(':id/resource-checks')
  @Allow('customer_manager', 'project_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resource check per segment (available / not available / construction needed), valid one month' })
  @ApiOkResponse({ type: DemandView })
  @ApiProblems(400, 404)
  check(@Param() { id }: IdParam, @Body() body: ResourceCheckBody) {
    return this.nats.send(DemandRpc.check, { ...body, id });
  }

  @Post(':id/problems')
  @Allow('customer_manager', 'project_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add to the problem list (问题管理表)' })
  @ApiOkResponse({ type: DemandView })
  @ApiProblems(400, 404)
  addProblem(@Param() { id }: IdParam, @Body() body: ProblemBody) {
    return this.nats.send(DemandRpc.addProblem, { ...body, id });
  }

  @Post(':id/problems/:problemId/status')
  @Allow('customer_manager', 'project_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a problem on (open, in progress, resolved, closed)' })
  @ApiOkResponse({ type: DemandView })
  @ApiProblems(400, 404)
  problemStatus(@Param() { id, problemId }: ProblemParam, @Body() body: ProblemStatusBody) {
    return this.nats.send(DemandRpc.problemStatus, { ...body, id, problemId });
  }
}
