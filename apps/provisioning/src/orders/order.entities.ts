import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { BusinessImportance, CircuitGrade, OrderStep, OrderType, Protection, ServiceType, SubjectNotificationColumns, TestType } from '@app/shared';

/** An end as the order states it: a place, possibly its city's gateway office, or an overseas company's end. */
export interface OrderEnd {
  address: string;
  city: string;
  province: string;
  gatewayOffice?: boolean;
  overseasCompany?: string;
  viaGateway?: string;
}

/** A unit's own warning (预警): only one filed in time spares the order the missed-date violation. */
export interface OrderWarning {
  reason: string;
  description: string;
  at: string;
  by: string;
  timely: boolean;
}

export interface OrderViolation {
  kind: 'missed-without-warning' | 'completion-without-end-to-end';
  at: string;
  detail: string;
}

/** A segment of the plan with its own period, reported complete by its location. */
export interface OrderSegment {
  name: string;
  from: string;
  to: string;
  completedAt?: string;
  completedBy?: string;
}

export interface OrderLeadingBureau {
  lead: string;
  bureau: string;
  rule: string;
  /** Set by hand: why, who and when. */
  reason?: string;
  by?: string;
  at?: string;
}

export interface OrderWholeRoute {
  testType: TestType;
  testReport: string;
  reportingBureau: string;
  overrideReason?: string;
}

/** A provisioning order (定单) through the seven steps. */
@Entity({ name: 'service_order' })
export class ServiceOrder {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', unique: true }) number!: string;
  @Column({ type: 'text' }) step!: OrderStep;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ type: 'text' }) type!: OrderType;
  @Column({ name: 'circuit_code', type: 'text' }) circuitCode!: string;
  @Column({ name: 'service_type', type: 'text' }) serviceType!: ServiceType;
  @Column({ name: 'bandwidth_mbps', type: 'int' }) bandwidthMbps!: number;
  @Column({ name: 'a_end', type: 'jsonb' }) aEnd!: OrderEnd;
  @Column({ name: 'z_end', type: 'jsonb' }) zEnd!: OrderEnd;
  @Column({ type: 'text' }) grade!: CircuitGrade;
  @Column({ type: 'text' }) business!: string;
  @Column({ type: 'text' }) importance!: BusinessImportance;
  @Column({ type: 'text' }) protection!: Protection;
  @Column({ name: 'required_by', type: 'text' }) requiredBy!: string;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  @Column({ type: 'boolean' }) urgent!: boolean;
  @Column({ name: 'progress_reports_required', type: 'boolean' }) progressReportsRequired!: boolean;
  @Column({ name: 'cross_domain', type: 'boolean' }) crossDomain!: boolean;
  @Column({ name: 'to_another_carrier', type: 'boolean' }) toAnotherCarrier!: boolean;
  @Column({ name: 'a_end_circuit', type: 'boolean' }) aEndCircuit!: boolean;
  @Column({ name: 'end_to_end_requested', type: 'boolean' }) endToEndRequested!: boolean;
  @Column({ name: 'required_test', type: 'text' }) requiredTest!: TestType;
  @Column({ name: 'customer_manager', type: 'text' }) customerManager!: string;
  @Column({ name: 'business_manager', type: 'text' }) businessManager!: string;
  @Column({ name: 'network_support_manager', type: 'text' }) networkSupportManager!: string;
  @Column({ name: 'project_manager', type: 'text', nullable: true }) projectManager!: string | null;
  @Column({ name: 'leading_bureau', type: 'jsonb', nullable: true }) leadingBureau!: OrderLeadingBureau | null;
  /** The warning pool is a list operators warn from; being in it is not a warning. */
  @Column({ name: 'in_warning_pool', type: 'boolean' }) inWarningPool!: boolean;
  @Column({ name: 'warning_pool_entered_at', type: 'timestamptz', nullable: true }) warningPoolEnteredAt!: Date | null;
  @Column({ type: 'jsonb' }) warnings!: OrderWarning[];
  @Column({ type: 'jsonb' }) violations!: OrderViolation[];
  @Column({ type: 'jsonb' }) segments!: OrderSegment[];
  @Column({ name: 'whole_route', type: 'jsonb', nullable: true }) wholeRoute!: OrderWholeRoute | null;
  @Column({ name: 'whole_route_completed_at', type: 'timestamptz', nullable: true }) wholeRouteCompletedAt!: Date | null;
  @Column({ name: 'completion_recorded_at', type: 'timestamptz', nullable: true }) completionRecordedAt!: Date | null;
  @Column({ name: 'handed_over_at', type: 'timestamptz', nullable: true }) handedOverAt!: Date | null;
  @Column({ type: 'text', nullable: true }) signature!: string | null;
  /** The customer's representative who signed (an outside person, so a name). */
  @Column({ name: 'signed_by', type: 'text', nullable: true }) signedBy!: string | null;
  @Column({ name: 'circuit_id', type: 'uuid', nullable: true }) circuitId!: string | null;
  @Column({ name: 'return_reason', type: 'text', nullable: true }) returnReason!: string | null;
  @Column({ name: 'resource_check_id', type: 'uuid', nullable: true }) resourceCheckId!: string | null;
  /** Urgent orders report as often as the customer asks; others weekly. */
  @Column({ name: 'report_every_hours', type: 'int', nullable: true }) reportEveryHours!: number | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  /** When the last step happened in the world: a later step cannot be stated before it. */
  @Column({ name: 'last_step_at', type: 'timestamptz' }) lastStepAt!: Date;
  /** Bumped by every change: the ETag, for If-Match. */
  @Column({ type: 'int' }) version!: number;
}

/** Every action on an order: its timeline, with when it happened, when it was recorded and who recorded it. */
@Entity({ name: 'order_record' })
export class OrderRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'order_id', type: 'uuid' }) orderId!: string;
  /** When it was recorded. */
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
  @Column({ type: 'text' }) type!: string;
  @Column({ type: 'text' }) by!: string;
  @Column({ type: 'jsonb' }) detail!: object;
}

/**
 * A message the notifier sent about an order (or gave up on), as its delivery-recorded event told: shown on the
 * order's timeline and view. Not a change of the order: its version stays, and no order event follows.
 */
@Entity({ name: 'order_notification' })
export class OrderNotification extends SubjectNotificationColumns {
  @Column({ name: 'order_id', type: 'uuid' }) orderId!: string;
}
