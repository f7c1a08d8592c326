import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CampaignReasonBody, CampaignRpc, CampaignView, CreateCampaignBody, ListCampaignsQuery } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow } from '../identity/access';

@ApiTags('campaigns')
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly nats: NatsLink) {}

  @Post()
  @Allow('customer_engineer', 'customer_manager')
  @ApiOperation({
    summary: 'Start a special service campaign (专项服务活动): its scope generates a visit and/or an inspection per customer',
    description: 'Scope filters combine with AND (customers by tier, industry, region or id; circuits by service type and grade). At most 2000 customers.',
  })
  @ApiCreatedResponse({ type: CampaignView })
  @ApiProblems(400, 422)
  create(@Body() body: CreateCampaignBody) {
    return this.nats.send(CampaignRpc.create, body);
  }

  @Get()
  @Allow('customer_engineer', 'customer_manager')
  @ApiOperation({ summary: 'List campaigns with their progress, paged and filtered (kind, status, owner, customer, dates)' })
  @ApiPage(CampaignView)
  @ApiProblems(400)
  list(@Query() query: ListCampaignsQuery) {
    return this.nats.send(CampaignRpc.list, query);
  }

  @Get(':id')
  @Allow('customer_engineer', 'customer_manager')
  @ApiOperation({ summary: 'One campaign: scope, generated work and progress across the scope' })
  @ApiOkResponse({ type: CampaignView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(CampaignRpc.get, { id });
  }

  @Post(':id/cancel')
  @Allow('customer_engineer', 'customer_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an open campaign (the work it generated stays, to be done or cancelled on its own)' })
  @ApiOkResponse({ type: CampaignView })
  @ApiProblems(400, 404, 409)
  cancel(@Param() { id }: IdParam, @Body() body: CampaignReasonBody) {
    return this.nats.send(CampaignRpc.cancel, { ...body, id });
  }
}
