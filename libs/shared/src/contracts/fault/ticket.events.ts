import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { event } from '../contract';
import { SERVICE_TYPES, ServiceType } from '../provisioning/circuit';
import { TicketRatedData } from './rating';
import { CAUSE_CATEGORIES, CauseCategory, Channel, CHANNELS, SEGMENTS, Segment, TICKET_STATUSES, TicketStatus } from './ticket';

/**
 * What a customer's own user may be shown of a ticket event (the fault service projects it; the event stream sends
 * a customer this part only): the status, and the cause the customer was told rather than the true one.
 */
export class CustomerTicketPart {
  @IsIn(TICKET_STATUSES) status!: TicketStatus;
  @IsString() action!: string;
  @IsISO8601() at!: string;
  @IsOptional() @IsISO8601() restoredAt?: string;
  @IsOptional() @IsISO8601() closedAt?: string;
  @IsOptional() @IsIn(CAUSE_CATEGORIES) causeCategory?: CauseCategory;
  @IsOptional() @IsIn(SEGMENTS) causeSegment?: Segment;
  @IsOptional() @IsString() causeDescription?: string;
}

export class TicketOpenedData {
  @IsUUID() ticketId!: string;
  @IsString() number!: string;
  @IsUUID() customerId!: string;
  @IsUUID() circuitId!: string;
  @IsIn(SERVICE_TYPES) serviceType!: ServiceType;
  @IsIn(CHANNELS) channel!: Channel;
  @IsISO8601() faultAt!: string;
  @IsISO8601() reportedAt!: string;
  @IsISO8601() openedAt!: string;
  /** Added for reports (absent on events written before): the circuit's code, the symptom, the ticket's version. */
  @IsOptional() @IsString() circuitCode?: string;
  @IsOptional() @IsString() symptom?: string;
  @IsOptional() @IsInt() version?: number;
  /** Who reported it and how to reach them (absent on events written before): the notifier's `reporter` recipient. */
  @IsOptional() @IsString() reporterName?: string;
  @IsOptional() @IsString() reporterContact?: string;
  @ValidateNested() @Type(() => CustomerTicketPart) customerView!: CustomerTicketPart;
}

/** A dispatch leg as the dispatch event names it: which unit must accept it, for which segment. */
export class DispatchedLegData {
  @IsUUID() legId!: string;
  @IsString() unit!: string;
  @IsIn(SEGMENTS) segment!: Segment;
}

export class TicketChangedData {
  @IsUUID() ticketId!: string;
  @IsString() number!: string;
  @IsUUID() customerId!: string;
  @IsIn(TICKET_STATUSES) status!: TicketStatus;
  @IsString() action!: string;
  @IsISO8601() at!: string;
  @IsOptional() @IsISO8601() restoredAt?: string;
  @IsOptional() @IsIn(CAUSE_CATEGORIES) causeCategory?: CauseCategory;
  @IsOptional() @IsIn(SEGMENTS) causeSegment?: Segment;
  @IsOptional() @IsString() customerFacingCause?: string;
  /**
   * The whole ticket as it stands after the change, for read models (reporting). Absent on events written before they
   * were added; present, they describe the ticket completely (an absent time or cause is then not set). Staff only.
   */
  @IsOptional() @IsInt() version?: number;
  @IsOptional() @IsUUID() circuitId?: string;
  @IsOptional() @IsString() circuitCode?: string;
  @IsOptional() @IsISO8601() faultAt?: string;
  @IsOptional() @IsISO8601() reportedAt?: string;
  @IsOptional() @IsISO8601() openedAt?: string;
  @IsOptional() @IsISO8601() repairedAt?: string;
  @IsOptional() @IsISO8601() closedAt?: string;
  @IsOptional() @IsString() causeDescription?: string;
  @IsOptional() @IsUUID() incidentId?: string;
  @IsOptional() @IsBoolean() suspended?: boolean;
  @IsOptional() @IsBoolean() closedWithoutRestoration?: boolean;
  /** On closing (staff only): whether it was a crisis grade A, and the major fault classes (§1) it was escalated under; after-sales plans an apology visit. */
  @IsOptional() @IsBoolean() crisisA?: boolean;
  @IsOptional() @IsInt({ each: true }) @Min(1, { each: true }) @Max(4, { each: true }) majorClasses?: number[];
  /** On dispatch (staff only): the legs the dispatch added, so that reporting knows whose ticket a leg's clocks time. */
  @IsOptional() @IsUUID('all', { each: true }) dispatchedLegIds?: string[];
  /** On dispatch (staff only): the same legs with their unit and segment, so that each unit is told of its dispatch. */
  @IsOptional() @ValidateNested({ each: true }) @Type(() => DispatchedLegData) dispatchedLegs?: DispatchedLegData[];
  /** Absent for internal actions (escalation, legs, answers): the customer is not told of those. */
  @IsOptional() @ValidateNested() @Type(() => CustomerTicketPart) customerView?: CustomerTicketPart;
}

