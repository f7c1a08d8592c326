import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventConsumer, FaultTmfEvents } from '@app/shared';
import { HubService } from './hub.service';

/** The fault service's TMF ticket events, each made into a delivery for every subscription that wants it. */
@Injectable()
export class HubEvents implements OnModuleInit {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly hub: HubService,
  ) {}

  onModuleInit(): void {
    this.consumer.on(FaultTmfEvents.ticketEvent, (d, e, m) => this.hub.enqueue(m, d, e));
  }
}
