import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  clockEvents,
  CustomerCreatedData,
  CutoverEvents,
  EventContract,
  EventEnvelope,
  EventConsumer,
  FaultEvents,
  GatewayEvents,
  OrderChangedData,
  OrderEvents,
  ProvisioningEvents,
  TicketChangedData,
  TicketOpenedData,
  UserChangedData,
} from '@app/shared';
import { DirectoryStore } from '../directory/directory.store';
import { NotificationsService } from './notifications.service';

/**
 * Every event the notifier reads, each through one handler: the directory learns from it first, then the rules turn
 * it into deliveries, in the one transaction of its inbox row. One handler per event type, so the order of the two
 * does not hang on the order in which features register.
 */
@Injectable()
export class NotificationsEvents implements OnModuleInit {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly directory: DirectoryStore,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    const learn: Array<[EventContract<object>, ((m: EntityManager, d: never) => Promise<void>) | null]> = [
      [GatewayEvents.userChanged, (m, d: UserChangedData) => this.directory.applyUser(m, d)],
      [ProvisioningEvents.customerCreated, (m, d: CustomerCreatedData) => this.directory.applyCustomer(m, d)],
      [OrderEvents.changed, (m, d: OrderChangedData) => this.directory.applyOrder(m, d)],
      [FaultEvents.ticketOpened, (m, d: TicketOpenedData) => this.directory.applyTicketOpened(m, d)],
      [FaultEvents.ticketChanged, (m, d: TicketChangedData) => this.directory.applyTicketChanged(m, d)],
      [FaultEvents.ticketEscalated, null],
      [FaultEvents.ticketMajorReported, null],
      [FaultEvents.feedbackGiven, null],
      [clockEvents('fault').warned, null],
      [CutoverEvents.changed, null],
    ];
    for (const [contract, apply] of learn) {
      this.consumer.on(contract, async (d: object, envelope: EventEnvelope<object>, m: EntityManager) => {
        if (apply) await apply(m, d as never);
        await this.notifications.notify(m, envelope);
      });
    }
  }
}
