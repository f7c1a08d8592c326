import { EntityManager } from 'typeorm';
import type { NotificationChannel } from '@app/shared';
import { Delivery } from '../deliveries/delivery.entities';
import { ChannelFailure } from './channel-failure.rules';

/** What accepted a message. */
export interface Accepted {
  /** Where it went: `sms-gateway`, `smtp`, `inbox`, `local-outbox`. */
  provider: string;
  /** The id the gateway or mail server gave it (or the row that holds it here). */
  providerId?: string;
  /**
   * Writes of a channel that delivers into this database (the inbox, the local outbox): done in the transaction that
   * records the delivery as sent, so they happen exactly once with it.
   */
  write?: (m: EntityManager) => Promise<void>;
}

/** One way of telling someone. `send` answers when the message was accepted, or throws a ChannelError. */
export interface DeliveryChannel {
  readonly name: NotificationChannel;
  send(delivery: Delivery): Promise<Accepted>;
  close?(): Promise<void>;
}

/** An attempt that failed, with what the channel observed (classified by `isRetryable`). */
export class ChannelError extends Error {
  constructor(
    readonly failure: ChannelFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** Network errors of Node (fetch's cause, nodemailer's socket) by their code. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNECTION', 'ESOCKET', 'EDNS', 'ETLS', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

export function isConnectionCode(code: unknown): code is string {
  return typeof code === 'string' && CONNECTION_CODES.has(code);
}
