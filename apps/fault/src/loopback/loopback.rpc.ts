import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Caller, LoopbackPlanRequest, LoopbackRpc, LoopTestRequest, RpcCaller } from '@app/shared';
import { LoopbackService } from './loopback.service';

@Controller()
export class LoopbackRpcController {
  constructor(private readonly loopback: LoopbackService) {}

  @MessagePattern(LoopbackRpc.record.subject)
  record(@Payload() req: LoopTestRequest, @RpcCaller() caller: Caller) {
    return this.loopback.record(req, caller.username);
  }

  @MessagePattern(LoopbackRpc.plan.subject)
  plan(@Payload() req: LoopbackPlanRequest) {
    return this.loopback.next(req);
  }
}
