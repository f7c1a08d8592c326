import { Column, EntityManager, PrimaryColumn } from 'typeorm';
import type { Audience, DeliveryRecordedData, NotificationChannel, SubjectNotificationView } from '../contracts/notifier/notification';

/**
 * What a service keeps of the notifier's deliveries about one of its subjects (fault: a ticket, provisioning: an order),
 * from `evt.notifier.delivery.recorded.v1`: one row per delivery, its latest outcome, for the subject's timeline and
 * view. Not a change of the subject: its version stays, and no event of the subject follows. Each service's entity
 * extends these columns with its subject's id column.
 */
export abstract class SubjectNotificationColumns {
  @PrimaryColumn({ name: 'delivery_id', type: 'uuid' }) deliveryId!: string;
  @Column({ type: 'text' }) rule!: string;
  @Column({ type: 'text' }) audience!: Audience;
  @Column({ type: 'text' }) channel!: NotificationChannel;
  @Column({ name: 'recipient_name', type: 'text' }) recipientName!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) status!: 'sent' | 'dead';
  @Column({ type: 'int' }) attempts!: number;
  @Column({ type: 'timestamptz' }) at!: Date;
}

export function subjectNotificationView(n: SubjectNotificationColumns): SubjectNotificationView {
  return {
    deliveryId: n.deliveryId,
    rule: n.rule,
    audience: n.audience,
    channel: n.channel,
    recipientName: n.recipientName,
    title: n.title,
    status: n.status,
    attempts: n.attempts,
    at: n.at.toISOString(),
  };
}

/** Where a service keeps them: its table, the subject's id column in it, and the subject's own table. */
export interface SubjectNotificationTable {
  table: 'ticket_notification' | 'order_notification';
  subjectColumn: 'ticket_id' | 'order_id';
  subjectTable: 'ticket' | 'service_order';
}

/**
 * Keeps a delivery's latest outcome (a dead letter an admin retried may be sent later); a delivery about a subject
 * this service does not have is skipped.
 */
export async function noteSubjectDelivery(m: EntityManager, t: SubjectNotificationTable, d: DeliveryRecordedData & { subjectId: string }): Promise<void> {
  await m.query(
    `INSERT INTO ${t.table} (delivery_id, ${t.subjectColumn}, rule, audience, channel, recipient_name, title, status, attempts, at)
     SELECT $1, s.id, $3, $4, $5, $6, $7, $8, $9, $10 FROM ${t.subjectTable} s WHERE s.id = $2
     ON CONFLICT (delivery_id) DO UPDATE SET status = EXCLUDED.status, attempts = EXCLUDED.attempts, at = EXCLUDED.at, title = EXCLUDED.title
     WHERE ${t.table}.at <= EXCLUDED.at`,
    [d.deliveryId, d.subjectId, d.rule, d.audience, d.channel, d.recipientName, d.title, d.status, d.attempts, new Date(d.at)],
  );
}
