import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TicketRatingView } from './rating';
import { SubjectNotificationView } from '../notifier/notification';
import { SERVICE_TYPES, ServiceType } from '../provisioning/circuit';
import { TIERS, Tier } from '../provisioning/customer';
import {
  CAUSE_CATEGORIES,
  CauseCategory,
  Channel,
  CHANNELS,
  ESCALATION_LEVELS,
  EscalationLevel,
  LEG_RESULTS,
  LEG_STATUSES,
  LegResult,
  LegStatus,
  SEGMENTS,
  Segment,
  TICKET_STATUSES,
  TicketStatus,
} from './ticket';

const STAFF_ONLY = "Staff only: omitted in a customer's view";

/** What a leg's view shows of its test report file: never the content (GET …/legs/{legId}/test-report-file). */
export class LegFileView {
  @ApiProperty() name!: string;
  @ApiProperty() mimeType!: string;
  @ApiProperty() sizeBytes!: number;
}

/** A leg's test report file as the fault service answers it to the gateway. */
export class LegFileContent extends LegFileView {
  @ApiProperty({ description: 'base64' }) content!: string;
}

export class LegView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ enum: SEGMENTS }) segment!: Segment;
  @ApiProperty({ enum: LEG_STATUSES }) status!: LegStatus;
  @ApiProperty({ format: 'date-time' }) dispatchedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) acceptedAt?: string;
  @ApiPropertyOptional({ enum: LEG_RESULTS }) result?: LegResult;
  @ApiPropertyOptional() findings?: string;
  @ApiPropertyOptional() testReport?: string;
  @ApiPropertyOptional({ type: LegFileView, description: 'The test report uploaded as a file (staff only)' }) testReportFile?: LegFileView;
  @ApiPropertyOptional({ format: 'date-time' }) resultAt?: string;
  @ApiProperty({ description: 'Minutes between progress reports: 30, or 60 for switching/voice' }) progressEveryMinutes!: number;
}

export class EscalationView {
  @ApiProperty() level!: string;
  @ApiProperty() trigger!: string;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({ description: 'Why a level of the chain was skipped' }) skipReason?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'The expected restoration time the customer manager was given' }) expectedRestorationAt?: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() by!: string;
  @ApiProperty({ type: [String] }) notify!: string[];
}

export class BreachView {
  @ApiProperty() kind!: string;
  @ApiProperty() subjectType!: string;
  @ApiProperty() subjectId!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
}

/** The local network's pre-check of its own segment, then its escalation of a cross-province fault to the province. */
export class ProvinceEscalationView {
  @ApiProperty() unit!: string;
  @ApiProperty() findings!: string;
  @ApiProperty({ format: 'date-time' }) precheckedAt!: string;
  @ApiProperty({ format: 'date-time' }) escalatedAt!: string;
  @ApiProperty({ description: 'Who recorded it' }) by!: string;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded' }) recordedAt!: string;
}

