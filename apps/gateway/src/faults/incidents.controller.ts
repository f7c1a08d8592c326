import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CloseIncidentBody, IncidentRpc, IncidentView, LinkTicketsBody, ListIncidentsQuery, OpenIncidentBody, RestoreIncidentBody } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow, Staff } from '../identity/access';

@ApiTags('incidents')
@Controller('incidents')
export class IncidentsController {
  constructor(private readonly nats: NatsLink) {}

  @Post()
  @Allow('noc')
  @ApiOperation({ summary: 'Open a major network incident (class 1: equipment, fibre cut, disaster)' })
  @ApiCreatedResponse({ type: IncidentView })
  @ApiProblems(400)
  open(@Body() body: OpenIncidentBody) {
    return this.nats.send(IncidentRpc.open, body);
  }

  @Get()
  @Staff()
  @ApiOperation({ summary: 'List network incidents' })
  @ApiPage(IncidentView)
  @ApiProblems(400)
  list(@Query() query: ListIncidentsQuery) {
    return this.nats.send(IncidentRpc.list, query);
  }

  @Get(':id')
  @Staff()
  @ApiOperation({ summary: 'One network incident with its linked tickets' })
  @ApiOkResponse({ type: IncidentView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(IncidentRpc.get, { id });
  }

  @Post(':id/tickets')
  @Allow('noc')
  @HttpCode(200)
  @ApiOperation({ summary: 'Link customers\u2019 tickets to the incident (each is escalated as a major fault)' })
  @ApiOkResponse({ type: IncidentView })
  @ApiProblems(400, 404, 409)
  link(@Param() { id }: IdParam, @Body() body: LinkTicketsBody) {
    return this.nats.send(IncidentRpc.link, { ...body, id });
  }

  @Post(':id/restore')
  @Allow('noc')
  @HttpCode(200)
  @ApiOperation({ summary: 'Service is back: every linked ticket is restored as of the stated time (occurredAt), its resolution clock stopping then' })
  @ApiOkResponse({ type: IncidentView })
  @ApiProblems(400, 404, 409, 422)
  restore(@Param() { id }: IdParam, @Body() body: RestoreIncidentBody) {
    return this.nats.send(IncidentRpc.restore, { ...body, id });
  }

  @Post(':id/close')
  @Allow('noc')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close with the cause: every restored linked ticket is closed with it' })
  @ApiOkResponse({ type: IncidentView })
  @ApiProblems(400, 404, 409)
  close(@Param() { id }: IdParam, @Body() body: CloseIncidentBody) {
    return this.nats.send(IncidentRpc.close, { ...body, id });
  }
}
