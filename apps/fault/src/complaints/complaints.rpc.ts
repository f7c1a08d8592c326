import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AnswerComplaintRequest,
  Caller,
  ComplaintIdRequest,
  ComplaintRpc,
  ComplaintStepRequest,
  CreateComplaintRequest,
  ForCustomers,
  ListComplaintsQuery,
  RpcCaller,
} from '@app/shared';
import { ComplaintsService } from './complaints.service';

@Controller()
export class ComplaintsRpc {
  constructor(private readonly complaints: ComplaintsService) {}

  @MessagePattern(ComplaintRpc.create.subject)
  create(@Payload() req: CreateComplaintRequest, @RpcCaller() caller: Caller) {
    return this.complaints.create(req, caller.username);
  }

  @MessagePattern(ComplaintRpc.get.subject)
  @ForCustomers({ kind: 'owned' })
  get(@Payload() req: ComplaintIdRequest) {
    return this.complaints.get(req.id);
  }

  @MessagePattern(ComplaintRpc.list.subject)
  @ForCustomers({ kind: 'list' })
  list(@Payload() q: ListComplaintsQuery) {
    return this.complaints.list(q);
  }

  @MessagePattern(ComplaintRpc.sort.subject)
  sort(@Payload() req: ComplaintStepRequest, @RpcCaller() caller: Caller) {
    return this.complaints.sort(req, caller.username);
  }

  @MessagePattern(ComplaintRpc.analyse.subject)
  analyse(@Payload() req: ComplaintStepRequest, @RpcCaller() caller: Caller) {
    return this.complaints.analyse(req, caller.username);
  }

  @MessagePattern(ComplaintRpc.resolve.subject)
  resolve(@Payload() req: ComplaintStepRequest, @RpcCaller() caller: Caller) {
    return this.complaints.resolve(req, caller.username);
  }

  @MessagePattern(ComplaintRpc.answer.subject)
  answer(@Payload() req: AnswerComplaintRequest, @RpcCaller() caller: Caller) {
    return this.complaints.answer(req, caller.username);
  }
}
