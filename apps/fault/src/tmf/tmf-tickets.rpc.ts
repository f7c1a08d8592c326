import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Caller, FaultTmfRpc, ForCustomers, RpcCaller, TmfCreateRequest, TmfIdRequest, TmfListRequest, TmfPatchRequest } from '@app/shared';
import { TmfTicketsService } from './tmf-tickets.service';

/** TMF621 trouble tickets by request/reply; every handler confines a customer's own system to its customer. */
@Controller()
export class TmfTicketsRpc {
  constructor(private readonly tmf: TmfTicketsService) {}

  @MessagePattern(FaultTmfRpc.create.subject)
  @ForCustomers({ kind: 'handler' })
  create(@Payload() req: TmfCreateRequest, @RpcCaller() caller: Caller) {
    return this.tmf.create(req, caller);
  }

  @MessagePattern(FaultTmfRpc.get.subject)
  @ForCustomers({ kind: 'handler' })
  get(@Payload() req: TmfIdRequest, @RpcCaller() caller: Caller) {
    return this.tmf.get(req, caller);
  }

  @MessagePattern(FaultTmfRpc.list.subject)
  @ForCustomers({ kind: 'handler' })
  list(@Payload() req: TmfListRequest, @RpcCaller() caller: Caller) {
    return this.tmf.list(req, caller);
  }

  @MessagePattern(FaultTmfRpc.patch.subject)
  @ForCustomers({ kind: 'handler' })
  patch(@Payload() req: TmfPatchRequest, @RpcCaller() caller: Caller) {
    return this.tmf.patch(req, caller);
  }

  @MessagePattern(FaultTmfRpc.withdraw.subject)
  @ForCustomers({ kind: 'handler' })
  withdraw(@Payload() req: TmfIdRequest, @RpcCaller() caller: Caller) {
    return this.tmf.withdraw(req, caller);
  }
}
