import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnswerComplaintBody, ComplaintRpc, ComplaintStepBody, ComplaintView, CreateComplaintBody, ListComplaintsQuery } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow, AnyUser } from '../identity/access';

@ApiTags('complaints')
@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly nats: NatsLink) {}

  @Post()
  @Allow('noc', 'customer_engineer', 'customer_manager')
  @ApiOperation({ summary: 'Take a complaint; its sorting limit runs from receivedAt (important 2 working hours, general 0.5 working day; whole working days count as days)' })
  @ApiCreatedResponse({ type: ComplaintView })
  @ApiProblems(400, 404, 422)
  create(@Body() body: CreateComplaintBody) {
    return this.nats.send(ComplaintRpc.create, body);
  }

  @Get()
  @AnyUser()
  @ApiOperation({ summary: 'List complaints' })
  @ApiPage(ComplaintView)
  @ApiProblems(400)
  list(@Query() query: ListComplaintsQuery) {
    return this.nats.send(ComplaintRpc.list, query);
  }

  @Get(':id')
  @AnyUser()
  @ApiOperation({ summary: 'One complaint with its running step and breached steps' })
  @ApiOkResponse({ type: ComplaintView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(ComplaintRpc.get, { id });
  }

  @Post(':id/sort')
  @Allow('noc', 'customer_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sorting done; analysis starts (important 0.5, general 2 working days)' })
  @ApiOkResponse({ type: ComplaintView })
  @ApiProblems(400, 404, 409)
  sort(@Param() { id }: IdParam, @Body() body: ComplaintStepBody) {
    return this.nats.send(ComplaintRpc.sort, { ...body, id });
  }

  @Post(':id/analyse')
  @Allow('noc', 'customer_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Analysis and localisation done; handling starts (2/5 working days), or a plan with other departments (5/10)' })
  @ApiOkResponse({ type: ComplaintView })
  @ApiProblems(400, 404, 409)
  analyse(@Param() { id }: IdParam, @Body() body: ComplaintStepBody) {
    return this.nats.send(ComplaintRpc.analyse, { ...body, id });
  }

  @Post(':id/resolve')
  @Allow('noc', 'customer_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Handled (or the plan is made)' })
  @ApiOkResponse({ type: ComplaintView })
  @ApiProblems(400, 404, 409)
  resolve(@Param() { id }: IdParam, @Body() body: ComplaintStepBody) {
    return this.nats.send(ComplaintRpc.resolve, { ...body, id });
  }

  @Post(':id/answer')
  @Allow('noc', 'customer_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'The customer is answered; the complaint is closed' })
  @ApiOkResponse({ type: ComplaintView })
  @ApiProblems(400, 404, 409)
  answer(@Param() { id }: IdParam, @Body() body: AnswerComplaintBody) {
    return this.nats.send(ComplaintRpc.answer, { ...body, id });
  }
}