export class TicketView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'F20261122000001' }) number!: string;
  @ApiProperty({ description: 'Bumped by every change; the ETag, for If-Match' }) version!: number;
  @ApiProperty({ enum: TICKET_STATUSES }) status!: TicketStatus;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() customerCode!: string;
  @ApiProperty() customerName!: string;
  @ApiProperty({ enum: TIERS }) customerTier!: Tier;
  @ApiProperty() important!: boolean;
  @ApiProperty({ format: 'uuid' }) circuitId!: string;
  @ApiProperty() circuitCode!: string;
  @ApiProperty({ enum: SERVICE_TYPES }) serviceType!: ServiceType;
  @ApiProperty() direction!: string;
  @ApiProperty() symptom!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: Channel;
  @ApiPropertyOptional() firstAskedUnit?: string;
  @ApiPropertyOptional({ description: 'Hotline: how long the call waited before it was answered' }) hotlineWaitSeconds?: number;
  @ApiPropertyOptional({ description: 'Hotline: the call waited longer than hotlineAnswerSeconds (40 s)' }) hotlineAnswerLate?: boolean;
  @ApiProperty() reporterName!: string;
  @ApiProperty() reporterContact!: string;
  @ApiProperty({ format: 'date-time' }) faultAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When the customer called or the alarm came: every clock of the ticket runs from it' }) reportedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When the ticket was recorded' }) openedAt!: string;
  @ApiPropertyOptional({ description: 'Who recorded the ticket (staff only)' }) openedBy?: string;
  @ApiPropertyOptional({ format: 'date-time' }) dispatchedAt?: string;
  @ApiPropertyOptional({ type: ProvinceEscalationView, description: STAFF_ONLY }) provinceEscalation?: ProvinceEscalationView;
  @ApiPropertyOptional({ format: 'date-time', description: 'When service came back, as stated by the acceptor' }) restoredAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the root fault was fixed, as stated' }) repairedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) closedAt?: string;
  @ApiProperty({ description: 'Resolution limit for this product, tier and grade' }) resolutionLimitMinutes!: number;
  @ApiPropertyOptional({ enum: CAUSE_CATEGORIES, description: "The true cause; in a customer's view only when no customer-facing cause was marked" })
  causeCategory?: CauseCategory;
  @ApiPropertyOptional({ enum: SEGMENTS, description: "In a customer's view only when no customer-facing cause was marked" }) causeSegment?: Segment;
  @ApiPropertyOptional({ description: "The true cause; in a customer's view the cause the customer was told" }) causeDescription?: string;
  @ApiPropertyOptional({ description: STAFF_ONLY }) customerFacingCause?: string;
  @ApiPropertyOptional({ description: `The cause told to the customer differs from the true cause (结单原因与答复客户原因不一致). ${STAFF_ONLY}` })
  causeDiffersFromCustomerReply?: boolean;
  @ApiProperty() closedWithoutRestoration!: boolean;
  @ApiProperty() duplicateReports!: number;
  @ApiProperty() reopenCount!: number;
  @ApiPropertyOptional({ enum: ESCALATION_LEVELS, description: STAFF_ONLY }) escalationLevel?: EscalationLevel;
  @ApiPropertyOptional({ description: STAFF_ONLY }) jointHandling?: boolean;
  @ApiProperty() underGuarantee!: boolean;
  @ApiPropertyOptional({ format: 'uuid', description: 'The cutover whose window the fault fell in' }) cutoverId?: string;
  @ApiPropertyOptional({ description: STAFF_ONLY }) crisisA?: boolean;
  @ApiPropertyOptional({ format: 'date-time', description: `When the ticket was reported to the province and the group as a major fault. ${STAFF_ONLY}` })
  majorReportedAt?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The master network incident this ticket is part of' }) incidentId?: string;
  @ApiPropertyOptional({ type: [LegView], description: STAFF_ONLY }) legs?: LegView[];
  @ApiPropertyOptional({ type: [EscalationView], description: STAFF_ONLY }) escalations?: EscalationView[];
  @ApiProperty({ type: [BreachView], description: "Time limits of this ticket (and, for staff, its legs) that were breached" }) breaches!: BreachView[];
  @ApiPropertyOptional({
    type: [SubjectNotificationView],
    description: "On the read of one ticket: the messages sent about it (SMS, e-mail, inbox), sent or given up, in time order. A customer's user: only those to the customer. Absent while there are none",
  })
  notifications?: SubjectNotificationView[];
  @ApiPropertyOptional({ type: TicketRatingView, description: "The customer's rating of the closed ticket (POST /faults/{id}/rating); absent until rated" })
  rating?: TicketRatingView;
}

export class TimelineEntryView {
  @ApiProperty({ format: 'date-time', description: 'When it was recorded (a stated time, e.g. restoredAt, is in detail)' }) at!: string;
  @ApiProperty() type!: string;
  @ApiProperty() by!: string;
  @ApiProperty() detail!: Record<string, unknown>;
}

export class ReviewItemView {
  @ApiProperty({ format: 'uuid' }) ticketId!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ enum: TICKET_STATUSES }) status!: TicketStatus;
  @ApiProperty() customerName!: string;
  @ApiProperty() circuitCode!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ enum: ['past-limit', 'repeated-faults'], isArray: true }) reasons!: ('past-limit' | 'repeated-faults')[];
  @ApiProperty({ description: 'Faults on the circuit within the window' }) faultsOnCircuit!: number;
}

export interface OpenTicketReply {
  ticket: TicketView;
  /** True when an open ticket on the same circuit already existed: the report was linked to it. */
  duplicate: boolean;
}
