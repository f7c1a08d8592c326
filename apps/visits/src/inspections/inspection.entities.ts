import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ChecklistTarget, DangerSeverity, DangerStatus, InspectionOrigin, InspectionStatus } from '@app/shared';
import { ChecklistItem } from './checklist.rules';
import { JudgedResult } from './inspection.rules';

/** A checklist template (巡检模板); every change raises its version. */
@Entity({ name: 'checklist' })
export class Checklist {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) target!: ChecklistTarget;
  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'jsonb' }) items!: ChecklistItem[];
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'updated_by', type: 'text' }) updatedBy!: string;
}

/** An inspection (巡检) of a customer's site or circuits, with the items of the template version it was planned with. */
@Entity({ name: 'inspection' })
export class Inspection {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ name: 'circuit_ids', type: 'uuid', array: true }) circuitIds!: string[];
  @Column({ name: 'checklist_id', type: 'uuid' }) checklistId!: string;
  @Column({ name: 'checklist_version', type: 'int' }) checklistVersion!: number;
  @Column({ name: 'checklist_name', type: 'text' }) checklistName!: string;
  @Column({ type: 'jsonb' }) items!: ChecklistItem[];
  @Column({ type: 'text' }) origin!: InspectionOrigin;
  @Column({ name: 'origin_ref', type: 'text', nullable: true }) originRef!: string | null;
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true }) campaignId!: string | null;
  @Column({ type: 'text' }) owner!: string;
  @Column({ name: 'planned_date', type: 'text' }) plannedDate!: string;
  @Column({ type: 'text' }) status!: InspectionStatus;
  @Column({ name: 'occurred_at', type: 'timestamptz', nullable: true }) occurredAt!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @Column({ name: 'recorded_by', type: 'text', nullable: true }) recordedBy!: string | null;
  @Column({ type: 'jsonb' }) results!: JudgedResult[];
  @Column({ name: 'danger_ids', type: 'uuid', array: true }) dangerIds!: string[];
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
}

/** A hidden danger (隐患): an abnormal item of an inspection, rectified by its owner on a deadline clock. */
@Entity({ name: 'hidden_danger' })
export class HiddenDanger {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'inspection_id', type: 'uuid' }) inspectionId!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ name: 'circuit_id', type: 'uuid', nullable: true }) circuitId!: string | null;
  @Column({ name: 'item_key', type: 'text' }) itemKey!: string;
  @Column({ type: 'text' }) label!: string;
  @Column({ type: 'text' }) observed!: string;
  @Column({ type: 'text' }) expected!: string;
  @Column({ type: 'text', nullable: true }) severity!: DangerSeverity | null;
  @Column({ type: 'text' }) status!: DangerStatus;
  @Column({ type: 'text' }) owner!: string;
  /** The due instant of the current rectification (a copy of its clock's, for the overdue filter). */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  /** The current rectification clock: only its breach counts (an earlier one was stopped by a reopening or a new due date). */
  @Column({ name: 'clock_id', type: 'uuid', nullable: true }) clockId!: string | null;
  @Column({ name: 'found_at', type: 'timestamptz' }) foundAt!: Date;
  @Column({ type: 'text', nullable: true }) fix!: string | null;
  @Column({ type: 'text', nullable: true }) evidence!: string | null;
  @Column({ name: 'fixed_at', type: 'timestamptz', nullable: true }) fixedAt!: Date | null;
  @Column({ name: 'fixed_by', type: 'text', nullable: true }) fixedBy!: string | null;
  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true }) breachedAt!: Date | null;
  @Column({ name: 'reopened_count', type: 'int' }) reopenedCount!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
