import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CheckOutcome, GuaranteeCheckKind, GuaranteeStatus } from '@app/shared';

export interface StaffMember {
  name: string;
  role: string;
  phone: string;
}

export interface StaffChange {
  from: StaffMember[];
  to: StaffMember[];
  reason: string;
  by: string;
  at: string;
  duringPeriod: boolean;
}

/** An important-period guarantee (重要时期通信保障). */
@Entity({ name: 'guarantee' })
export class Guarantee {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', unique: true }) number!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt!: Date;
  @Column({ name: 'ends_at', type: 'timestamptz' }) endsAt!: Date;
  @Column({ name: 'circuit_codes', type: 'text', array: true }) circuitCodes!: string[];
  @Column({ type: 'jsonb' }) staff!: StaffMember[];
  @Column({ name: 'staff_changes', type: 'jsonb' }) staffChanges!: StaffChange[];
  @Column({ type: 'text' }) status!: GuaranteeStatus;
  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true }) activatedAt!: Date | null;
  @Column({ name: 'activated_unready', type: 'boolean' }) activatedUnready!: boolean;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt!: Date | null;
  @Column({ name: 'cancel_reason', type: 'text', nullable: true }) cancelReason!: string | null;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A pre-check or a joint test before (or during) the guarantee, with its result (cases 37–38). */
@Entity({ name: 'guarantee_check' })
export class GuaranteeCheck {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'guarantee_id', type: 'uuid' }) guaranteeId!: string;
  @Column({ type: 'text' }) kind!: GuaranteeCheckKind;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) outcome!: CheckOutcome;
  @Column({ type: 'text', nullable: true }) findings!: string | null;
  @Column({ name: 'performed_at', type: 'timestamptz' }) performedAt!: Date;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
  @Column({ type: 'text' }) by!: string;
}
