import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AssignDangerBody,
  ChecklistBody,
  ChecklistRpc,
  ChecklistView,
  DangerRpc,
  DangerView,
  FixDangerBody,
  InspectionResultsBody,
  InspectionRpc,
  InspectionView,
  ListChecklistsQuery,
  ListDangersQuery,
  ListInspectionsQuery,
  PlanInspectionBody,
} from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow, Staff } from '../identity/access';

const INSPECTORS = ['customer_engineer', 'customer_manager'] as const;

@ApiTags('inspections')
@Controller('checklists')
export class ChecklistsController {
  constructor(private readonly nats: NatsLink) {}

  @Post()
  @Allow()
  @ApiOperation({ summary: 'Add a checklist template (巡检模板): items with an expected value, a range or a yes/no answer' })
  @ApiCreatedResponse({ type: ChecklistView })
  @ApiProblems(400)
  create(@Body() body: ChecklistBody) {
    return this.nats.send(ChecklistRpc.create, body);
  }

  @Get()
  @Staff()
  @ApiOperation({ summary: 'List checklist templates (two are shipped: a customer site and a leased line)' })
  @ApiPage(ChecklistView)
  @ApiProblems(400)
  list(@Query() query: ListChecklistsQuery) {
    return this.nats.send(ChecklistRpc.list, query);
  }

  @Get(':id')
  @Staff()
  @ApiOperation({ summary: 'One checklist template, its current version' })
  @ApiOkResponse({ type: ChecklistView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(ChecklistRpc.get, { id });
  }

  @Put(':id')
  @Allow()
  @ApiOperation({ summary: 'Change a checklist template: a new version (inspections keep the version they were planned with)' })
  @ApiOkResponse({ type: ChecklistView })
  @ApiProblems(400, 404)
  update(@Param() { id }: IdParam, @Body() body: ChecklistBody) {
    return this.nats.send(ChecklistRpc.update, { ...body, id });
  }
}

@ApiTags('inspections')
@Controller('inspections')
export class InspectionsController {
  constructor(private readonly nats: NatsLink) {}

  @Post()
  @Allow(...INSPECTORS)
  @ApiOperation({ summary: 'Plan an inspection (巡检) of a customer site or circuits from a checklist template (routine, warning- or campaign-triggered)' })
  @ApiCreatedResponse({ type: InspectionView })
  @ApiProblems(400, 404, 422)
  plan(@Body() body: PlanInspectionBody) {
    return this.nats.send(InspectionRpc.plan, body);
  }

  @Post(':id/results')
  @Allow(...INSPECTORS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the results, one per item; each abnormal item becomes a hidden danger (隐患) with a rectification due in rectificationWorkingDays' })
  @ApiOkResponse({ type: InspectionView })
  @ApiProblems(400, 404, 409, 422)
  results(@Param() { id }: IdParam, @Body() body: InspectionResultsBody) {
    return this.nats.send(InspectionRpc.results, { ...body, id });
  }

  @Get()
  @Staff()
  @ApiOperation({ summary: 'List inspections, paged and filtered (staff: internal work)' })
  @ApiPage(InspectionView)
  @ApiProblems(400)
  list(@Query() query: ListInspectionsQuery) {
    return this.nats.send(InspectionRpc.list, query);
  }

  @Get(':id')
  @Staff()
  @ApiOperation({ summary: 'One inspection with its judged results' })
  @ApiOkResponse({ type: InspectionView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(InspectionRpc.get, { id });
  }
}

@ApiTags('inspections')
@Controller('dangers')
export class DangersController {
  constructor(private readonly nats: NatsLink) {}

  @Get()
  @Staff()
  @ApiOperation({ summary: 'List hidden dangers, paged and filtered (staff: internal work)' })
  @ApiPage(DangerView)
  @ApiProblems(400)
  list(@Query() query: ListDangersQuery) {
    return this.nats.send(DangerRpc.list, query);
  }

  @Get(':id')
  @Staff()
  @ApiOperation({ summary: 'One hidden danger with its rectification clock' })
  @ApiOkResponse({ type: DangerView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(DangerRpc.get, { id });
  }

  @Post(':id/fix')
  @Allow(...INSPECTORS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the rectification with the fix and its evidence (required); stops its clock' })
  @ApiOkResponse({ type: DangerView })
  @ApiProblems(400, 404, 409, 422)
  fix(@Param() { id }: IdParam, @Body() body: FixDangerBody) {
    return this.nats.send(DangerRpc.fix, { ...body, id });
  }

  @Post(':id/assign')
  @Allow(...INSPECTORS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Reassign the rectification, optionally with a new due date (its close of business)' })
  @ApiOkResponse({ type: DangerView })
  @ApiProblems(400, 404, 409, 422)
  assign(@Param() { id }: IdParam, @Body() body: AssignDangerBody) {
    return this.nats.send(DangerRpc.assign, { ...body, id });
  }
}
