import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NotificationSubject } from '@app/shared';

/** A message in one platform user's in-app inbox, made by exactly one delivery. */
@Entity({ name: 'inbox_messages' })
export class InboxMessage {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  /** The user's id as the gateway authenticates it (the caller's `sub`). */
  @Column({ name: 'user_id', type: 'text' }) userId!: string;
  @Column({ name: 'customer_id', type: 'uuid', nullable: true }) customerId!: string | null;
  @Column({ name: 'delivery_id', type: 'uuid' }) deliveryId!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'text', nullable: true }) link!: string | null;
  @Column({ name: 'subject_type', type: 'text' }) subjectType!: NotificationSubject;
  @Column({ name: 'subject_id', type: 'uuid', nullable: true }) subjectId!: string | null;
  @Column({ name: 'subject_number', type: 'text', nullable: true }) subjectNumber!: string | null;
  @Column({ type: 'boolean' }) urgent!: boolean;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt!: Date | null;
}
