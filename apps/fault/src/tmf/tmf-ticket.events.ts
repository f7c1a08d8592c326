import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventConsumer, FaultEvents } from '@app/shared';
import { TmfTicketsService } from './tmf-tickets.service';

/**
 * The fault service's own ticket events, as durable events: a ticket opened outside TMF621 is announced to the hub as
 * a TroubleTicket created, and a ticket moved on by fault handling (through any route) announces the status of its
 * TroubleTickets (evt.fault.tmf-ticket.changed.v1).
 */
@Injectable()
export class TmfTicketEvents implements OnModuleInit {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly tmf: TmfTicketsService,
  ) {}

  onModuleInit(): void {
    this.consumer.on(FaultEvents.ticketOpened, (d, _e, m) => this.tmf.ticketOpened(m, d.ticketId));
    this.consumer.on(FaultEvents.ticketChanged, (d, _e, m) => this.tmf.ticketChanged(m, d.ticketId));
  }
}
