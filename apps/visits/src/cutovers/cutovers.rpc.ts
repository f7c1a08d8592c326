import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Caller,
  CancelCutoverRequest,
  CreateCutoverRequest,
  CutoverAnswerRequest,
  CutoverExecutedRequest,
  CutoverIdRequest,
  CutoverRpc,
  ForCustomers,
  ListCutoversQuery,
  NoticeSentRequest,
  RescheduleCutoverRequest,
  RpcCaller,
} from '@app/shared';
import { CutoversService } from './cutovers.service';

/** A customer's user reads the cutovers affecting its customer (its own part of them) and answers for its customer. */
@Controller()
export class CutoversRpc {
  constructor(private readonly cutovers: CutoversService) {}

  @MessagePattern(CutoverRpc.create.subject)
  create(@Payload() req: CreateCutoverRequest, @RpcCaller() caller: Caller) {
    return this.cutovers.create(req, caller);
  }

  @MessagePattern(CutoverRpc.get.subject)
  @ForCustomers({ kind: 'handler' })
  get(@Payload() req: CutoverIdRequest, @RpcCaller() caller: Caller) {
    return this.cutovers.get(req.id, caller);
  }

  @MessagePattern(CutoverRpc.list.subject)
  @ForCustomers({ kind: 'handler' })
  list(@Payload() q: ListCutoversQuery, @RpcCaller() caller: Caller) {
    return this.cutovers.list(q, caller);
  }

  @MessagePattern(CutoverRpc.noticeSent.subject)
  noticeSent(@Payload() req: NoticeSentRequest, @RpcCaller() caller: Caller) {
    return this.cutovers.noticeSent(req, caller);
  }

  @MessagePattern(CutoverRpc.answer.subject)
  @ForCustomers({ kind: 'handler' })
  answer(@Payload() req: CutoverAnswerRequest, @RpcCaller() caller: Caller) {
    return this.cutovers.answer(req, caller);
  }

  @MessagePattern(CutoverRpc.reschedule.subject)
  reschedule(@Payload() req: RescheduleCutoverRequest, @RpcCaller() caller: Caller) {
    return this.cutovers.reschedule(req, caller);
  }

  @MessagePattern(CutoverRpc.executed.subject)
  executed(@Payload() req: CutoverExecutedRequest, @RpcCaller() caller: Caller) {
    return this.cutovers.executed(req, caller);
  }

  @MessagePattern(CutoverRpc.cancel.subject)
  cancel(@Payload() req: CancelCutoverRequest, @RpcCaller() caller: Caller) {
    return this.cutovers.cancel(req, caller);
  }
}
