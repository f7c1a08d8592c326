import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import {
  CancelCutoverBody,
  CreateCutoverBody,
  CutoverAnswerBody,
  CutoverExecutedBody,
  CutoverRpc,
  CutoverView,
  ListCutoversQuery,
  NoticeSentBody,
  RescheduleCutoverBody,
} from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow, AnyUser } from '../identity/access';

class NoticeParam extends IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId!: string;
}

const PLANNERS = ['noc', 'customer_engineer', 'customer_manager'] as const;

@ApiTags('cutovers')
@Controller('cutovers')
export class CutoversController {
  constructor(private readonly nats: NatsLink) {}

  @Post()
  @Allow(...PLANNERS)
  @ApiOperation({ summary: 'Plan a cutover (割接): one notice per affected customer, due cutoverNoticeWorkingDays working days before the window (09:00)' })
  @ApiCreatedResponse({ type: CutoverView })
  @ApiProblems(400, 422)
  create(@Body() body: CreateCutoverBody) {
    return this.nats.send(CutoverRpc.create, body);
  }

  @Get()
  @AnyUser()
  @ApiOperation({ summary: "List cutovers (a customer's user: those affecting its customer, its own part of them)" })
  @ApiPage(CutoverView)
  @ApiProblems(400)
  list(@Query() query: ListCutoversQuery) {
    return this.nats.send(CutoverRpc.list, query);
  }

  @Get(':id')
  @AnyUser()
  @ApiOperation({ summary: "One cutover with its rounds, notices and answers (a customer's user: its own only)" })
  @ApiOkResponse({ type: CutoverView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(CutoverRpc.get, { id });
  }

  @Post(':id/notices/:customerId/sent')
  @Allow(...PLANNERS)
  @HttpCode(200)
  @ApiOperation({ summary: "Record the delivery of the current round's notice to a customer; after its due it is late" })
  @ApiOkResponse({ type: CutoverView })
  @ApiProblems(400, 404, 409, 422)
  noticeSent(@Param() { id, customerId }: NoticeParam, @Body() body: NoticeSentBody) {
    return this.nats.send(CutoverRpc.noticeSent, { ...body, id, customerId });
  }

  @Post(':id/answers')
  @Allow(...PLANNERS, 'customer_user')
  @HttpCode(200)
  @ApiOperation({ summary: "A customer agrees, refuses or proposes another window (a customer's user for its own customer; staff on a customer's behalf)" })
  @ApiOkResponse({ type: CutoverView })
  @ApiProblems(400, 404, 409, 422)
  answer(@Param() { id }: IdParam, @Body() body: CutoverAnswerBody) {
    return this.nats.send(CutoverRpc.answer, { ...body, id });
  }

  @Post(':id/reschedule')
  @Allow(...PLANNERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a new window (cases 33–34): a new round, answers asked again, new notices due' })
  @ApiOkResponse({ type: CutoverView })
  @ApiProblems(400, 404, 409, 422)
  reschedule(@Param() { id }: IdParam, @Body() body: RescheduleCutoverBody) {
    return this.nats.send(CutoverRpc.reschedule, { ...body, id });
  }

  @Post(':id/executed')
  @Allow(...PLANNERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the executed window; outside the agreed one it is flagged with minutes early and late (case 35)' })
  @ApiOkResponse({ type: CutoverView })
  @ApiProblems(400, 404, 409, 422)
  executed(@Param() { id }: IdParam, @Body() body: CutoverExecutedBody) {
    return this.nats.send(CutoverRpc.executed, { ...body, id });
  }

  @Post(':id/cancel')
  @Allow(...PLANNERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel the cutover; fault stops linking faults to its window' })
  @ApiOkResponse({ type: CutoverView })
  @ApiProblems(400, 404, 409)
  cancel(@Param() { id }: IdParam, @Body() body: CancelCutoverBody) {
    return this.nats.send(CutoverRpc.cancel, { ...body, id });
  }
}
