import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CircuitGrade, EvidenceSample, Kpi, ServiceType, WarningRule } from '@app/shared';

/** A fluctuation warning of one circuit and KPI, active until a run of good samples clears it. */
@Entity({ name: 'warning' })
export class QualityWarning {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'circuit_id', type: 'uuid' }) circuitId!: string;
  @Column({ name: 'circuit_code', type: 'text' }) circuitCode!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ name: 'service_type', type: 'text' }) serviceType!: ServiceType;
  @Column({ type: 'text' }) grade!: CircuitGrade;
  @Column({ type: 'text' }) kpi!: Kpi;
  @Column({ type: 'text' }) rule!: WarningRule;
  @Column({ name: 'limit_value', type: 'double precision' }) limitValue!: number;
  @Column({ type: 'text' }) bad!: 'above' | 'below';
  @Column({ type: 'jsonb' }) samples!: EvidenceSample[];
  @Column({ type: 'text' }) status!: 'active' | 'cleared';
  @Column({ name: 'raised_at', type: 'timestamptz' }) raisedAt!: Date;
  @Column({ name: 'cleared_at', type: 'timestamptz', nullable: true }) clearedAt!: Date | null;
}
