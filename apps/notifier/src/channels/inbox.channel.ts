import { randomUUID } from 'node:crypto';
import { Clock, NotifierEvents, OutboxWriter } from '@app/shared';
import { Delivery } from '../deliveries/delivery.entities';
import { InboxMessage } from '../inbox/inbox-message.entity';
import { Accepted, DeliveryChannel } from './channel';

/**
 * The in-app inbox of a platform user: the message is a row in this schema, and the gateway pushes it on that user's
 * event stream (evt.notifier.inbox.added). Both are written with the delivery's outcome, so they happen once.
 */
export class InboxChannel implements DeliveryChannel {
  readonly name = 'inbox' as const;

  constructor(
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  async send(d: Delivery): Promise<Accepted> {
    const id = randomUUID();
    const userId = d.recipientUserId ?? d.address;
    return {
      provider: 'inbox',
      providerId: id,
      write: async (m) => {
        const createdAt = this.clock.now();
        const message: InboxMessage = {
          id,
          userId,
          customerId: d.customerId,
          deliveryId: d.id,
          title: d.title,
          body: d.body,
          link: d.link,
          subjectType: d.subjectType,
          subjectId: d.subjectId,
          subjectNumber: d.subjectNumber,
          urgent: d.urgent,
          createdAt,
          readAt: null,
        };
        await m.createQueryBuilder().insert().into(InboxMessage).values(message).execute();
        await this.outbox.record(m, NotifierEvents.inboxAdded, userId, {
          messageId: id,
          userId,
          ...(d.customerId ? { customerId: d.customerId } : {}),
          title: d.title,
          body: d.body,
          ...(d.link ? { link: d.link } : {}),
          subjectType: d.subjectType,
          ...(d.subjectId ? { subjectId: d.subjectId } : {}),
          ...(d.subjectNumber ? { subjectNumber: d.subjectNumber } : {}),
          urgent: d.urgent,
          createdAt: createdAt.toISOString(),
        });
      },
    };
  }
}
