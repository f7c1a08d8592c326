import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Caller,
  CloseIncidentRequest,
  IncidentIdRequest,
  IncidentRpc,
  LinkTicketsRequest,
  ListIncidentsQuery,
  OpenIncidentRequest,
  RestoreIncidentRequest,
  RpcCaller,
} from '@app/shared';
import { IncidentsService } from './incidents.service';

@Controller()
export class IncidentsRpc {
  constructor(private readonly incidents: IncidentsService) {}

  @MessagePattern(IncidentRpc.open.subject)
  open(@Payload() req: OpenIncidentRequest, @RpcCaller() caller: Caller) {
    return this.incidents.open(req, caller.username);
  }

  @MessagePattern(IncidentRpc.get.subject)
  get(@Payload() req: IncidentIdRequest) {
    return this.incidents.get(req.id);
  }

  @MessagePattern(IncidentRpc.list.subject)
  list(@Payload() q: ListIncidentsQuery) {
    return this.incidents.list(q);
  }

  @MessagePattern(IncidentRpc.link.subject)
  link(@Payload() req: LinkTicketsRequest, @RpcCaller() caller: Caller) {
    return this.incidents.link(req, caller.username);
  }

  @MessagePattern(IncidentRpc.restore.subject)
  restore(@Payload() req: RestoreIncidentRequest, @RpcCaller() caller: Caller) {
    return this.incidents.restore(req, caller.username);
  }

  @MessagePattern(IncidentRpc.close.subject)
  close(@Payload() req: CloseIncidentRequest, @RpcCaller() caller: Caller) {
    return this.incidents.close(req, caller.username);
  }
}
