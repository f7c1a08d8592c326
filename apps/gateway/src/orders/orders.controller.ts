import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateOrderBody,
  ExtensionBody,
  HandoverBody,
  LeadingBureauBody,
  ListOrdersQuery,
  OccurredBody,
  OrderRecordView,
  OrderRpc,
  OrderView,
  OrderWarningBody,
  PlanBody,
  ProgressReportBody,
  ReviewOrderBody,
  SegmentCompleteBody,
  SurveyBody,
  WholeRouteBody,
} from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IfMatch, VersionETag } from '../http/etag';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow, AnyUser, Staff } from '../identity/access';

@ApiTags('orders')
@Controller('orders')
@UseInterceptors(VersionETag)
@ApiHeader({ name: 'If-Match', required: false, description: 'On actions: the ETag of the order as last read; a stale one gets 412' })
export class OrdersController {
  constructor(private readonly nats: NatsLink) {}

  @Post()
  @Allow('customer_manager', 'project_manager')
  @ApiOperation({ summary: 'Place a provisioning order (定单); its due-date clock starts. An order without progress reports enters the warning pool 10 working days before its date (at once when already inside that). change, move and cease need the customer\'s circuit circuitCode in service (422)' })
  @ApiCreatedResponse({ type: OrderView })
  @ApiProblems(400, 422)
  create(@Body() body: CreateOrderBody) {
    return this.nats.send(OrderRpc.create, body);
  }

  @Get()
  @AnyUser()
  @ApiOperation({ summary: 'List orders by step, customer, manager, due date, warning pool, violation' })
  @ApiPage(OrderView)
  @ApiProblems(400)
  list(@Query() query: ListOrdersQuery) {
    return this.nats.send(OrderRpc.list, query);
  }

  @Get(':id')
  @AnyUser()
  @ApiOperation({ summary: 'One order with its step, deadlines, warnings, violations and leading bureau' })
  @ApiOkResponse({ type: OrderView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(OrderRpc.get, { id });
  }

  @Get(':id/timeline')
  @Staff()
  @ApiOperation({ summary: 'Every action on the order: when it happened, when it was recorded, who recorded it' })
  @ApiOkResponse({ type: [OrderRecordView] })
  @ApiProblems(400, 404)
  timeline(@Param() { id }: IdParam) {
    return this.nats.send(OrderRpc.timeline, { id });
  }

  @Post(':id/review')
  @Allow('project_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Step 1, order review: approve (assigning the project manager; the survey is due within 2 working days) or return to the business manager with a reason (退单)' })
  @ApiOkResponse({ type: OrderView })
  @ApiProblems(400, 404, 409)
  review(@Param() { id }: IdParam, @Body() body: ReviewOrderBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(OrderRpc.review, { ...body, id, ...ifMatch });
  }

  @Post(':id/survey')
  @Allow('project_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Step 2, detailed resource survey done; the plan is due within 12 working days; property problems go to the customer manager' })
  @ApiOkResponse({ type: OrderView })
  @ApiProblems(400, 404, 409)
  survey(@Param() { id }: IdParam, @Body() body: SurveyBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(OrderRpc.survey, { ...body, id, ...ifMatch });
  }

  @Post(':id/plan')
  @Allow('project_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Step 3, implementation plan split into segments, each with its own period and clock (due by the end of its last working day)' })
  @ApiOkResponse({ type: OrderView })
  @ApiProblems(400, 404, 409)
  plan(@Param() { id }: IdParam, @Body() body: PlanBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(OrderRpc.plan, { ...body, id, ...ifMatch });
  }

  @Post(':id/progress')
  @Allow('project_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Step 4, weekly construction report: this week, next week, items to warn' })
  @ApiOkResponse({ type: OrderView })
  @ApiProblems(400, 404, 409)
  progress(@Param() { id }: IdParam, @Body() body: ProgressReportBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(OrderRpc.progress, { ...body, id, ...ifMatch });
  }

  @Post(':id/construction-done')
  @Allow('project_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Construction finished; service testing starts' })
  @ApiOkResponse({ type: OrderView })
  @ApiProblems(400, 404, 409)
  constructionDone(@Param() { id }: IdParam, @Body() body: OccurredBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(OrderRpc.constructionDone, { ...body, id, ...ifMatch });
  }

  @Post(':id/warnings')
  @Allow('project_manager', 'customer_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Step 5, a unit warns it cannot finish (timely: at least 5 working days before the date, urgent 3 days); the three managers are told' })
  @ApiOkResponse({ type: OrderView })
  @ApiProblems(400, 404, 409)
  warn(@Param() { id }: IdParam, @Body() body: OrderWarningBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(OrderRpc.warn, { ...body, id, ...ifMatch });
  }

  @Post(':id/extensions')
  @Allow('project_manager', 'customer_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Extend the due date (延期): a customer reason only' })
  @ApiOkResponse({ type: OrderView })
  @ApiProblems(400, 404, 409)
  extend(@Param() { id }: IdParam, @Body() body: ExtensionBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(OrderRpc.extend, { ...body, id, ...ifMatch });
  }

  @Post(':id/segments')
  @Allow('project_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Step 6, a location reports its plan segment complete; the segment\'s clock stops' })
  @ApiOkResponse({ type: OrderView })
  @ApiProblems(400, 404, 409, 422)
  segment(@Param() { id }: IdParam, @Body() body: SegmentCompleteBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(OrderRpc.segmentComplete, { ...body, id, ...ifMatch });
  }

  @Post(':id/whole-route')
  @Allow('project_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'The leading bureau reports whole-route completion with the test report: the service start time, at which the due date is measured. Another bureau needs overrideReason' })
  @ApiOkResponse({ type: OrderView })
  @ApiProblems(400, 404, 409, 422)
  wholeRoute(@Param() { id }: IdParam, @Body() body: WholeRouteBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(OrderRpc.wholeRoute, { ...body, id, ...ifMatch });
  }

  @Post(':id/completion')
  @Allow('project_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Step 7, completion recorded (cross-domain: within 2 working days of the test report)' })
  @ApiOkResponse({ type: OrderView })
  @ApiProblems(400, 404, 409)
  completion(@Param() { id }: IdParam, @Body() body: OccurredBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(OrderRpc.recordCompletion, { ...body, id, ...ifMatch });
  }

  @Post(':id/handover')
  @Allow('project_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Handover signed (or not): a new circuit goes live, a change or move updates the circuit, a cease ceases it' })
  @ApiOkResponse({ type: OrderView })
  @ApiProblems(400, 404, 409, 422)
  handover(@Param() { id }: IdParam, @Body() body: HandoverBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(OrderRpc.handover, { ...body, id, ...ifMatch });
  }

  @Put(':id/leading-bureau')
  @Allow('project_manager')
  @ApiOperation({ summary: 'Set the leading bureau by hand, with the reason (recorded)' })
  @ApiOkResponse({ type: OrderView })
  @ApiProblems(400, 404, 409)
  leadingBureau(@Param() { id }: IdParam, @Body() body: LeadingBureauBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(OrderRpc.setLeadingBureau, { ...body, id, ...ifMatch });
  }
}
