import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TmfEventType, TmfVersion } from '@app/shared';

/** A TMF621 hub subscription (POST /hub): kept until deleted, so a restart loses none. */
@Entity({ name: 'hub_subscription' })
export class HubSubscription {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) version!: TmfVersion;
  @Column({ type: 'text' }) callback!: string;
  @Column({ type: 'text', nullable: true }) query!: string | null;
  /** The event types asked for; null: all. */
  @Column({ name: 'event_types', type: 'text', array: true, nullable: true }) eventTypes!: TmfEventType[] | null;
  /** A customer's system hears of its customer's tickets only. */
  @Column({ name: 'customer_id', type: 'uuid', nullable: true }) customerId!: string | null;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/**
 * One event for one subscription, with its delivery state: made once per (subscription, event), sent until answered
 * 2xx, in the order made (`seq`) per subscription.
 */
@Entity({ name: 'hub_delivery' })
export class HubDelivery {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq?: string;
  @Column({ name: 'subscription_id', type: 'uuid' }) subscriptionId!: string;
  @Column({ name: 'event_id', type: 'uuid' }) eventId!: string;
  @Column({ name: 'event_type', type: 'text' }) eventType!: TmfEventType;
  @Column({ type: 'jsonb' }) payload!: Record<string, unknown>;
  /** pending → sent, or dead after TMF_HUB_MAX_ATTEMPTS. */
  @Column({ type: 'text' }) status!: 'pending' | 'sent' | 'dead';
  @Column({ type: 'int' }) attempts!: number;
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true }) nextAttemptAt!: Date | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt!: Date | null;
}
