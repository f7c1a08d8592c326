import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import {
  CauseCategory,
  Channel,
  EscalationLevel,
  LegResult,
  LegStatus,
  ProvinceEscalationView,
  Segment,
  ServiceType,
  SubjectNotificationColumns,
  TicketStatus,
  Tier,
} from '@app/shared';

@Entity({ name: 'ticket' })
export class Ticket {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', unique: true }) number!: string;
  @Column({ type: 'text' }) status!: TicketStatus;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ name: 'customer_code', type: 'text' }) customerCode!: string;
  @Column({ name: 'customer_name', type: 'text' }) customerName!: string;
  @Column({ name: 'customer_tier', type: 'text' }) customerTier!: Tier;
  @Column({ name: 'circuit_id', type: 'uuid' }) circuitId!: string;
  @Column({ name: 'circuit_code', type: 'text' }) circuitCode!: string;
  @Column({ name: 'service_type', type: 'text' }) serviceType!: ServiceType;
  @Column({ type: 'text' }) direction!: string;
  @Column({ type: 'text' }) symptom!: string;
  @Column({ type: 'text' }) channel!: Channel;
  @Column({ name: 'first_asked_unit', type: 'text', nullable: true }) firstAskedUnit!: string | null;
  @Column({ name: 'reporter_name', type: 'text' }) reporterName!: string;
  @Column({ name: 'reporter_contact', type: 'text' }) reporterContact!: string;
  @Column({ name: 'hq_outage', type: 'boolean' }) hqOutage!: boolean;
  /** Hotline: how long the call waited, and whether that was beyond the answer limit in force at intake. */
  @Column({ name: 'hotline_wait_seconds', type: 'int', nullable: true }) hotlineWaitSeconds!: number | null;
  @Column({ name: 'hotline_answer_late', type: 'boolean', nullable: true }) hotlineAnswerLate!: boolean | null;
  @Column({ name: 'fault_at', type: 'timestamptz' }) faultAt!: Date;
  /** When the customer called or the alarm came, as stated at intake: every clock of the ticket runs from it. */
  @Column({ name: 'reported_at', type: 'timestamptz' }) reportedAt!: Date;
  /** When and by whom the ticket was recorded. */
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt!: Date;
  @Column({ name: 'opened_by', type: 'text' }) openedBy!: string;
  @Column({ name: 'province_escalation', type: 'jsonb', nullable: true }) provinceEscalation!: ProvinceEscalationView | null;
  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true }) dispatchedAt!: Date | null;
  @Column({ name: 'restored_at', type: 'timestamptz', nullable: true }) restoredAt!: Date | null;
  @Column({ name: 'repaired_at', type: 'timestamptz', nullable: true }) repairedAt!: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'resolution_limit_minutes', type: 'int' }) resolutionLimitMinutes!: number;
  @Column({ name: 'cause_category', type: 'text', nullable: true }) causeCategory!: CauseCategory | null;
  @Column({ name: 'cause_segment', type: 'text', nullable: true }) causeSegment!: Segment | null;
  @Column({ name: 'cause_description', type: 'text', nullable: true }) causeDescription!: string | null;
  @Column({ name: 'customer_facing_cause', type: 'text', nullable: true }) customerFacingCause!: string | null;
  @Column({ name: 'closed_without_restoration', type: 'boolean' }) closedWithoutRestoration!: boolean;
  @Column({ name: 'duplicate_reports', type: 'int' }) duplicateReports!: number;
  @Column({ name: 'reopen_count', type: 'int' }) reopenCount!: number;
  @Column({ name: 'escalation_level', type: 'text', nullable: true }) escalationLevel!: EscalationLevel | null;
  @Column({ name: 'joint_handling', type: 'boolean' }) jointHandling!: boolean;
  @Column({ name: 'under_guarantee', type: 'boolean' }) underGuarantee!: boolean;
  @Column({ name: 'cutover_id', type: 'uuid', nullable: true }) cutoverId!: string | null;
  @Column({ name: 'crisis_a', type: 'boolean' }) crisisA!: boolean;
  /** When it was reported to the province and the group as a local major fault. */
  @Column({ name: 'major_reported_at', type: 'timestamptz', nullable: true }) majorReportedAt!: Date | null;
  /** The master network incident this ticket is part of. */
  @Column({ name: 'incident_id', type: 'uuid', nullable: true }) incidentId!: string | null;
  /** Optimistic concurrency: every change bumps it. */
  @Column({ type: 'int' }) version!: number;
}

