import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ActivityIdRequest, ActivityRpc, Caller, ListActivitiesQuery, PlanActivityRequest, RecordActivityRequest, RpcCaller } from '@app/shared';
import { ActivitiesService } from './activities.service';

@Controller()
export class ActivitiesRpc {
  constructor(private readonly activities: ActivitiesService) {}

  @MessagePattern(ActivityRpc.plan.subject)
  plan(@Payload() req: PlanActivityRequest, @RpcCaller() caller: Caller) {
    return this.activities.plan(req, caller.username);
  }

  @MessagePattern(ActivityRpc.record.subject)
  record(@Payload() req: RecordActivityRequest, @RpcCaller() caller: Caller) {
    return this.activities.record(req, caller.username);
  }

  @MessagePattern(ActivityRpc.get.subject)
  get(@Payload() req: ActivityIdRequest) {
    return this.activities.get(req.id);
  }

  @MessagePattern(ActivityRpc.list.subject)
  list(@Payload() q: ListActivitiesQuery) {
    return this.activities.list(q);
  }
}
