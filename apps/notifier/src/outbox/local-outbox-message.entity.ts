import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An SMS or e-mail kept here instead of sent, because no SMS gateway or mail server is configured (development). */
@Entity({ name: 'local_outbox' })
export class LocalOutboxMessage {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'delivery_id', type: 'uuid' }) deliveryId!: string;
  @Column({ type: 'text' }) channel!: 'sms' | 'email';
  @Column({ name: 'to_address', type: 'text' }) to!: string;
  @Column({ type: 'text', nullable: true }) subject!: string | null;
  @Column({ type: 'text' }) body!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
