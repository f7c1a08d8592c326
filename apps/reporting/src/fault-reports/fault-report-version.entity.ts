import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FaultReportKind, FaultReportStatus, StatedFaultFacts } from '@app/shared';

/** A written version of a ticket's fault report: reporting's own data (not a read model; a rebuild keeps it). */
@Entity({ name: 'fault_report_version' })
export class FaultReportVersion {
  @PrimaryColumn({ name: 'ticket_id', type: 'uuid' }) ticketId!: string;
  @PrimaryColumn({ type: 'int' }) n!: number;
  @Column({ type: 'text' }) kind!: FaultReportKind;
  @Column({ type: 'text' }) status!: FaultReportStatus;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ type: 'text' }) measures!: string;
  @Column({ name: 'preventive_measures', type: 'text' }) preventiveMeasures!: string;
  @Column({ type: 'text', nullable: true }) summary!: string | null;
  @Column({ type: 'jsonb' }) stated!: StatedFaultFacts;
  @Column({ name: 'review_required', type: 'boolean' }) reviewRequired!: boolean;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'reviewed_by', type: 'text', nullable: true }) reviewedBy!: string | null;
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true }) reviewedAt!: Date | null;
  @Column({ name: 'submitted_by', type: 'text', nullable: true }) submittedBy!: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
}
