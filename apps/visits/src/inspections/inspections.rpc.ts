import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AssignDangerRequest,
  Caller,
  ChecklistIdRequest,
  ChecklistRpc,
  CreateChecklistRequest,
  DangerIdRequest,
  DangerRpc,
  FixDangerRequest,
  InspectionIdRequest,
  InspectionResultsRequest,
  InspectionRpc,
  ListChecklistsQuery,
  ListDangersQuery,
  ListInspectionsQuery,
  PlanInspectionRequest,
  RpcCaller,
  UpdateChecklistRequest,
} from '@app/shared';
import { ChecklistsService } from './checklists.service';
import { DangersService } from './dangers.service';
import { InspectionsService } from './inspections.service';

/** Checklist templates: staff only (a customer's user is refused, fail closed). */
@Controller()
export class ChecklistsRpc {
  constructor(private readonly checklists: ChecklistsService) {}

  @MessagePattern(ChecklistRpc.create.subject)
  create(@Payload() req: CreateChecklistRequest, @RpcCaller() caller: Caller) {
    return this.checklists.create(req, caller.username);
  }

  @MessagePattern(ChecklistRpc.update.subject)
  update(@Payload() req: UpdateChecklistRequest, @RpcCaller() caller: Caller) {
    return this.checklists.update(req, caller.username);
  }

  @MessagePattern(ChecklistRpc.get.subject)
  get(@Payload() req: ChecklistIdRequest) {
    return this.checklists.get(req.id);
  }

  @MessagePattern(ChecklistRpc.list.subject)
  list(@Payload() q: ListChecklistsQuery) {
    return this.checklists.list(q);
  }
}

/** Inspections: internal work, staff only (a customer's user is refused, fail closed). */
@Controller()
export class InspectionsRpc {
  constructor(private readonly inspections: InspectionsService) {}

  @MessagePattern(InspectionRpc.plan.subject)
  plan(@Payload() req: PlanInspectionRequest, @RpcCaller() caller: Caller) {
    return this.inspections.create(req, caller.username);
  }

  @MessagePattern(InspectionRpc.results.subject)
  results(@Payload() req: InspectionResultsRequest, @RpcCaller() caller: Caller) {
    return this.inspections.recordResults(req, caller.username);
  }

  @MessagePattern(InspectionRpc.get.subject)
  get(@Payload() req: InspectionIdRequest) {
    return this.inspections.get(req.id);
  }

  @MessagePattern(InspectionRpc.list.subject)
  list(@Payload() q: ListInspectionsQuery) {
    return this.inspections.list(q);
  }
}

/** Hidden dangers: internal work, staff only (a customer's user is refused, fail closed). */
@Controller()
export class DangersRpc {
  constructor(private readonly dangers: DangersService) {}

  @MessagePattern(DangerRpc.fix.subject)
  fix(@Payload() req: FixDangerRequest, @RpcCaller() caller: Caller) {
    return this.dangers.fix(req, caller.username);
  }

  @MessagePattern(DangerRpc.assign.subject)
  assign(@Payload() req: AssignDangerRequest, @RpcCaller() caller: Caller) {
    return this.dangers.assign(req, caller.username);
  }

  @MessagePattern(DangerRpc.get.subject)
  get(@Payload() req: DangerIdRequest) {
    return this.dangers.get(req.id);
  }

  @MessagePattern(DangerRpc.list.subject)
  list(@Payload() q: ListDangersQuery) {
    return this.dangers.list(q);
  }
}
