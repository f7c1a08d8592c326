import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CircuitRpc, CircuitView, CreateCircuitRequest, ListCircuitsQuery, UpdateCircuitBody } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow, AnyUser } from '../identity/access';

@ApiTags('circuits')
@Controller('circuits')
export class CircuitsController {
  constructor(private readonly nats: NatsLink) {}

  @Post()
  @Allow('customer_manager', 'project_manager')
  @ApiOperation({ summary: 'Add a live circuit to the inventory (owned by provisioning)' })
  @ApiCreatedResponse({ type: CircuitView })
  @ApiProblems(400, 409, 422)
  create(@Body() body: CreateCircuitRequest) {
    return this.nats.send(CircuitRpc.create, body);
  }

  @Get()
  @AnyUser()
  @ApiOperation({ summary: 'List circuits, paged and filtered' })
  @ApiPage(CircuitView)
  @ApiProblems(400)
  list(@Query() query: ListCircuitsQuery) {
    return this.nats.send(CircuitRpc.list, query);
  }

  @Get(':id')
  @AnyUser()
  @ApiOperation({ summary: 'One circuit' })
  @ApiOkResponse({ type: CircuitView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(CircuitRpc.get, { id });
  }

  @Patch(':id')
  @Allow('customer_manager', 'project_manager')
  @ApiOperation({ summary: 'Change a circuit (grade, business, importance, protection, backup, state); other services are told' })
  @ApiOkResponse({ type: CircuitView })
  @ApiProblems(400, 404)
  update(@Param() { id }: IdParam, @Body() body: UpdateCircuitBody) {
    return this.nats.send(CircuitRpc.update, { ...body, id });
  }
}
