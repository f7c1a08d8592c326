import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '@app/shared';
import { Delivery } from '../deliveries/delivery.entities';
import { LocalOutboxMessage } from '../outbox/local-outbox-message.entity';
import { Accepted, DeliveryChannel } from './channel';

/**
 * Development without an SMS gateway or a mail server: the message is kept in the local outbox table (listed by
 * rpc.notifier.outbox.list) and logged, and the delivery counts as sent.
 */
export class LocalOutboxChannel implements DeliveryChannel {
  private readonly logger = new Logger('LocalOutbox');

  constructor(
    readonly name: 'sms' | 'email',
    private readonly clock: Clock,
    /** The text as the real channel would send it (the SMS gets its signature). */
    private readonly text: (d: Delivery) => string = (d) => d.body,
  ) {}

  async send(d: Delivery): Promise<Accepted> {
    const id = randomUUID();
    return {
      provider: 'local-outbox',
      providerId: id,
      write: async (m) => {
        const row: LocalOutboxMessage = {
          id,
          deliveryId: d.id,
          channel: this.name,
          to: d.address,
          subject: this.name === 'email' ? d.title : null,
          body: this.text(d),
          createdAt: this.clock.now(),
        };
        await m.createQueryBuilder().insert().into(LocalOutboxMessage).values(row).execute();
        this.logger.log(`${this.name} to ${d.address} kept in the local outbox (no ${this.name === 'sms' ? 'SMS_GATEWAY_URL' : 'SMTP_URL'}): ${row.subject ? `${row.subject} — ` : ''}${row.body}`);
      },
    };
  }
}
