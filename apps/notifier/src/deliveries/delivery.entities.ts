import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Audience, DeliveryStatus, NotificationChannel, NotificationSubject } from '@app/shared';

/**
 * One message to one recipient on one channel. (event_id, recipient_key, channel) is unique: an event delivered twice
 * makes its deliveries once, and each is sent at most once by the dispatcher that leases it.
 */
@Entity({ name: 'deliveries' })
@Index(['eventId', 'recipientKey', 'channel'], { unique: true })
export class Delivery {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'event_id', type: 'uuid' }) eventId!: string;
  @Column({ name: 'event_type', type: 'text' }) eventType!: string;
  @Column({ type: 'text' }) rule!: string;
  @Column({ name: 'subject_type', type: 'text' }) subjectType!: NotificationSubject;
  @Column({ name: 'subject_id', type: 'uuid', nullable: true }) subjectId!: string | null;
  @Column({ name: 'subject_number', type: 'text', nullable: true }) subjectNumber!: string | null;
  @Column({ name: 'customer_id', type: 'uuid', nullable: true }) customerId!: string | null;
  @Column({ type: 'text' }) audience!: Audience;
  @Column({ type: 'text' }) channel!: NotificationChannel;
  /** Who, independent of the channel: `user:<id>`, `phone:<number>`, `email:<address>`. */
  @Column({ name: 'recipient_key', type: 'text' }) recipientKey!: string;
  @Column({ name: 'recipient_name', type: 'text' }) recipientName!: string;
  @Column({ name: 'recipient_user_id', type: 'uuid', nullable: true }) recipientUserId!: string | null;
  /** The phone number, the e-mail address, or the user id (inbox). */
  @Column({ type: 'text' }) address!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'text', nullable: true }) link!: string | null;
  @Column({ type: 'boolean' }) urgent!: boolean;
  @Column({ type: 'text' }) status!: DeliveryStatus;
  @Column({ type: 'int' }) attempts!: number;
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true }) nextAttemptAt!: Date | null;
  @Column({ name: 'held_reason', type: 'text', nullable: true }) heldReason!: string | null;
  /** While `sending`: the attempt's lease; a dispatcher that died mid-attempt leaves it to expire. */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true }) leaseUntil!: Date | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ type: 'text', nullable: true }) provider!: string | null;
  @Column({ name: 'provider_id', type: 'text', nullable: true }) providerId!: string | null;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
