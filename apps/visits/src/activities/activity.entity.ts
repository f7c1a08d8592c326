import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ActivityKind, ActivityStatus } from '@app/shared';

/** An emergency drill (应急预案演练) or an exchange activity (交流活动) with a customer. */
@Entity({ name: 'activity' })
export class Activity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) kind!: ActivityKind;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'planned_date', type: 'date' }) plannedDate!: string;
  @Column({ type: 'jsonb' }) participants!: string[];
  @Column({ type: 'text' }) status!: ActivityStatus;
  @Column({ name: 'occurred_at', type: 'timestamptz', nullable: true }) occurredAt!: Date | null;
  @Column({ type: 'text', nullable: true }) findings!: string | null;
  @Column({ name: 'recorded_by', type: 'text', nullable: true }) recordedBy!: string | null;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
