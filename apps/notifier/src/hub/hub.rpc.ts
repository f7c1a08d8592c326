import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Caller, ForCustomers, HubIdRequest, HubSubscribeRequest, NotifierHubRpc, RpcCaller } from '@app/shared';
import { HubService } from './hub.service';

/** TMF621 hub subscriptions by request/reply; a customer's system is confined to its customer by the service. */
@Controller()
export class HubRpc {
  constructor(private readonly hub: HubService) {}

  @MessagePattern(NotifierHubRpc.subscribe.subject)
  @ForCustomers({ kind: 'handler' })
  subscribe(@Payload() req: HubSubscribeRequest, @RpcCaller() caller: Caller) {
    return this.hub.subscribe(req, caller);
  }

  @MessagePattern(NotifierHubRpc.unsubscribe.subject)
  @ForCustomers({ kind: 'handler' })
  unsubscribe(@Payload() req: HubIdRequest, @RpcCaller() caller: Caller) {
    return this.hub.unsubscribe(req, caller);
  }
}
