import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Caller, DeliveryIdRequest, ForCustomers, ListDeliveriesQuery, NotifierRpc, RpcCaller } from '@app/shared';
import { DeliveriesService } from './deliveries.service';

@Controller()
export class DeliveriesRpc {
  constructor(private readonly deliveries: DeliveriesService) {}

  @MessagePattern(NotifierRpc.listDeliveries.subject)
  @ForCustomers({ kind: 'handler' })
  list(@Payload() q: ListDeliveriesQuery, @RpcCaller() caller: Caller) {
    return this.deliveries.list(q, caller);
  }

  @MessagePattern(NotifierRpc.getDelivery.subject)
  @ForCustomers({ kind: 'handler' })
  get(@Payload() req: DeliveryIdRequest, @RpcCaller() caller: Caller) {
    return this.deliveries.get(req.id, caller);
  }

  @MessagePattern(NotifierRpc.retryDelivery.subject)
  retry(@Payload() req: DeliveryIdRequest, @RpcCaller() caller: Caller) {
    return this.deliveries.retry(req.id, caller);
  }
}
