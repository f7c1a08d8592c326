import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Channel, TicketStatus } from '@app/shared';

@Entity({ name: 'ticket' })
export class Ticket {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text', unique: true })
  number!: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId!: string;

  @Column({ name: 'customer_name', type: 'text' })
  customerName!: string;

  @Column({ type: 'text' })
  symptom!: string;

  @Column({ type: 'text' })
  channel!: Channel;

  @Column({ type: 'text' })
  status!: TicketStatus;

  @Column({ type: 'text', nullable: true })
  reporter!: string | null;

  @Column({ name: 'fault_at', type: 'timestamptz' })
  faultAt!: Date;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;
}
