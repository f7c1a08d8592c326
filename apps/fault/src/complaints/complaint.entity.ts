import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ComplaintStatus } from '@app/shared';

@Entity({ name: 'complaint' })
export class Complaint {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', unique: true }) number!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ name: 'ticket_id', type: 'uuid', nullable: true }) ticketId!: string | null;
  @Column({ type: 'boolean' }) important!: boolean;
  @Column({ name: 'involves_other_departments', type: 'boolean' }) involvesOtherDepartments!: boolean;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'text' }) status!: ComplaintStatus;
  /** When it was received (a call, a letter), as stated: its limits run from it. */
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
  @Column({ name: 'received_by', type: 'text' }) receivedBy!: string;
  /** Each step's note, who and when. */
  @Column({ type: 'jsonb' }) steps!: Array<{ action: string; by: string; at: string; note: string; customerOpinion?: string }>;
}
