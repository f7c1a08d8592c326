import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventConsumer, NotifierEvents } from '@app/shared';
import { TicketStore } from './ticket-store';

/** The notifier's record of each message sent about a ticket (or given up on), kept for the ticket's timeline. */
@Injectable()
export class TicketNotificationsEvents implements OnModuleInit {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly store: TicketStore,
  ) {}

  onModuleInit(): void {
    this.consumer.on(NotifierEvents.deliveryRecorded, async (d, _e, m) => {
      if (d.subjectType !== 'ticket' || !d.subjectId) return;
      await this.store.noteDelivery(m, { ...d, subjectId: d.subjectId });
    });
  }
}
