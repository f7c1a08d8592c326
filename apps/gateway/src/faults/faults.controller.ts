import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import {
  AnswerBody,
  CloseBody,
  CooperationDto,
  DispatchBody,
  EscalateBody,
  FaultRpc,
  FeedbackBody,
  LegResultBody,
  ListTicketsQuery,
  LoopbackPlanView,
  LoopbackRpc,
  LoopTestBody,
  OpenTicketRequest,
  OccurredBody,
  ProgressBody,
  ProvinceEscalationBody,
  RateTicketBody,
  ReasonBody,
  ReviewItemView,
  ReviewQuery,
  SuspendBody,
  SuspensionRequestBody,
  TEST_REPORT_FILE_TYPES,
  TicketView,
  TimelineEntryView,
} from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { disposition } from '../http/documents';
import { IfMatch, VersionETag } from '../http/etag';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow, AnyUser, Staff } from '../identity/access';

class LegParam extends IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'legId must be a UUID' })
  legId!: string;
}

@ApiTags('faults')
@Controller('faults')
@UseInterceptors(VersionETag)
@ApiHeader({ name: 'If-Match', required: false, description: 'On actions: the ETag of the ticket as last read; a stale one gets 412 (two dispatchers cannot overwrite each other)' })
export class FaultsController {
  constructor(private readonly nats: NatsLink) {}

  @Post()
  @Allow('noc', 'customer_engineer', 'customer_manager', 'customer_user')
  @ApiOperation({
    summary: 'Report a fault (intake)',
    description:
      "Opens a ticket with its clocks running from reportedAt (201). A report of a circuit that already has an open ticket is linked to it (200). A customer's user gets the customer's view.",
  })
  @ApiCreatedResponse({ type: TicketView, description: 'A new ticket' })
  @ApiOkResponse({ type: TicketView, description: 'Linked to the open ticket of the same circuit' })
  @ApiProblems(400, 422)
  async open(@Body() body: OpenTicketRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { ticket, duplicate } = await this.nats.send(FaultRpc.openTicket, body);
    void reply.status(duplicate ? 200 : 201);
    return ticket;
  }

  @Get()
  @AnyUser()
  @ApiOperation({
    summary: 'List fault tickets, paged and filtered (status, customer, tier, handling unit, circuit, overdue, escalated, dates)',
    description: "A customer's own user: its own customer's tickets only, in the customer's view, whatever customerId it sends.",
  })
  @ApiPage(TicketView)
  @ApiProblems(400)
  list(@Query() query: ListTicketsQuery) {
    return this.nats.send(FaultRpc.listTickets, query);
  }

  @Get('review')
  @Allow('noc', 'customer_manager')
  @ApiOperation({ summary: 'Difficult and long-open tickets for coordinated review: past their limit, or on circuits with repeated faults' })
  @ApiPage(ReviewItemView)
  @ApiProblems(400)
  review(@Query() query: ReviewQuery) {
    return this.nats.send(FaultRpc.review, query);
  }

