import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BusinessImportance, CircuitGrade, CircuitState, Protection, ServiceType } from '@app/shared';

export interface CircuitEnd {
  address: string;
  city: string;
  province: string;
}

/** A circuit (电路/业务) of the inventory. */
@Entity({ name: 'circuit' })
export class Circuit {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  /** 电路代号 */
  @Column({ type: 'text', unique: true }) code!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ name: 'service_type', type: 'text' }) serviceType!: ServiceType;
  @Column({ name: 'bandwidth_mbps', type: 'int' }) bandwidthMbps!: number;
  @Column({ name: 'a_end', type: 'jsonb' }) aEnd!: CircuitEnd;
  @Column({ name: 'z_end', type: 'jsonb' }) zEnd!: CircuitEnd;
  @Column({ type: 'text' }) grade!: CircuitGrade;
  @Column({ type: 'text' }) business!: string;
  @Column({ type: 'text' }) importance!: BusinessImportance;
  @Column({ type: 'text' }) protection!: Protection;
  @Column({ name: 'backup_circuit_code', type: 'text', nullable: true }) backupCircuitCode!: string | null;
  @Column({ type: 'jsonb' }) segments!: Array<{ name: string; unit: string }>;
  @Column({ type: 'text' }) state!: CircuitState;
  /** Case 44: stored so that lists can filter on it. */
  @Column({ name: 'grade_mismatch', type: 'boolean' }) gradeMismatch!: boolean;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
