import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Caller, ForCustomers, InboxMessageRequest, ListInboxQuery, NotifierRpc, RpcCaller } from '@app/shared';
import { InboxService } from './inbox.service';

/** Every handler reads the caller's own inbox only, customer users' included. */
@Controller()
export class InboxRpc {
  constructor(private readonly inbox: InboxService) {}

  @MessagePattern(NotifierRpc.listInbox.subject)
  @ForCustomers({ kind: 'handler' })
  list(@Payload() q: ListInboxQuery, @RpcCaller() caller: Caller) {
    return this.inbox.list(q, caller);
  }

  @MessagePattern(NotifierRpc.countInbox.subject)
  @ForCustomers({ kind: 'handler' })
  count(@RpcCaller() caller: Caller) {
    return this.inbox.count(caller);
  }

  @MessagePattern(NotifierRpc.readInbox.subject)
  @ForCustomers({ kind: 'handler' })
  read(@Payload() req: InboxMessageRequest, @RpcCaller() caller: Caller) {
    return this.inbox.read(req.id, caller);
  }

  @MessagePattern(NotifierRpc.readAllInbox.subject)
  @ForCustomers({ kind: 'handler' })
  readAll(@RpcCaller() caller: Caller) {
    return this.inbox.readAll(caller);
  }
}
