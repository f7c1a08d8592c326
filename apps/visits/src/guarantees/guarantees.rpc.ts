import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Caller,
  CreateGuaranteeRequest,
  ForCustomers,
  GuaranteeCheckRequest,
  GuaranteeIdRequest,
  GuaranteeReasonRequest,
  GuaranteeRpc,
  GuaranteeStaffRequest,
  ListGuaranteesQuery,
  RpcCaller,
} from '@app/shared';
import { GuaranteesService } from './guarantees.service';

@Controller()
export class GuaranteesRpc {
  constructor(private readonly guarantees: GuaranteesService) {}

  @MessagePattern(GuaranteeRpc.create.subject)
  create(@Payload() req: CreateGuaranteeRequest, @RpcCaller() caller: Caller) {
    return this.guarantees.create(req, caller);
  }

  @MessagePattern(GuaranteeRpc.get.subject)
  @ForCustomers({ kind: 'owned' })
  get(@Payload() req: GuaranteeIdRequest, @RpcCaller() caller: Caller) {
    return this.guarantees.get(req.id, caller);
  }

  @MessagePattern(GuaranteeRpc.list.subject)
  @ForCustomers({ kind: 'list' })
  list(@Payload() q: ListGuaranteesQuery, @RpcCaller() caller: Caller) {
    return this.guarantees.list(q, caller);
  }

  @MessagePattern(GuaranteeRpc.check.subject)
  check(@Payload() req: GuaranteeCheckRequest, @RpcCaller() caller: Caller) {
    return this.guarantees.check(req, caller);
  }

  @MessagePattern(GuaranteeRpc.staff.subject)
  staff(@Payload() req: GuaranteeStaffRequest, @RpcCaller() caller: Caller) {
    return this.guarantees.staff(req, caller);
  }

  @MessagePattern(GuaranteeRpc.cancel.subject)
  cancel(@Payload() req: GuaranteeReasonRequest, @RpcCaller() caller: Caller) {
    return this.guarantees.cancel(req, caller);
  }
}
