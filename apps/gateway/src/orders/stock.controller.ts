import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListStockQuery, StockLevelBody, StockRpc, StockThresholdBody, StockView } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { NatsLink } from '../http/nats-link';
import { Allow, Staff } from '../identity/access';

@ApiTags('pre-sale')
@Controller('resource-stock')
export class StockController {
  constructor(private readonly nats: NatsLink) {}

  @Put('thresholds')
  @Allow()
  @ApiOperation({ summary: 'Set the threshold of a resource type in an area; a level below it raises evt.provisioning.resource.stock-low.v1 once per crossing' })
  @ApiOkResponse({ type: StockView })
  @ApiProblems(400)
  threshold(@Body() body: StockThresholdBody) {
    return this.nats.send(StockRpc.setThreshold, body);
  }

  @Put('levels')
  @Allow('project_manager', 'customer_manager')
  @ApiOperation({ summary: 'Report the stock level of a resource type in an area' })
  @ApiOkResponse({ type: StockView })
  @ApiProblems(400)
  level(@Body() body: StockLevelBody) {
    return this.nats.send(StockRpc.setLevel, body);
  }

  @Get()
  @Staff()
  @ApiOperation({ summary: 'Stocks by resource type and area, with their thresholds; below=true lists those below' })
  @ApiPage(StockView)
  @ApiProblems(400)
  list(@Query() query: ListStockQuery) {
    return this.nats.send(StockRpc.list, query);
  }
}
