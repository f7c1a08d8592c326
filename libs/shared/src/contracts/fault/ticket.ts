import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { EmptyRequest, event, rpc } from '../contract';
import { Page, PageQuery } from '../paging';
import { SERVICE_TYPES, ServiceType } from '../provisioning/circuit';
import { TIERS, Tier } from '../provisioning/customer';

/** Intake channels of §1: hotline, customer manager, portal, a machine room asked first (首问负责), monitoring. */
export const CHANNELS = ['hotline', 'customer_manager', 'portal', 'machine_room', 'monitoring'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TICKET_STATUSES = ['open', 'dispatched', 'suspended', 'restored', 'closed', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** The segments a dispatch leg covers; both access ends are mandatory in a dispatch. */
export const SEGMENTS = ['a_access', 'z_access', 'backbone', 'machine_room', 'customer_premises'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const LEG_STATUSES = ['dispatched', 'accepted', 'resulted'] as const;
export type LegStatus = (typeof LEG_STATUSES)[number];

export const LEG_RESULTS = ['fault_found', 'no_fault', 'fixed'] as const;
export type LegResult = (typeof LEG_RESULTS)[number];

/** True causes: the `customer_` ones are customer-side, which is what makes a suspension exempt. */
export const CAUSE_CATEGORIES = [
  'operator_equipment',
  'operator_fiber',
  'operator_configuration',
  'operator_power',
  'third_party',
  'force_majeure',
  'customer_equipment',
  'customer_power',
  'customer_configuration',
  'customer_premises',
] as const;
export type CauseCategory = (typeof CAUSE_CATEGORIES)[number];

export function isCustomerSide(cause: CauseCategory): boolean {
  return cause.startsWith('customer_');
}

export const ESCALATION_LEVELS = ['supervisor', 'department', 'company'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

const text = (max: number) => [IsString(), Length(1, max)];
function Text(max: number): PropertyDecorator {
  return (target, key) => text(max).forEach((d) => d(target, key));
}

export class OpenTicketRequest {
  @ApiProperty({ description: 'Customer id code (客户标识码)', example: 'GZ-BANK-0001' })
  @Text(40)
  customerCode!: string;

  @ApiProperty({ example: '某银行广州分行' })
  @Text(200)
  customerName!: string;

  @ApiProperty({ enum: SERVICE_TYPES })
  @IsIn(SERVICE_TYPES)
  serviceType!: ServiceType;

  @ApiProperty({ description: 'Circuit code (电路代号)', example: 'GZ-BJ-MSTP-0001' })
  @Text(60)
  circuitCode!: string;

  @ApiProperty({ description: 'Direction of the service (业务通达方向)', example: '广州—北京总行' })
  @Text(200)
  direction!: string;

  @ApiProperty({ format: 'date-time', description: 'When the fault began, as reported' })
  @IsISO8601({ strict: true })
  faultAt!: string;

  @ApiProperty({ example: 'A端视频会议中断，光端机LOS告警' })
  @Text(2000)
  symptom!: string;

  @ApiProperty({ example: '张工' })
  @Text(100)
  reporterName!: string;

  @ApiProperty({ example: '13800000000' })
  @Text(100)
  reporterContact!: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiPropertyOptional({ description: 'Required for channel machine_room: the machine room the customer called first (首问负责制)' })
  @ValidateIf((o: OpenTicketRequest) => o.channel === 'machine_room' || o.firstAskedUnit !== undefined)
  @Text(100)
  firstAskedUnit?: string;

  @ApiPropertyOptional({ description: "Operator-caused total or partial outage of a key customer's HQ business (major fault class 2)" })
  @IsOptional()
  @IsBoolean()
  hqOutage?: boolean;
}

export class ActorRequest {
  @ApiProperty({ description: 'Who does it (staff id or name)', example: 'NOC-0101' })
  @Text(100)
  by!: string;
}

export class DispatchLegDto {
  @ApiProperty({ example: '广州本地网传输中心' })
  @Text(100)
  unit!: string;

  @ApiProperty({ enum: SEGMENTS })
  @IsIn(SEGMENTS)
  segment!: Segment;
}

export class DispatchBody extends ActorRequest {
  @ApiProperty({ type: [DispatchLegDto] })
  @ValidateNested({ each: true })
  @Type(() => DispatchLegDto)
  @ArrayMinSize(1)
  legs!: DispatchLegDto[];
}

export class ProgressBody extends ActorRequest {
  @ApiProperty({ description: 'Source of the information', example: '现场处理人员' })
  @Text(100)
  source!: string;

  @ApiProperty({ description: 'Progress, down to person and action', example: '李工到达A端机房，更换光模块' })
  @Text(2000)
  progress!: string;

  @ApiPropertyOptional({ enum: SEGMENTS })
  @IsOptional()
  @IsIn(SEGMENTS)
  faultySegment?: Segment;

  @ApiPropertyOptional({ description: 'An intermediate judgement of the cause; always recorded as not the final cause' })
  @IsOptional()
  @Text(500)
  judgement?: string;
}

export class LegResultBody extends ActorRequest {
  @ApiProperty({ enum: LEG_RESULTS })
  @IsIn(LEG_RESULTS)
  result!: LegResult;

  @ApiProperty({ example: '本段告警、配置均正常，环回测试正常' })
  @Text(2000)
  findings!: string;

  @ApiPropertyOptional({ description: 'Required when result is no_fault (判定电信段无故障须附带测试报告)' })
  @IsOptional()
  @Text(5000)
  testReport?: string;
}

export class AnswerBody extends ActorRequest {
  @ApiProperty({ description: "The dispatcher's answer, passed to every unit", example: '已通知Z端配合打环' })
  @Text(2000)
  content!: string;
}

export const FEEDBACK_CHANNELS = ['phone', 'sms', 'portal', 'email', 'in_person'] as const;

export class FeedbackBody extends ActorRequest {
  @ApiProperty({ example: '已定位为A端接入段故障，预计30分钟内恢复' })
  @Text(2000)
  content!: string;

  @ApiProperty({ example: '张工 13800000000' })
  @Text(200)
  customerContact!: string;

  @ApiProperty({ enum: FEEDBACK_CHANNELS })
  @IsIn(FEEDBACK_CHANNELS)
  channel!: (typeof FEEDBACK_CHANNELS)[number];

  @ApiPropertyOptional({ description: "The customer's opinion" })
  @IsOptional()
  @Text(1000)
  customerOpinion?: string;
}

export class SuspensionRequestBody extends ActorRequest {
  @ApiProperty({ format: 'uuid', description: 'The leg whose unit asks (it must have proven its segment clear)' })
  @IsUUID()
  legId!: string;

  @ApiProperty({ example: '客户端无法配合测试，客户机房周末不开放' })
  @Text(1000)
  reason!: string;
}

export class SuspendBody extends ActorRequest {
  @ApiProperty({ description: 'The customer contact who agreed to the suspension', example: '张工' })
  @Text(200)
  customerConfirmedBy!: string;
}

export class ReasonBody extends ActorRequest {
  @ApiProperty({ example: '客户已可配合测试' })
  @Text(1000)
  reason!: string;
}

export class RestoreBody extends ActorRequest {
  @ApiPropertyOptional({ format: 'date-time', description: 'When service came back; defaults to now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

export class CloseBody extends ActorRequest {
  @ApiProperty({ enum: CAUSE_CATEGORIES, description: 'The true cause' })
  @IsIn(CAUSE_CATEGORIES)
  causeCategory!: CauseCategory;

  @ApiProperty({ enum: SEGMENTS })
  @IsIn(SEGMENTS)
  causeSegment!: Segment;

  @ApiProperty({ example: 'A端光模块老化导致收光异常' })
  @Text(2000)
  causeDescription!: string;

  @ApiPropertyOptional({ description: 'The cause told to the customer, when it differs from the true cause (it is then marked on the closure)' })
  @IsOptional()
  @Text(2000)
  customerFacingCause?: string;

  @ApiProperty({ description: 'The customer contact who confirmed restoration (or was told of a customer-side cause)' })
  @Text(200)
  customerConfirmedBy!: string;

  @ApiPropertyOptional({
    description: 'A customer-side fault the customer cannot fix at once: close without restoration, recording that the customer was told',
  })
  @IsOptional()
  @IsBoolean()
  customerCannotFixNow?: boolean;
}

export class EscalateBody extends ActorRequest {
  @ApiProperty({ enum: ESCALATION_LEVELS })
  @IsIn(ESCALATION_LEVELS)
  level!: EscalationLevel;

  @ApiProperty({ example: '故障影响客户重要视频会议' })
  @Text(1000)
  reason!: string;

  @ApiPropertyOptional({ description: 'Crisis grade A (important business blocked): leaders notified, warning SMS, apology visit afterwards' })
  @IsOptional()
  @IsBoolean()
  crisisA?: boolean;
}

export class TicketIdRequest {
  @IsUUID() id!: string;
}

type Ctor<T> = new () => T;

/** An action's RPC payload: the HTTP body plus the ticket id from the path, validated as one class. */
function withTicketId<T extends object>(Base: Ctor<T>): Ctor<T & { id: string; expectedVersion?: number }> {
  class WithTicketId extends (Base as Ctor<object>) {
    @IsUUID() id!: string;

    /** From If-Match: the action applies only to this version of the ticket. */
    @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
  }
  return WithTicketId as Ctor<T & { id: string; expectedVersion?: number }>;
}

function withLegId<T extends object>(Base: Ctor<T>): Ctor<T & { id: string; legId: string; expectedVersion?: number }> {
  class WithLegId extends (withTicketId(Base) as Ctor<object>) {
    @IsUUID() legId!: string;
  }
  return WithLegId as Ctor<T & { id: string; legId: string; expectedVersion?: number }>;
}

export class DispatchRequest extends withTicketId(DispatchBody) {}
export class AcceptRequest extends withLegId(ActorRequest) {}
export class ProgressRequest extends withLegId(ProgressBody) {}
export class LegResultRequest extends withLegId(LegResultBody) {}
export class AnswerRequest extends withTicketId(AnswerBody) {}
export class FeedbackRequest extends withTicketId(FeedbackBody) {}
export class SuspensionRequestRequest extends withTicketId(SuspensionRequestBody) {}
export class SuspendRequest extends withTicketId(SuspendBody) {}
export class ReasonRequest extends withTicketId(ReasonBody) {}
export class RestoreRequest extends withTicketId(RestoreBody) {}
export class CloseRequest extends withTicketId(CloseBody) {}
export class EscalateRequest extends withTicketId(EscalateBody) {}
export class ActorTicketRequest extends withTicketId(ActorRequest) {}

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
  @ApiPropertyOptional({ format: 'date-time' }) resultAt?: string;
  @ApiProperty({ description: 'Minutes between progress reports: 30, or 60 for switching/voice' }) progressEveryMinutes!: number;
}

export class EscalationView {
  @ApiProperty() level!: string;
  @ApiProperty() trigger!: string;
  @ApiProperty() reason!: string;
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
  @ApiProperty() reporterName!: string;
  @ApiProperty() reporterContact!: string;
  @ApiProperty({ format: 'date-time' }) faultAt!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) dispatchedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) restoredAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) repairedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) closedAt?: string;
  @ApiProperty({ description: 'Resolution limit for this product, tier and grade' }) resolutionLimitMinutes!: number;
  @ApiPropertyOptional({ enum: CAUSE_CATEGORIES }) causeCategory?: CauseCategory;
  @ApiPropertyOptional({ enum: SEGMENTS }) causeSegment?: Segment;
  @ApiPropertyOptional() causeDescription?: string;
  @ApiPropertyOptional() customerFacingCause?: string;
  @ApiProperty({ description: 'The cause told to the customer differs from the true cause (结单原因与答复客户原因不一致)' })
  causeDiffersFromCustomerReply!: boolean;
  @ApiProperty() closedWithoutRestoration!: boolean;
  @ApiProperty() duplicateReports!: number;
  @ApiProperty() reopenCount!: number;
  @ApiPropertyOptional({ enum: ESCALATION_LEVELS }) escalationLevel?: EscalationLevel;
  @ApiProperty() jointHandling!: boolean;
  @ApiProperty() underGuarantee!: boolean;
  @ApiPropertyOptional({ format: 'uuid', description: 'The cutover whose window the fault fell in' }) cutoverId?: string;
  @ApiProperty() crisisA!: boolean;
  @ApiPropertyOptional({ format: 'uuid', description: 'The master network incident this ticket is part of' }) incidentId?: string;
  @ApiProperty({ type: [LegView] }) legs!: LegView[];
  @ApiProperty({ type: [EscalationView] }) escalations!: EscalationView[];
  @ApiProperty({ type: [BreachView], description: 'Time limits of this ticket and its legs that were breached' }) breaches!: BreachView[];
}

export class TimelineEntryView {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() type!: string;
  @ApiProperty() by!: string;
  @ApiProperty() detail!: Record<string, unknown>;
}

export class ListTicketsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(60)
  circuitCode?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  @IsOptional()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({ description: 'Only tickets with a breached time limit' })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Only escalated tickets' })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  escalated?: boolean;

  @ApiPropertyOptional({ format: 'date-time', description: 'Opened at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  openedFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Opened before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  openedTo?: string;
}

export class ReviewQuery extends PageQuery {
  @ApiPropertyOptional({ default: 3, description: 'Faults on one circuit within the window that make it a repeated-fault circuit' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(100)
  minRepeats?: number;

  @ApiPropertyOptional({ default: 30 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(366)
  windowDays?: number;
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

export const FaultRpc = {
  openTicket: rpc<OpenTicketRequest, OpenTicketReply>('rpc.fault.tickets.open', OpenTicketRequest),
  getTicket: rpc<TicketIdRequest, TicketView>('rpc.fault.tickets.get', TicketIdRequest),
  listTickets: rpc<ListTicketsQuery, Page<TicketView>>('rpc.fault.tickets.list', ListTicketsQuery),
  timeline: rpc<TicketIdRequest, TimelineEntryView[]>('rpc.fault.tickets.timeline', TicketIdRequest),
  review: rpc<ReviewQuery, Page<ReviewItemView>>('rpc.fault.tickets.review', ReviewQuery),
  dispatch: rpc<DispatchRequest, TicketView>('rpc.fault.tickets.dispatch', DispatchRequest),
  accept: rpc<AcceptRequest, TicketView>('rpc.fault.legs.accept', AcceptRequest),
  progress: rpc<ProgressRequest, TicketView>('rpc.fault.legs.progress', ProgressRequest),
  result: rpc<LegResultRequest, TicketView>('rpc.fault.legs.result', LegResultRequest),
  answer: rpc<AnswerRequest, TicketView>('rpc.fault.tickets.answer', AnswerRequest),
  feedback: rpc<FeedbackRequest, TicketView>('rpc.fault.tickets.feedback', FeedbackRequest),
  requestSuspension: rpc<SuspensionRequestRequest, TicketView>('rpc.fault.tickets.request-suspension', SuspensionRequestRequest),
  suspend: rpc<SuspendRequest, TicketView>('rpc.fault.tickets.suspend', SuspendRequest),
  resume: rpc<ReasonRequest, TicketView>('rpc.fault.tickets.resume', ReasonRequest),
  restore: rpc<RestoreRequest, TicketView>('rpc.fault.tickets.restore', RestoreRequest),
  repair: rpc<RestoreRequest, TicketView>('rpc.fault.tickets.repair', RestoreRequest),
  close: rpc<CloseRequest, TicketView>('rpc.fault.tickets.close', CloseRequest),
  cancel: rpc<ReasonRequest, TicketView>('rpc.fault.tickets.cancel', ReasonRequest),
  reopen: rpc<ReasonRequest, TicketView>('rpc.fault.tickets.reopen', ReasonRequest),
  escalate: rpc<EscalateRequest, TicketView>('rpc.fault.tickets.escalate', EscalateRequest),
  onSite: rpc<ActorTicketRequest, TicketView>('rpc.fault.tickets.on-site', ActorTicketRequest),
};

export class TicketOpenedData {
  @IsUUID() ticketId!: string;
  @IsString() number!: string;
  @IsUUID() customerId!: string;
  @IsUUID() circuitId!: string;
  @IsIn(SERVICE_TYPES) serviceType!: ServiceType;
  @IsIn(CHANNELS) channel!: Channel;
  @IsISO8601() faultAt!: string;
  @IsISO8601() openedAt!: string;
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
}

export class TicketEscalatedData {
  @IsUUID() ticketId!: string;
  @IsString() number!: string;
  @IsUUID() customerId!: string;
  @IsString() level!: string;
  @IsString() trigger!: string;
  @IsString() reason!: string;
  @IsString({ each: true }) notify!: string[];
  @IsISO8601() at!: string;
}

export const FaultEvents = {
  ticketOpened: event<TicketOpenedData>('evt.fault.ticket.opened.v1', TicketOpenedData),
  ticketChanged: event<TicketChangedData>('evt.fault.ticket.changed.v1', TicketChangedData),
  ticketEscalated: event<TicketEscalatedData>('evt.fault.ticket.escalated.v1', TicketEscalatedData),
};

export class ResolutionLimitDto {
  @ApiPropertyOptional({ enum: SERVICE_TYPES, description: 'Omit to match any service type' })
  @IsOptional()
  @IsIn(SERVICE_TYPES)
  serviceType?: ServiceType;

  @ApiPropertyOptional({ enum: TIERS, description: 'Omit to match any tier' })
  @IsOptional()
  @IsIn(TIERS)
  tier?: Tier;

  @ApiPropertyOptional({ enum: ['AAA', 'AA', 'A', 'B'], description: 'Omit to match any circuit grade' })
  @IsOptional()
  @IsIn(['AAA', 'AA', 'A', 'B'])
  grade?: string;

  @ApiProperty({ example: 240 })
  @IsInt()
  @Min(1)
  @Max(10_080)
  limitMinutes!: number;
}

export class PutResolutionLimitsBody {
  @ApiProperty({ type: [ResolutionLimitDto], description: 'The whole table; the most specific matching row applies; one row must match everything' })
  @ValidateNested({ each: true })
  @Type(() => ResolutionLimitDto)
  @ArrayMinSize(1)
  rows!: ResolutionLimitDto[];
}

export class ResolutionLimitsView {
  @ApiProperty({ type: [ResolutionLimitDto] }) rows!: ResolutionLimitDto[];
}

export const ResolutionLimitRpc = {
  get: rpc<EmptyRequest, ResolutionLimitsView>('rpc.fault.resolution-limits.get', EmptyRequest),
  put: rpc<PutResolutionLimitsBody, ResolutionLimitsView>('rpc.fault.resolution-limits.put', PutResolutionLimitsBody),
};
