import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CloseIncidentRequest,
  IncidentIdRequest,
  IncidentRpc,
  LinkTicketsRequest,
  ListIncidentsQuery,
  OpenIncidentRequest,
  RestoreIncidentRequest,
} from '@app/shared';
import { IncidentsService } from './incidents.service';

@Controller()
export class IncidentsRpc {
  constructor(private readonly incidents: IncidentsService) {}

  @MessagePattern(IncidentRpc.open.subject)
  open(@Payload() req: OpenIncidentRequest) {
    return this.incidents.open(req);
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
  link(@Payload() req: LinkTicketsRequest) {
    return this.incidents.link(req);
  }

  @MessagePattern(IncidentRpc.restore.subject)
  restore(@Payload() req: RestoreIncidentRequest) {
    return this.incidents.restore(req);
  }

  @MessagePattern(IncidentRpc.close.subject)
  close(@Payload() req: CloseIncidentRequest) {
    return this.incidents.close(req);
  }
}
