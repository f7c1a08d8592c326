import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CaseFeedbackBody,
  CaseFeedbackView,
  CaseFields,
  CaseRpc,
  CaseSeedResult,
  CaseSuggestionsQuery,
  CaseSuggestionsView,
  CaseVersionsView,
  CaseView,
  CreateCaseBody,
  ListCasesQuery,
  WriteUpBody,
} from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow, Staff } from '../identity/access';

/** The case library (典型案例库): internal knowledge, for staff only. */
@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(private readonly nats: NatsLink) {}

  @Get()
  @Staff()
  @ApiOperation({ summary: 'Cases, filtered and paged; with q, a search in Chinese or English over title, symptoms and text, best matches first' })
  @ApiPage(CaseView)
  @ApiProblems(400)
  list(@Query() query: ListCasesQuery) {
    return this.nats.send(CaseRpc.list, query);
  }

  @Post()
  @Allow('noc', 'customer_engineer')
  @ApiOperation({ summary: 'Write a case (a draft)' })
  @ApiCreatedResponse({ type: CaseView })
  @ApiProblems(400)
  create(@Body() body: CreateCaseBody) {
    return this.nats.send(CaseRpc.create, body);
  }

  @Get('suggestions')
  @Staff()
  @ApiOperation({
    summary: 'The published cases most like a ticket (ticketId: its symptom, service type, segment, cause once known) or, at intake, a symptom; each with why it was suggested',
  })
  @ApiOkResponse({ type: CaseSuggestionsView })
  @ApiProblems(400, 404)
  suggest(@Query() query: CaseSuggestionsQuery) {
    return this.nats.send(CaseRpc.suggest, query);
  }

  @Post('suggestions/feedback')
  @Allow('noc', 'customer_engineer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a suggested case helpful or not (for a ticket, or at intake); kept, and used in ranking' })
  @ApiOkResponse({ type: CaseFeedbackView })
  @ApiProblems(400, 404)
  feedback(@Body() body: CaseFeedbackBody) {
    return this.nats.send(CaseRpc.feedback, body);
  }

  @Post('imports/seed-000')
  @Allow('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Load seed 000 (44 typical cases) as published, imported cases; a second load changes nothing' })
  @ApiOkResponse({ type: CaseSeedResult })
  @ApiProblems()
  loadSeed() {
    return this.nats.send(CaseRpc.loadSeed, {});
  }

  @Post('from-ticket/:id')
  @Allow('noc', 'customer_engineer')
  @ApiOperation({
    summary: "Write up a ticket as a draft case (closed, in an incident, or with a fault report): its cause, timeline and measures; the customer's identity removed unless kept",
  })
  @ApiCreatedResponse({ type: CaseView })
  @ApiProblems(400, 404, 409)
  writeUp(@Param() { id }: IdParam, @Body() body: WriteUpBody) {
    return this.nats.send(CaseRpc.writeUp, { ...body, ticketId: id });
  }

  @Get(':id')
  @Staff()
  @ApiOperation({ summary: 'A case' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(CaseRpc.get, { id });
  }

  @Patch(':id')
  @Allow('noc', 'customer_engineer')
  @ApiOperation({ summary: 'Edit a case: a new version, back to draft (to be reviewed and published again)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404)
  update(@Param() { id }: IdParam, @Body() body: CaseFields) {
    return this.nats.send(CaseRpc.update, { ...body, id });
  }

  @Get(':id/versions')
  @Staff()
  @ApiOperation({ summary: 'Every version of a case, as each change left it' })
  @ApiOkResponse({ type: CaseVersionsView })
  @ApiProblems(400, 404)
  versions(@Param() { id }: IdParam) {
    return this.nats.send(CaseRpc.versions, { id });
  }

  @Post(':id/review')
  @Allow('customer_engineer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Review a draft (a customer engineer or an administrator)' })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409)
  review(@Param() { id }: IdParam) {
    return this.nats.send(CaseRpc.review, { id });
  }

  @Post(':id/publish')
  @Allow('customer_engineer')
  @HttpCode(200)
  @ApiOperation({ summary: "Publish a reviewed case; the customer's identity is removed from its text unless kept on purpose" })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(400, 404, 409)
  publish(@Param() { id }: IdParam) {
    return this.nats.send(CaseRpc.publish, { id });
  }
}
