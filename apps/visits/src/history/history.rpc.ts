import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Caller, ForCustomers, RpcCaller, ServiceHistoryQuery, ServiceHistoryRpc } from '@app/shared';
import { HistoryService } from './history.service';

@Controller()
export class HistoryRpc {
  constructor(private readonly history: HistoryService) {}

  @MessagePattern(ServiceHistoryRpc.list.subject)
  @ForCustomers({ kind: 'handler' })
  list(@Payload() q: ServiceHistoryQuery, @RpcCaller() caller: Caller) {
    return this.history.list(q, caller);
  }
}
