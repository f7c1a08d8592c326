import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { PageQuery } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { Allow } from '../identity/access';
import { authOf } from '../identity/authenticate';
import { CreatedSystemClientView, CreateSystemClientRequest, SystemClientView } from './system-clients.dto';
import { SystemClientsService } from './system-clients.service';

@ApiTags('system clients')
@Controller('system-clients')
export class SystemClientsController {
  constructor(private readonly clients: SystemClientsService) {}

  @Post()
  @Allow()
  @ApiOperation({
    summary: 'Make a system client for the TMF621 API (OAuth 2.0 client_credentials at POST /api/v1/auth/token)',
    description: "Its token has the role tmf_client, which may use the TMF621 routes only. With customerId it is that customer's own system (a partner carrier's): it sees and opens that customer's tickets only. The secret is answered this once.",
  })
  @ApiCreatedResponse({ type: CreatedSystemClientView })
  @ApiProblems(400, 422)
  create(@Body() body: CreateSystemClientRequest, @Req() request: FastifyRequest): Promise<CreatedSystemClientView> {
    return this.clients.create(body, authOf(request).caller!);
  }

  @Get()
  @Allow()
  @ApiOperation({ summary: 'List the system clients, paged' })
  @ApiPage(SystemClientView)
  @ApiProblems(400)
  list(@Query() query: PageQuery) {
    return this.clients.list(query);
  }

  @Delete(':id')
  @Allow()
  @HttpCode(204)
  @ApiOperation({ summary: 'Disable a system client: no new tokens; one already issued lapses within its lifetime' })
  @ApiProblems(400, 404)
  disable(@Param() { id }: IdParam): Promise<void> {
    return this.clients.disable(id);
  }
}
