import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Caller, NotifierRpc, PutNotificationRuleRequest, RpcCaller, RuleKeyRequest } from '@app/shared';
import { RulesService } from './rules.service';

/** The notification rules: staff read them, admins change them (customer users are refused: no @ForCustomers). */
@Controller()
export class RulesRpc {
  constructor(private readonly rules: RulesService) {}

  @MessagePattern(NotifierRpc.listRules.subject)
  list() {
    return this.rules.list();
  }

  @MessagePattern(NotifierRpc.getRule.subject)
  get(@Payload() req: RuleKeyRequest) {
    return this.rules.get(req.key);
  }

  @MessagePattern(NotifierRpc.putRule.subject)
  put(@Payload() req: PutNotificationRuleRequest, @RpcCaller() caller: Caller) {
    return this.rules.put(req, caller);
  }
}
