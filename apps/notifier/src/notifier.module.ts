import { DynamicModule, Module } from '@nestjs/common';
import { EventTables1763900000000, IdempotencyRecords1765000000000, ServiceRuntime, ServiceRuntimeModule } from '@app/shared';
import { DeliveryQueue } from './deliveries/delivery-queue';
import { Delivery } from './deliveries/delivery.entities';
import { DirectoryCustomer, DirectoryOrder, DirectoryTicket, DirectoryUser } from './directory/directory.entities';
import { DirectoryStore } from './directory/directory.store';
import { RecipientResolver } from './directory/recipient-resolver';
import { Deliveries1765600000000 } from './migrations/1765600000000-deliveries';
import { DirectoryAndRules1765640000000 } from './migrations/1765640000000-directory-and-rules';
import { NotificationRuleOverride } from './rules/notification-rule.entity';
import { NotificationsEvents } from './rules/notifications.events';
import { NotificationsService } from './rules/notifications.service';
import { RulesRpc } from './rules/rules.rpc';
import { RulesService } from './rules/rules.service';

export const NOTIFIER_ENTITIES: Function[] = [Delivery, DirectoryUser, DirectoryCustomer, DirectoryOrder, DirectoryTicket, NotificationRuleOverride];
export const NOTIFIER_MIGRATIONS = [EventTables1763900000000, IdempotencyRecords1765000000000, Deliveries1765600000000, DirectoryAndRules1765640000000];

/** Notifications (issue #14): the platform's events → rules → SMS, e-mail and the in-app inbox, each delivered once. */
@Module({})
export class NotifierModule {
  static forRoot(runtime: Omit<ServiceRuntime, 'service' | 'entities' | 'migrations'>): DynamicModule {
    return {
      module: NotifierModule,
      imports: [ServiceRuntimeModule.register({ ...runtime, service: 'notifier', entities: NOTIFIER_ENTITIES, migrations: NOTIFIER_MIGRATIONS })],
      controllers: [RulesRpc],
      providers: [DeliveryQueue, DirectoryStore, RecipientResolver, RulesService, NotificationsService, NotificationsEvents],
    };
  }
}
