import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  BookVisitRequest,
  Caller,
  CancelVisitRequest,
  CloseFollowUpRequest,
  CoverageQuery,
  ForCustomers,
  ListFollowUpsQuery,
  ListVisitsQuery,
  OverdueVisitsQuery,
  PlanVisitRequest,
  RecordVisitRequest,
  RpcCaller,
  VisitIdRequest,
  VisitRpc,
  WorkPlanQuery,
} from '@app/shared';
import { VisitPlanningService } from './visit-planning.service';
import { VisitsService } from './visits.service';

@Controller()
export class VisitsRpc {
  constructor(
    private readonly visits: VisitsService,
    private readonly planning: VisitPlanningService,
  ) {}

  @MessagePattern(VisitRpc.plan.subject)
  plan(@Payload() req: PlanVisitRequest, @RpcCaller() caller: Caller) {
    return this.visits.plan(req, caller.username);
  }

  @MessagePattern(VisitRpc.book.subject)
  book(@Payload() req: BookVisitRequest, @RpcCaller() caller: Caller) {
    return this.visits.book(req, caller.username);
  }

  @MessagePattern(VisitRpc.record.subject)
  record(@Payload() req: RecordVisitRequest, @RpcCaller() caller: Caller) {
    return this.visits.record(req, caller.username);
  }

  @MessagePattern(VisitRpc.cancel.subject)
  cancel(@Payload() req: CancelVisitRequest) {
    return this.visits.cancel(req);
  }

  @MessagePattern(VisitRpc.get.subject)
  @ForCustomers({ kind: 'owned' })
  get(@Payload() req: VisitIdRequest) {
    return this.visits.get(req.id);
  }

  @MessagePattern(VisitRpc.list.subject)
  @ForCustomers({ kind: 'list' })
  list(@Payload() q: ListVisitsQuery) {
    return this.visits.list(q);
  }

  @MessagePattern(VisitRpc.closeFollowUp.subject)
  closeFollowUp(@Payload() req: CloseFollowUpRequest, @RpcCaller() caller: Caller) {
    return this.visits.closeFollowUp(req, caller.username);
  }

  @MessagePattern(VisitRpc.listFollowUps.subject)
  listFollowUps(@Payload() q: ListFollowUpsQuery) {
    return this.visits.listFollowUps(q);
  }

  @MessagePattern(VisitRpc.overdue.subject)
  overdue(@Payload() q: OverdueVisitsQuery) {
    return this.planning.overdue(q);
  }

  @MessagePattern(VisitRpc.coverage.subject)
  coverage(@Payload() q: CoverageQuery) {
    return this.planning.coverage(q);
  }

  @MessagePattern(VisitRpc.workPlan.subject)
  workPlan(@Payload() q: WorkPlanQuery, @RpcCaller() caller: Caller) {
    return this.planning.workPlan(q, caller.username);
  }
}
