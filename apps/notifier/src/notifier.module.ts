import { DynamicModule, Module } from '@nestjs/common';
import { EventTables1763900000000, IdempotencyRecords1765000000000, ServiceRuntime, ServiceRuntimeModule } from '@app/shared';
import { DeliveryQueue } from './deliveries/delivery-queue';
import { Delivery } from './deliveries/delivery.entities';
import { Deliveries1765600000000 } from './migrations/1765600000000-deliveries';
import { HUB_CONTROLLERS, HUB_ENTITIES, HUB_PROVIDERS } from './hub/hub.module';
import { Hub1765700000002 } from './migrations/1765700000002-hub';

export const NOTIFIER_ENTITIES: Function[] = [Delivery, ...HUB_ENTITIES];
export const NOTIFIER_MIGRATIONS = [EventTables1763900000000, IdempotencyRecords1765000000000, Deliveries1765600000000, Hub1765700000002];

/** Notifications (issue #14): the platform's events → rules → SMS, e-mail and the in-app inbox, each delivered once. */
@Module({})
export class NotifierModule {
  static forRoot(runtime: Omit<ServiceRuntime, 'service' | 'entities' | 'migrations'>): DynamicModule {
    return {
      module: NotifierModule,
      imports: [ServiceRuntimeModule.register({ ...runtime, service: 'notifier', entities: NOTIFIER_ENTITIES, migrations: NOTIFIER_MIGRATIONS })],
      controllers: [...HUB_CONTROLLERS],
      providers: [DeliveryQueue, ...HUB_PROVIDERS],
    };
  }
}