export class TicketEscalatedData {
  @IsUUID() ticketId!: string;
  @IsString() number!: string;
  @IsUUID() customerId!: string;
  @IsString() level!: string;
  @IsString() trigger!: string;
  @IsString() reason!: string;
  @IsOptional() @IsString() skipReason?: string;
  /** For the customer manager: the symptom and the expected restoration time (§1 escalation). */
  @IsString() symptom!: string;
  @IsOptional() @IsISO8601() expectedRestorationAt?: string;
  @IsString({ each: true }) notify!: string[];
  @IsISO8601() at!: string;
}

/** A local major fault reported at once to the province and the group (本地网重大故障立即上报省公司和集团). */
export class TicketMajorReportedData {
  @IsUUID() ticketId!: string;
  @IsString() number!: string;
  @IsUUID() customerId!: string;
  /** The major fault class of §1 (1 network/disaster, 2 key-customer HQ outage, 3 guarantee period, 4 operator-caused past its limit), when known. */
  @IsOptional() @IsInt() @Min(1) @Max(4) majorClass?: number;
  @IsString() reason!: string;
  @IsString({ each: true }) recipients!: string[];
  @IsISO8601() at!: string;
}

/**
 * Feedback given to the customer (一点统一反馈): recorded on the ticket, re-arming the next feedback clock. With
 * `sendSms` the notifier sends the content to `phone` once. Staff only (it carries the contact's number).
 */
export class FeedbackGivenData {
  @IsUUID() ticketId!: string;
  @IsString() number!: string;
  @IsUUID() customerId!: string;
  @IsOptional() @IsString() circuitCode?: string;
  @IsString() content!: string;
  @IsString() customerContact!: string;
  @IsString() channel!: string;
  @IsBoolean() sendSms!: boolean;
  @IsOptional() @IsString() phone?: string;
  /** The staff member who gave it. */
  @IsString() by!: string;
  @IsISO8601() at!: string;
  /** When the next feedback is due, as the re-armed clock says (absent once the ticket no longer needs any). */
  @IsOptional() @IsISO8601() nextFeedbackDueAt?: string;
}

export const FaultEvents = {
  feedbackGiven: event<FeedbackGivenData>('evt.fault.ticket.feedback-given.v1', FeedbackGivenData),
  ticketOpened: event<TicketOpenedData>('evt.fault.ticket.opened.v1', TicketOpenedData),
  ticketChanged: event<TicketChangedData>('evt.fault.ticket.changed.v1', TicketChangedData),
  ticketEscalated: event<TicketEscalatedData>('evt.fault.ticket.escalated.v1', TicketEscalatedData),
  ticketMajorReported: event<TicketMajorReportedData>('evt.fault.ticket.major-reported.v1', TicketMajorReportedData),
  ticketRated: event<TicketRatedData>('evt.fault.ticket.rated.v1', TicketRatedData),
};
