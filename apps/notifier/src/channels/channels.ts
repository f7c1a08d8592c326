import { NotificationChannel } from '@app/shared';
import { DeliveryChannel } from './channel';

/** The channel each kind of delivery goes through, as the configuration chose them at start. */
export class Channels {
  private readonly byName: Map<NotificationChannel, DeliveryChannel>;

  constructor(channels: DeliveryChannel[]) {
    this.byName = new Map(channels.map((c) => [c.name, c]));
  }

  for(name: NotificationChannel): DeliveryChannel {
    const channel = this.byName.get(name);
    if (!channel) throw new Error(`No ${name} channel`);
    return channel;
  }

  async close(): Promise<void> {
    for (const c of this.byName.values()) await c.close?.();
  }
}
