import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Caller, CaseFeedbackBody, CaseRequest, CaseRpc, CaseSuggestionsQuery, CreateCaseBody, ListCasesQuery, RpcCaller, UpdateCaseRequest, WriteUpRequest } from '@app/shared';
import { CasesService } from './cases.service';

/** The case library by request/reply: internal knowledge, no handler is open to a customer's user. */
@Controller()
export class CasesRpc {
  constructor(private readonly cases: CasesService) {}

  @MessagePattern(CaseRpc.list.subject)
  list(@Payload() q: ListCasesQuery) {
    return this.cases.list(q);
  }

  @MessagePattern(CaseRpc.get.subject)
  get(@Payload() req: CaseRequest) {
    return this.cases.get(req);
  }

  @MessagePattern(CaseRpc.versions.subject)
  versions(@Payload() req: CaseRequest) {
    return this.cases.versions(req);
  }

  @MessagePattern(CaseRpc.create.subject)
  create(@Payload() body: CreateCaseBody, @RpcCaller() caller: Caller) {
    return this.cases.create(body, caller);
  }

  @MessagePattern(CaseRpc.update.subject)
  update(@Payload() req: UpdateCaseRequest, @RpcCaller() caller: Caller) {
    return this.cases.update(req, caller);
  }

  @MessagePattern(CaseRpc.review.subject)
  review(@Payload() req: CaseRequest, @RpcCaller() caller: Caller) {
    return this.cases.review(req, caller);
  }

  @MessagePattern(CaseRpc.publish.subject)
  publish(@Payload() req: CaseRequest, @RpcCaller() caller: Caller) {
    return this.cases.publish(req, caller);
  }

  @MessagePattern(CaseRpc.loadSeed.subject)
  loadSeed(@RpcCaller() caller: Caller) {
    return this.cases.loadSeed(caller);
  }

  @MessagePattern(CaseRpc.suggest.subject)
  suggest(@Payload() q: CaseSuggestionsQuery) {
    return this.cases.suggest(q);
  }

  @MessagePattern(CaseRpc.feedback.subject)
  feedback(@Payload() body: CaseFeedbackBody, @RpcCaller() caller: Caller) {
    return this.cases.feedback(body, caller);
  }

  @MessagePattern(CaseRpc.writeUp.subject)
  writeUp(@Payload() req: WriteUpRequest, @RpcCaller() caller: Caller) {
    return this.cases.writeUp(req, caller);
  }
}
