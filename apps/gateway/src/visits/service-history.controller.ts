import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServiceHistoryEntryView, ServiceHistoryFilters, ServiceHistoryRpc } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { AnyUser } from '../identity/access';

@ApiTags('customers')
@Controller('customers')
export class ServiceHistoryController {
  constructor(private readonly nats: NatsLink) {}

  @Get(':id/service-history')
  @AnyUser()
  @ApiOperation({
    summary: 'Everything done for a customer, newest first (售后服务资料): visits, follow-ups, inspections, hidden dangers, guarantees, cutovers, drills, campaigns, faults',
    description: "A customer's own users see their visits, guarantees, cutovers and faults only.",
  })
  @ApiPage(ServiceHistoryEntryView)
  @ApiProblems(400, 404)
  list(@Param() { id }: IdParam, @Query() query: ServiceHistoryFilters) {
    return this.nats.send(ServiceHistoryRpc.list, { ...query, customerId: id });
  }
}