  @Get(':id')
  @AnyUser()
  @ApiOperation({ summary: "One fault ticket with its legs, escalations and breached time limits (a customer's user: the customer's view, without the internal ones)" })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(FaultRpc.getTicket, { id });
  }

  @Get(':id/timeline')
  @Staff()
  @ApiOperation({ summary: 'Every action and clock event of the ticket, who and when' })
  @ApiOkResponse({ type: [TimelineEntryView] })
  @ApiProblems(400, 404)
  timeline(@Param() { id }: IdParam) {
    return this.nats.send(FaultRpc.timeline, { id });
  }

  @Post(':id/province-escalation')
  @Allow('noc', 'handling_unit')
  @HttpCode(200)
  @ApiOperation({ summary: "The local network's pre-check of its own segment, then its escalation of a cross-province fault to the province (both times kept)" })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404, 409, 422)
  provinceEscalation(@Param() { id }: IdParam, @Body() body: ProvinceEscalationBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.provinceEscalation, { ...body, id, ...ifMatch });
  }

  @Post(':id/dispatch')
  @Allow('noc')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dispatch in parallel to handling units, one leg per unit and segment (both access ends required)' })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404, 409, 422)
  dispatch(@Param() { id }: IdParam, @Body() body: DispatchBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.dispatch, { ...body, id, ...ifMatch });
  }

  @Post(':id/legs/:legId/accept')
  @Allow('noc', 'handling_unit')
  @HttpCode(200)
  @ApiOperation({ summary: 'A handling unit confirms its dispatch (接单确认, within 5 min)' })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404, 409)
  accept(@Param() { id, legId }: LegParam, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.accept, { id, legId, ...ifMatch });
  }

  @Post(':id/legs/:legId/progress')
  @Allow('noc', 'handling_unit')
  @HttpCode(200)
  @ApiOperation({ summary: 'A unit reports progress (every 30 min, 60 for voice); a judgement is recorded as not final' })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404, 409)
  progress(@Param() { id, legId }: LegParam, @Body() body: ProgressBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.progress, { ...body, id, legId, ...ifMatch });
  }

  @Post(':id/legs/:legId/result')
  @Allow('noc', 'handling_unit')
  @HttpCode(200)
  @ApiOperation({ summary: 'A unit returns its result; "no fault" needs a test report' })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404, 409, 422)
  result(@Param() { id, legId }: LegParam, @Body() body: LegResultBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.result, { ...body, id, legId, ...ifMatch });
  }

  @Get(':id/legs/:legId/test-report-file')
  @Staff()
  @ApiOperation({ summary: "The test report file a unit uploaded with its leg result (staff only; an attachment of its stated type)" })
  @ApiOkResponse({ description: 'The file', content: Object.fromEntries(TEST_REPORT_FILE_TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) })
  @ApiProblems(400, 404)
  async testReportFile(@Param() { id, legId }: LegParam, @Res({ passthrough: true }) reply: FastifyReply) {
    const file = await this.nats.send(FaultRpc.testReportFile, { id, legId });
    void reply
      .header('content-type', file.mimeType === 'text/plain' ? 'text/plain; charset=utf-8' : file.mimeType)
      .header('content-disposition', disposition('attachment', file.name))
      .header('cache-control', 'private, no-store');
    return Buffer.from(file.content, 'base64');
  }

  @Post(':id/answers')
  @Allow('noc')
  @HttpCode(200)
  @ApiOperation({ summary: "The dispatcher answers the units' reports and informs all units (within 5 min)" })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404, 409)
  answer(@Param() { id }: IdParam, @Body() body: AnswerBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.answer, { ...body, id, ...ifMatch });
  }

  @Post(':id/feedback')
  @Allow('noc', 'customer_engineer', 'customer_manager')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Feedback to the customer: first within 30 min of intake, then every 2 h',
    description:
      'Records the feedback and re-arms the feedback clock. With `sendSms` (and `phone`) the notifier also sends the content to that number by SMS, once; the delivery then shows on the ticket (`notifications`) and its timeline.',
  })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404, 409)
  feedback(@Param() { id }: IdParam, @Body() body: FeedbackBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.feedback, { ...body, id, ...ifMatch });
  }

  @Post(':id/suspension-requests')
  @Allow('noc', 'handling_unit')
  @HttpCode(200)
  @ApiOperation({ summary: 'A unit asks to suspend (the customer cannot cooperate); every operator leg must have returned no fault with a test report' })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404, 409)
  requestSuspension(@Param() { id }: IdParam, @Body() body: SuspensionRequestBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.requestSuspension, { ...body, id, ...ifMatch });
  }

  @Post(':id/suspend')
  @Allow('noc')
  @HttpCode(200)
  @ApiOperation({ summary: 'The dispatcher suspends after confirming with the customer (挂起)' })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404, 409)
  suspend(@Param() { id }: IdParam, @Body() body: SuspendBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.suspend, { ...body, id, ...ifMatch });
  }

  @Post(':id/resume')
  @Allow('noc')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a suspended ticket' })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404, 409)
  resume(@Param() { id }: IdParam, @Body() body: ReasonBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.resume, { ...body, id, ...ifMatch });
  }

  @Post(':id/restore')
  @Allow('noc')
  @HttpCode(200)
  @ApiOperation({ summary: 'Service is restored: the resolution clock stops at the stated time (occurredAt, default now)' })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404, 409, 422)
  restore(@Param() { id }: IdParam, @Body() body: OccurredBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.restore, { ...body, id, ...ifMatch });
  }

  @Post(':id/repair')
  @Allow('noc', 'handling_unit')
  @HttpCode(200)
  @ApiOperation({ summary: 'The root fault is fixed (repairedAt: the stated occurredAt, default now), apart from restoration' })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404, 409, 422)
  repair(@Param() { id }: IdParam, @Body() body: OccurredBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.repair, { ...body, id, ...ifMatch });
  }

  @Post(':id/close')
  @Allow('noc')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close with the true cause; a differing customer-facing cause is marked on the closure' })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404, 409)
  close(@Param() { id }: IdParam, @Body() body: CloseBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.close, { ...body, id, ...ifMatch });
  }

  @Post(':id/cancel')
  @Allow('noc')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a ticket opened in error' })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404, 409)
  cancel(@Param() { id }: IdParam, @Body() body: ReasonBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.cancel, { ...body, id, ...ifMatch });
  }

  @Post(':id/reopen')
  @Allow('noc', 'customer_engineer', 'customer_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a closed ticket when the customer says it is not fixed' })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404, 409)
  reopen(@Param() { id }: IdParam, @Body() body: ReasonBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.reopen, { ...body, id, ...ifMatch });
  }

  @Post(':id/escalations')
  @Allow('noc', 'customer_manager')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Escalate by hand with a reason, step by step (supervisor → department → company; skipping a level needs skipReason)',
    description: 'The customer manager is given the expected restoration time; a major fault (or crisis grade A) is reported at once to the province and the group.',
  })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404, 409, 422)
  escalate(@Param() { id }: IdParam, @Body() body: EscalateBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.escalate, { ...body, id, ...ifMatch });
  }

  @Post(':id/loop-tests')
  @Allow('noc', 'handling_unit')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record a loop-back test (打环测试) and get the next loop point, or the localised faulty segment',
    description: 'Follows §2.3.1.5: depends on whether both ends, one end or neither end can cooperate. A test the procedure would not have reached is refused (422).',
  })
  @ApiOkResponse({ type: LoopbackPlanView, description: 'The next loop test (nextTest), the faulty segment (faultLocalised), or staff to both customer sites' })
  @ApiProblems(400, 404, 422)
  loopTest(@Param() { id }: IdParam, @Body() body: LoopTestBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(LoopbackRpc.record, { ...body, id, ...ifMatch });
  }

  @Get(':id/loopback-plan')
  @Allow('noc', 'handling_unit')
  @ApiOperation({ summary: 'The next loop-back test from the tests recorded so far' })
  @ApiOkResponse({ type: LoopbackPlanView, description: 'The next loop test (nextTest), the faulty segment (faultLocalised), or staff to both customer sites' })
  @ApiProblems(400, 404, 422)
  loopbackPlan(@Param() { id }: IdParam, @Query() query: CooperationDto) {
    return this.nats.send(LoopbackRpc.plan, { ...query, id });
  }

  @Post(':id/on-site')
  @Allow('noc', 'handling_unit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Staff have arrived on site (important customers: within 2 h)' })
  @ApiOkResponse({ type: TicketView })
  @ApiProblems(400, 404, 409)
  onSite(@Param() { id }: IdParam, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.onSite, { id, ...ifMatch });
  }

  @Post(':id/rating')
  @Allow('customer_user')
  @ApiOperation({
    summary: "The customer rates its closed ticket (满意度评价): score 1–5 and an optional comment, once",
    description:
      "By a user of the ticket's own customer; who rated is the signed-in user. 409 TICKET_NOT_CLOSED before the ticket is closed, 409 TICKET_ALREADY_RATED for a second rating; staff may not rate (403). The rating shows on the ticket (`rating`) and is published as evt.fault.ticket.rated.v1.",
  })
  @ApiCreatedResponse({ type: TicketView, description: 'The ticket with its rating' })
  @ApiProblems(400, 404, 409)
  rate(@Param() { id }: IdParam, @Body() body: RateTicketBody, @IfMatch() ifMatch: { expectedVersion?: number }) {
    return this.nats.send(FaultRpc.rate, { ...body, id, ...ifMatch });
  }
}
