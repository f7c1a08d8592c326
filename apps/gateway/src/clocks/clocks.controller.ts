import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { CLOCK_SERVICES, ClockExplanationView, ClockService, clocksRpc, ClockSummary, ListClocksQuery } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { NatsLink } from '../http/nats-link';
import { AnyUser } from '../identity/access';

class ClockServiceParam {
  @ApiProperty({ enum: CLOCK_SERVICES })
  @IsIn(CLOCK_SERVICES)
  service!: ClockService;
}

class ClockParam extends ClockServiceParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

const FOR_CUSTOMERS =
  "A customer's own user reads only the fault service's customer-facing clocks (first feedback, further feedback, resolution) of its own customer's tickets, " +
  'as the fault service projects them (an explanation without its audit trail); the clocks of the other services are staff only (403).';

@ApiTags('clocks')
@Controller('clocks')
export class ClocksController {
  constructor(private readonly nats: NatsLink) {}

  @Get(':service')
  @AnyUser()
  @ApiOperation({
    summary: 'Time-limit clocks of a service, paged and filtered by subject, kind, status or breach',
    description: `Each running clock says where its warning lead begins (\`warnAt\`). ${FOR_CUSTOMERS}`,
  })
  @ApiPage(ClockSummary)
  @ApiProblems(400)
  list(@Param() { service }: ClockServiceParam, @Query() query: ListClocksQuery) {
    return this.nats.send(clocksRpc(service).list, query);
  }

  @Get(':service/:id')
  @AnyUser()
  @ApiOperation({
    summary: 'Explain a clock: its limit, calendar versions, running and paused intervals (counted or exempt), verdict and full audit trail',
    description: `${FOR_CUSTOMERS} Another customer's clock, or an internal one, is 404.`,
  })
  @ApiOkResponse({ type: ClockExplanationView })
  @ApiProblems(400, 404)
  explain(@Param() { service, id }: ClockParam) {
    return this.nats.send(clocksRpc(service).explain, { id });
  }
}
