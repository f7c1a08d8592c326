import { DynamicModule, Module } from '@nestjs/common';
import {
  Clock,
  EventTables1763900000000,
  IdempotencyRecords1765000000000,
  OutboxWriter,
  ServiceEnv,
  ServiceRuntime,
  ServiceRuntimeModule,
  SettingsTables1764800000000,
} from '@app/shared';
import { DeliveryChannel } from './channels/channel';
import { Channels } from './channels/channels';
import { EmailChannel } from './channels/email.channel';
import { InboxChannel } from './channels/inbox.channel';
import { LocalOutboxChannel } from './channels/local-outbox.channel';
import { SmsGatewayChannel, smsText } from './channels/sms.channel';
import { DeliveriesRpc } from './deliveries/deliveries.rpc';
import { DeliveriesService } from './deliveries/deliveries.service';
import { DeliveryDispatcher, DispatcherOptions } from './deliveries/delivery-dispatcher';
import { DeliveryQueue } from './deliveries/delivery-queue';
import { Delivery } from './deliveries/delivery.entities';
import { DirectoryCustomer, DirectoryOrder, DirectoryTicket, DirectoryUser } from './directory/directory.entities';
import { DirectoryStore } from './directory/directory.store';
import { RecipientResolver } from './directory/recipient-resolver';
import { Deliveries1765600000000 } from './migrations/1765600000000-deliveries';
import { HUB_CONTROLLERS, HUB_ENTITIES, HUB_PROVIDERS } from './hub/hub.module';
import { DirectoryReporter1766450000000 } from './migrations/1766450000000-directory-reporter';
import { Hub1765700000002 } from './migrations/1765700000002-hub';
import { DirectoryAndRules1765640000000 } from './migrations/1765640000000-directory-and-rules';
import { NotificationRuleOverride } from './rules/notification-rule.entity';
import { NotificationsEvents } from './rules/notifications.events';
import { NotificationsService } from './rules/notifications.service';
import { RulesRpc } from './rules/rules.rpc';
import { RulesService } from './rules/rules.service';
import { DeliveryStore } from './deliveries/delivery.store';
import { InboxMessage } from './inbox/inbox-message.entity';
import { InboxRpc } from './inbox/inbox.rpc';
import { InboxService } from './inbox/inbox.service';
import { DeliveryEngine1765610000000 } from './migrations/1765610000000-delivery-engine';
import { NotifierEnv, notifierEnv } from './notifier.env';
import { LocalOutboxMessage } from './outbox/local-outbox-message.entity';
import { LocalOutboxRpc } from './outbox/local-outbox.rpc';
import { LocalOutboxService } from './outbox/local-outbox.service';

export const NOTIFIER_ENTITIES: Function[] = [Delivery, InboxMessage, LocalOutboxMessage, DirectoryUser, DirectoryCustomer, DirectoryOrder, DirectoryTicket, NotificationRuleOverride, ...HUB_ENTITIES];
export const NOTIFIER_MIGRATIONS = [EventTables1763900000000, IdempotencyRecords1765000000000, SettingsTables1764800000000, Deliveries1765600000000, DeliveryEngine1765610000000, DirectoryAndRules1765640000000, Hub1765700000002, DirectoryReporter1766450000000];

/** SMS and e-mail through the configured gateway and mail server, or into the local outbox when there is none. */
function channels(env: NotifierEnv, outbox: OutboxWriter, clock: Clock): Channels {
  const list: DeliveryChannel[] = [
    env.SMS_GATEWAY_URL ? new SmsGatewayChannel(env) : new LocalOutboxChannel('sms', clock, (d) => smsText(env.SMS_SIGNATURE, d)),
    env.SMTP_URL ? new EmailChannel(env) : new LocalOutboxChannel('email', clock),
    new InboxChannel(outbox, clock),
  ];
  return new Channels(list);
}

/** Notifications (issue #14): the platform's events → rules → SMS, e-mail and the in-app inbox, each delivered once. */
@Module({})
export class NotifierModule {
  static forRoot(runtime: Omit<ServiceRuntime, 'service' | 'entities' | 'migrations' | 'env'> & { env: ServiceEnv }): DynamicModule {
    const env = notifierEnv(runtime.env);
    return {
      module: NotifierModule,
      imports: [ServiceRuntimeModule.register({ ...runtime, env, service: 'notifier', entities: NOTIFIER_ENTITIES, migrations: NOTIFIER_MIGRATIONS })],
      controllers: [DeliveriesRpc, InboxRpc, LocalOutboxRpc, RulesRpc, ...HUB_CONTROLLERS],
      providers: [
        DeliveryQueue,
        DeliveryStore,
        DeliveriesService,
        InboxService,
        LocalOutboxService,
        { provide: Channels, useFactory: (outbox: OutboxWriter, clock: Clock) => channels(env, outbox, clock), inject: [OutboxWriter, Clock] },
        { provide: DispatcherOptions, useValue: new DispatcherOptions(env.NOTIFIER_POLL_MS, env.NOTIFIER_BATCH) },
        DeliveryDispatcher,
        DirectoryStore,
        RecipientResolver,
        RulesService,
        NotificationsService,
        NotificationsEvents,
        ...HUB_PROVIDERS,
      ],
    };
  }
}
