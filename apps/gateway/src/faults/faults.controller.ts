import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FaultRpc, ListTicketsQuery, OpenTicketRequest, TicketView } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';

@ApiTags('faults')
@Controller('faults')
export class FaultsController {
  constructor(private readonly nats: NatsLink) {}

  @Post()
  @ApiOperation({ summary: 'Open a fault ticket (owned by fault)' })
  @ApiCreatedResponse({ type: TicketView })
  @ApiProblems(400, 422)
  open(@Body() body: OpenTicketRequest) {
    return this.nats.send(FaultRpc.openTicket, body);
  }

  @Get()
  @ApiOperation({ summary: 'List fault tickets, paged and filtered' })
  @ApiOkResponse({ description: '{ items, total, limit, offset }' })
  @ApiProblems(400)
  list(@Query() query: ListTicketsQuery) {
    return this.nats.send(FaultRpc.listTickets, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One fault ticket' })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(FaultRpc.getTicket, { id });
  }
}
