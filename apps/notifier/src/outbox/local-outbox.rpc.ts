import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Caller, ListOutboxQuery, NotifierRpc, RpcCaller } from '@app/shared';
import { LocalOutboxService } from './local-outbox.service';

@Controller()
export class LocalOutboxRpc {
  constructor(private readonly outbox: LocalOutboxService) {}

  @MessagePattern(NotifierRpc.listOutbox.subject)
  list(@Payload() q: ListOutboxQuery, @RpcCaller() caller: Caller) {
    return this.outbox.list(q, caller);
  }
}
