import { createTransport, Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { Delivery } from '../deliveries/delivery.entities';
import { NotifierEnv } from '../notifier.env';
import { Accepted, ChannelError, DeliveryChannel, isConnectionCode } from './channel';

/** The Message-ID of a delivery's e-mail: the same at every attempt, so a mail sent twice after a crash is one message. */
export function messageIdOf(deliveryId: string, from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'notifier.local';
  return `<delivery-${deliveryId}@${domain}>`;
}

/** E-mail over SMTP (nodemailer): the title as subject, the body as UTF-8 text. */
export class EmailChannel implements DeliveryChannel {
  readonly name = 'email' as const;
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(private readonly env: NotifierEnv) {
    this.transport = createTransport({
      url: env.SMTP_URL!,
      connectionTimeout: env.SEND_TIMEOUT_MS,
      greetingTimeout: env.SEND_TIMEOUT_MS,
      socketTimeout: env.SEND_TIMEOUT_MS,
    } as SMTPTransport.Options);
  }

  async send(d: Delivery): Promise<Accepted> {
    try {
      const info = await this.transport.sendMail({
        from: this.env.MAIL_FROM,
        to: d.address,
        subject: d.title,
        text: d.body,
        textEncoding: 'base64',
        messageId: messageIdOf(d.id, this.env.MAIL_FROM),
        headers: { 'X-Delivery-Id': d.id },
      });
      // "250 2.0.0 Ok: queued as 4Bq…": the server's own id where it says one.
      const queued = /queued as\s+(\S+)/i.exec(info.response ?? '')?.[1];
      return { provider: 'smtp', providerId: queued ?? info.messageId };
    } catch (err) {
      throw failureOf(err as Error & { code?: string; responseCode?: number });
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

function failureOf(e: Error & { code?: string; responseCode?: number }): ChannelError {
  if (typeof e.responseCode === 'number') return new ChannelError({ kind: 'smtp', responseCode: e.responseCode }, `Mail server refused: ${e.message}`);
  if (e.code === 'ETIMEDOUT') return new ChannelError({ kind: 'timeout' }, `Mail server did not answer in time: ${e.message}`);
  if (isConnectionCode(e.code)) return new ChannelError({ kind: 'connection', code: e.code }, `Mail server unreachable: ${e.message}`);
  return new ChannelError({ kind: 'unknown' }, `Sending the e-mail failed: ${e.message}`);
}
