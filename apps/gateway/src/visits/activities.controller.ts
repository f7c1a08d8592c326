import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActivityRpc, ActivityView, ListActivitiesQuery, PlanActivityBody, RecordActivityBody } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow, Staff } from '../identity/access';

@ApiTags('visits')
@Controller('activities')
export class ActivitiesController {
  constructor(private readonly nats: NatsLink) {}

  @Post()
  @Allow('customer_manager', 'customer_engineer')
  @ApiOperation({ summary: 'Plan an emergency drill (应急预案演练) or an exchange activity (交流活动: training, process exchange)' })
  @ApiCreatedResponse({ type: ActivityView })
  @ApiProblems(400, 422)
  plan(@Body() body: PlanActivityBody) {
    return this.nats.send(ActivityRpc.plan, body);
  }

  @Get()
  @Staff()
  @ApiOperation({ summary: 'List drills and exchange activities' })
  @ApiPage(ActivityView)
  @ApiProblems(400)
  list(@Query() query: ListActivitiesQuery) {
    return this.nats.send(ActivityRpc.list, query);
  }

  @Get(':id')
  @Staff()
  @ApiOperation({ summary: 'One drill or exchange activity' })
  @ApiOkResponse({ type: ActivityView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(ActivityRpc.get, { id });
  }

  @Post(':id/record')
  @Allow('customer_manager', 'customer_engineer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the activity: when, who took part, findings' })
  @ApiOkResponse({ type: ActivityView })
  @ApiProblems(400, 404, 409, 422)
  record(@Param() { id }: IdParam, @Body() body: RecordActivityBody) {
    return this.nats.send(ActivityRpc.record, { ...body, id });
  }
}
