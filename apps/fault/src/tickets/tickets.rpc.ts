import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { FaultRpc, GetTicketRequest, ListTicketsQuery, OpenTicketRequest } from '@app/shared';
import { TicketsService } from './tickets.service';

@Controller()
export class TicketsRpc {
  constructor(private readonly tickets: TicketsService) {}

  @MessagePattern(FaultRpc.openTicket.subject)
  open(@Payload() req: OpenTicketRequest) {
    return this.tickets.open(req);
  }

  @MessagePattern(FaultRpc.getTicket.subject)
  get(@Payload() req: GetTicketRequest) {
    return this.tickets.get(req.id);
  }

  @MessagePattern(FaultRpc.listTickets.subject)
  list(@Payload() q: ListTicketsQuery) {
    return this.tickets.list(q);
  }
}
