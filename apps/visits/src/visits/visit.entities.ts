import { Column, Entity, PrimaryColumn } from 'typeorm';
import { FollowUpStatus, VisitKind, VisitStatus } from '@app/shared';

/** A visit to a customer (走访): planned, booked, recorded as done, or cancelled. */
@Entity({ name: 'visit' })
export class Visit {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ type: 'text' }) kind!: VisitKind;
  @Column({ type: 'text' }) status!: VisitStatus;
  @Column({ type: 'text' }) owner!: string;
  @Column({ name: 'planned_date', type: 'date' }) plannedDate!: string;
  @Column({ type: 'text', nullable: true }) purpose!: string | null;
  /** The special service campaign that planned it. */
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true }) campaignId!: string | null;
  /** A crisis visit planned on its own: the ticket or complaint it answers (one visit per origin). */
  @Column({ name: 'origin_type', type: 'text', nullable: true }) originType!: 'ticket' | 'complaint' | null;
  @Column({ name: 'origin_id', type: 'uuid', nullable: true }) originId!: string | null;
  @Column({ name: 'origin_number', type: 'text', nullable: true }) originNumber!: string | null;
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true }) breachedAt!: Date | null;
  @Column({ type: 'jsonb', nullable: true }) booking!: { at: string; place: string; participants: string[]; by: string; bookedAt: string } | null;
  @Column({ name: 'occurred_at', type: 'timestamptz', nullable: true }) occurredAt!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @Column({ name: 'recorded_by', type: 'text', nullable: true }) recordedBy!: string | null;
  @Column({ type: 'jsonb', nullable: true }) met!: string[] | null;
  @Column({ type: 'jsonb', nullable: true }) topics!: string[] | null;
  @Column({ type: 'jsonb', nullable: true }) problems!: string[] | null;
  @Column({ type: 'int', nullable: true }) satisfaction!: number | null;
  @Column({ name: 'cancel_reason', type: 'text', nullable: true }) cancelReason!: string | null;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A follow-up action of a visit (service tracking): owner, due time on a clock, open until closed with a note. */
@Entity({ name: 'follow_up' })
export class FollowUp {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'visit_id', type: 'uuid' }) visitId!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ type: 'int' }) position!: number;
  @Column({ type: 'text' }) action!: string;
  @Column({ type: 'text' }) owner!: string;
  @Column({ name: 'due_date', type: 'date', nullable: true }) dueDate!: string | null;
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  @Column({ type: 'text' }) status!: FollowUpStatus;
  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true }) breachedAt!: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'closed_by', type: 'text', nullable: true }) closedBy!: string | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
