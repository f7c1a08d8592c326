import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LoopbackPlanRequest, LoopbackRpc, LoopTestRequest } from '@app/shared';
import { LoopbackService } from './loopback.service';

@Controller()
export class LoopbackRpcController {
  constructor(private readonly loopback: LoopbackService) {}

  @MessagePattern(LoopbackRpc.record.subject)
  record(@Payload() req: LoopTestRequest) {
    return this.loopback.record(req);
  }

  @MessagePattern(LoopbackRpc.plan.subject)
  plan(@Payload() req: LoopbackPlanRequest) {
    return this.loopback.next(req);
  }
}
