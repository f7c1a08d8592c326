import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { CLOCK_SERVICES, ClockService, clocksRpc, ListClocksQuery } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { NatsLink } from '../http/nats-link';
import { Staff } from '../identity/access';

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

@ApiTags('clocks')
@Controller('clocks')
export class ClocksController {
  constructor(private readonly nats: NatsLink) {}

  @Get(':service')
  @Staff()
  @ApiOperation({ summary: 'Time-limit clocks of a service, paged and filtered by subject, kind, status or breach' })
  @ApiOkResponse({ description: '{ items, limit, offset, hasMore, nextCursor?, total? } (total with count=exact)' })
  @ApiProblems(400)
  list(@Param() { service }: ClockServiceParam, @Query() query: ListClocksQuery) {
    return this.nats.send(clocksRpc(service).list, query);
  }

  @Get(':service/:id')
  @Staff()
  @ApiOperation({
    summary: 'Explain a clock: its limit, calendar versions, running and paused intervals (counted or exempt), verdict and full audit trail',
  })
  @ApiOkResponse({ description: '{ clock, verdict, intervals, trail }' })
  @ApiProblems(400, 404)
  explain(@Param() { service, id }: ClockParam) {
    return this.nats.send(clocksRpc(service).explain, { id });
  }
}