/** One handling unit's part of a ticket: a unit and the segment it tests. */
@Entity({ name: 'dispatch_leg' })
export class DispatchLeg {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'ticket_id', type: 'uuid' }) ticketId!: string;
  @Column({ type: 'text' }) unit!: string;
  @Column({ type: 'text' }) segment!: Segment;
  @Column({ type: 'text' }) status!: LegStatus;
  @Column({ name: 'dispatched_at', type: 'timestamptz' }) dispatchedAt!: Date;
  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true }) acceptedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) result!: LegResult | null;
  @Column({ type: 'text', nullable: true }) findings!: string | null;
  @Column({ name: 'test_report', type: 'text', nullable: true }) testReport!: string | null;
  /** The test report as a file (staff only); its content is read on its own route, never with the leg. */
  @Column({ name: 'test_report_file_name', type: 'text', nullable: true }) testReportFileName!: string | null;
  @Column({ name: 'test_report_file_type', type: 'text', nullable: true }) testReportFileType!: string | null;
  @Column({ name: 'test_report_file', type: 'bytea', nullable: true, select: false }) testReportFile?: Buffer | null;
  @Column({ name: 'result_at', type: 'timestamptz', nullable: true }) resultAt!: Date | null;
  @Column({ name: 'progress_every_minutes', type: 'int' }) progressEveryMinutes!: number;
}

export type RecordType =
  | 'intake'
  | 'duplicate-report'
  | 'province-escalation'
  | 'dispatch'
  | 'accept'
  | 'progress'
  | 'result'
  | 'answer'
  | 'feedback'
  | 'suspension-request'
  | 'suspend'
  | 'resume'
  | 'restore'
  | 'repair'
  | 'close'
  | 'cancel'
  | 'reopen'
  | 'escalate'
  | 'on-site'
  | 'loop-test'
  | 'quality-warning'
  | 'quality-warning-cleared'
  | 'dial-test'
  | 'rate';

/** Everything that was done on a ticket, by whom and when: the timeline. */
@Entity({ name: 'ticket_record' })
export class TicketRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'ticket_id', type: 'uuid' }) ticketId!: string;
  @Column({ name: 'leg_id', type: 'uuid', nullable: true }) legId!: string | null;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'text' }) type!: RecordType;
  @Column({ type: 'text' }) by!: string;
  @Column({ type: 'jsonb' }) detail!: object;
}

@Entity({ name: 'ticket_escalation' })
export class TicketEscalation {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'ticket_id', type: 'uuid' }) ticketId!: string;
  @Column({ type: 'text' }) level!: string;
  @Column({ type: 'text' }) trigger!: string;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'skip_reason', type: 'text', nullable: true }) skipReason!: string | null;
  @Column({ name: 'expected_restoration_at', type: 'timestamptz', nullable: true }) expectedRestorationAt!: Date | null;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'text' }) by!: string;
  @Column({ type: 'text', array: true }) notify!: string[];
}

/** Resolution limits per service type × customer tier × circuit grade; null matches any. The most specific row wins. */
@Entity({ name: 'resolution_limit' })
export class ResolutionLimit {
  @PrimaryGeneratedColumn({ type: 'int' }) id!: number;
  @Column({ name: 'service_type', type: 'text', nullable: true }) serviceType!: ServiceType | null;
  @Column({ type: 'text', nullable: true }) tier!: Tier | null;
  @Column({ type: 'text', nullable: true }) grade!: string | null;
  @Column({ name: 'limit_minutes', type: 'int' }) limitMinutes!: number;
}

/**
 * A message the notifier sent about a ticket (or gave up on), as its delivery-recorded event told: shown on the
 * ticket's timeline and view. Not a change of the ticket: its version stays, and no ticket event follows.
 */
@Entity({ name: 'ticket_notification' })
export class TicketNotification extends SubjectNotificationColumns {
  @Column({ name: 'ticket_id', type: 'uuid' }) ticketId!: string;
}

/** A customer's rating of its closed ticket (满意度评价), once per ticket. Not a change of the ticket: its version stays. */
@Entity({ name: 'ticket_rating' })
export class TicketRating {
  @PrimaryColumn({ name: 'ticket_id', type: 'uuid' }) ticketId!: string;
  @Column({ type: 'smallint' }) score!: number;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  /** The customer's user who rated it: username, and user id. */
  @Column({ name: 'rated_by', type: 'text' }) ratedBy!: string;
  @Column({ name: 'rated_by_sub', type: 'text' }) ratedBySub!: string;
  @Column({ name: 'rated_at', type: 'timestamptz' }) ratedAt!: Date;
}
