import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ServiceType } from '@app/shared';
import { CircuitEnd } from '../circuits/circuit.entity';

/** A pre-sale demand (需求单): a query or an order. */
@Entity({ name: 'demand' })
export class Demand {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', unique: true }) number!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ type: 'text' }) kind!: 'query' | 'order';
  @Column({ name: 'service_type', type: 'text' }) serviceType!: ServiceType;
  @Column({ name: 'bandwidth_mbps', type: 'int' }) bandwidthMbps!: number;
  @Column({ name: 'a_end', type: 'jsonb' }) aEnd!: CircuitEnd;
  @Column({ name: 'z_end', type: 'jsonb' }) zEnd!: CircuitEnd;
  @Column({ type: 'text' }) description!: string;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A resource check (资源核查) per segment; valid for one month. */
@Entity({ name: 'resource_check' })
export class ResourceCheck {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'demand_id', type: 'uuid' }) demandId!: string;
  @Column({ type: 'jsonb' }) segments!: Array<{ segment: string; result: string; note?: string }>;
  @Column({ name: 'checked_at', type: 'timestamptz' }) checkedAt!: Date;
  @Column({ name: 'valid_until', type: 'timestamptz' }) validUntil!: Date;
  @Column({ type: 'text' }) by!: string;
}

/** The problem list (问题管理表): description, target, due date, owner, status. */
@Entity({ name: 'demand_problem' })
export class DemandProblem {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'demand_id', type: 'uuid' }) demandId!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'text' }) target!: string;
  @Column({ name: 'due_date', type: 'text' }) dueDate!: string;
  @Column({ type: 'text' }) owner!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'jsonb' }) history!: Array<{ status: string; by: string; at: string; note?: string }>;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
