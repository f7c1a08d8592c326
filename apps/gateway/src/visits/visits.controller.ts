import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import {
  BookVisitBody,
  CancelVisitBody,
  CloseFollowUpBody,
  CoverageQuery,
  CoverageView,
  FollowUpView,
  ListFollowUpsQuery,
  ListVisitsQuery,
  OverdueCustomerView,
  OverdueVisitsQuery,
  PlanVisitBody,
  RecordVisitBody,
  VisitRpc,
  VisitView,
  WorkPlanItemView,
  WorkPlanQuery,
} from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow, AnyUser } from '../identity/access';

class FollowUpParam extends IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'followUpId must be a UUID' })
  followUpId!: string;
}

const VISITORS = ['customer_manager', 'customer_engineer'] as const;

@ApiTags('visits')
@Controller('visits')
export class VisitsController {
  constructor(private readonly nats: NatsLink) {}

  @Post()
  @Allow(...VISITORS)
  @ApiOperation({ summary: 'Plan a visit (走访): routine, first (stranger), festival or crisis' })
  @ApiCreatedResponse({ type: VisitView })
  @ApiProblems(400, 422)
  plan(@Body() body: PlanVisitBody) {
    return this.nats.send(VisitRpc.plan, body);
  }

  @Get()
  @AnyUser()
  @ApiOperation({ summary: "List visits (a customer's user: its own customer's)" })
  @ApiPage(VisitView)
  @ApiProblems(400)
  list(@Query() query: ListVisitsQuery) {
    return this.nats.send(VisitRpc.list, query);
  }

  @Get('overdue')
  @Allow(...VISITORS)
  @ApiOperation({ summary: "Customers overdue for a visit: the last visit done (or since known) is more than the tier's months back" })
  @ApiPage(OverdueCustomerView)
  @ApiProblems(400)
  overdue(@Query() query: OverdueVisitsQuery) {
    return this.nats.send(VisitRpc.overdue, query);
  }

  @Get('coverage')
  @Allow(...VISITORS)
  @ApiOperation({ summary: 'Visit coverage per tier in a period, and the visits the planned frequency asks for' })
  @ApiOkResponse({ type: CoverageView })
  @ApiProblems(400, 422)
  coverage(@Query() query: CoverageQuery) {
    return this.nats.send(VisitRpc.coverage, query);
  }

  @Get('work-plan')
  @Allow(...VISITORS)
  @ApiOperation({ summary: "One person's planned and booked visits and open follow-ups in a period, by date (default: the caller's)" })
  @ApiPage(WorkPlanItemView)
  @ApiProblems(400, 422)
  workPlan(@Query() query: WorkPlanQuery) {
    return this.nats.send(VisitRpc.workPlan, query);
  }

  @Get(':id')
  @AnyUser()
  @ApiOperation({ summary: 'One visit with its booking, record and follow-ups' })
  @ApiOkResponse({ type: VisitView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(VisitRpc.get, { id });
  }

  @Post(':id/booking')
  @Allow(...VISITORS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Book the visit with the customer by phone: time, place, participants' })
  @ApiOkResponse({ type: VisitView })
  @ApiProblems(400, 404, 409)
  book(@Param() { id }: IdParam, @Body() body: BookVisitBody) {
    return this.nats.send(VisitRpc.book, { ...body, id });
  }

  @Post(':id/record')
  @Allow(...VISITORS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the visit: who was met, topics, problems, satisfaction, follow-up actions (each on a deadline clock)' })
  @ApiOkResponse({ type: VisitView })
  @ApiProblems(400, 404, 409, 422)
  record(@Param() { id }: IdParam, @Body() body: RecordVisitBody) {
    return this.nats.send(VisitRpc.record, { ...body, id });
  }

  @Post(':id/cancel')
  @Allow(...VISITORS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a planned or booked visit, with the reason' })
  @ApiOkResponse({ type: VisitView })
  @ApiProblems(400, 404, 409)
  cancel(@Param() { id }: IdParam, @Body() body: CancelVisitBody) {
    return this.nats.send(VisitRpc.cancel, { ...body, id });
  }

  @Post(':id/follow-ups/:followUpId/close')
  @Allow(...VISITORS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a follow-up action with a note (stops its clock)' })
  @ApiOkResponse({ type: VisitView })
  @ApiProblems(400, 404, 409)
  closeFollowUp(@Param() { id, followUpId }: FollowUpParam, @Body() body: CloseFollowUpBody) {
    return this.nats.send(VisitRpc.closeFollowUp, { ...body, id, followUpId });
  }
}

@ApiTags('visits')
@Controller('follow-ups')
export class FollowUpsController {
  constructor(private readonly nats: NatsLink) {}

  @Get()
  @Allow(...VISITORS)
  @ApiOperation({ summary: 'Follow-up actions of visits (service tracking): open until closed, overdue once breached' })
  @ApiPage(FollowUpView)
  @ApiProblems(400)
  list(@Query() query: ListFollowUpsQuery) {
    return this.nats.send(VisitRpc.listFollowUps, query);
  }
}
