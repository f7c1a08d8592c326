import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsISO8601,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { OccurredBody, StatedTime } from '../stated-time';
import { IsTestReportFileContent, TEST_REPORT_FILE_MAX_BYTES, TEST_REPORT_FILE_TYPES, TestReportFileType } from './test-report-file';
import { QueryBoolean, withIdAndVersion } from '../mixins';
import { CursorPageQuery, PageQuery } from '../paging';
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
  LegResult,
  SEGMENTS,
  Segment,
  TICKET_STATUSES,
  TicketStatus,
} from './ticket';

/**
 * The requests of fault handling. None names who acts: the service takes the actor from the authenticated caller.
 * A name field stays only for an outside person (the reporter, the customer contact who confirmed).
 */
function Text(max: number): PropertyDecorator {
  return (target, key) => [IsString(), Length(1, max)].forEach((d) => d(target, key));
}

/** A time stated by the person recording (when it happened in the world); defaults to the recording time. */
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

  @ApiProperty({ format: 'date-time', description: 'When the fault began, as reported; not in the future' })
  @IsISO8601({ strict: true, strictSeparator: true })
  faultAt!: string;

  @StatedTime(
    'When the customer called or the alarm came (every clock of the ticket runs from it); defaults to now; not in the future, not before faultAt, not further back than maxBackdateMinutes',
  )
  reportedAt?: string;

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

  @ApiPropertyOptional({ description: 'Channel hotline only: how long the call waited before it was answered (beyond hotlineAnswerSeconds, 40 s, it is flagged)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400)
  hotlineWaitSeconds?: number;

  @ApiPropertyOptional({ description: 'Required for channel machine_room: the machine room the customer called first (首问负责制)' })
  @ValidateIf((o: OpenTicketRequest) => o.channel === 'machine_room' || o.firstAskedUnit !== undefined)
  @Text(100)
  firstAskedUnit?: string;

  @ApiPropertyOptional({ description: "Operator-caused total or partial outage of a key customer's HQ business (major fault class 2)" })
  @IsOptional()
  @IsBoolean()
  hqOutage?: boolean;
}

export class DispatchLegDto {
  @ApiProperty({ example: '广州本地网传输中心' })
  @Text(100)
  unit!: string;

  @ApiProperty({ enum: SEGMENTS })
  @IsIn(SEGMENTS)
  segment!: Segment;
}

export class DispatchBody {
  @ApiProperty({ type: [DispatchLegDto] })
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DispatchLegDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  legs!: DispatchLegDto[];
}

export class ProvinceEscalationBody {
  @ApiProperty({ description: 'The local network that checked its own segment', example: '广州本地网' })
  @Text(100)
  unit!: string;

  @ApiProperty({ description: 'What the pre-check of its own segment found', example: '本地段告警、配置均正常，故障在省际段' })
  @Text(2000)
  findings!: string;

  @ApiProperty({ format: 'date-time', description: 'When the local network finished checking its own segment; not after the escalation' })
  @IsISO8601({ strict: true, strictSeparator: true })
  precheckedAt!: string;

  @StatedTime('When the cross-province fault was escalated to the province; defaults to now')
  occurredAt?: string;
}

export class ProgressBody {
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

/** A test report as a file (TMF621-style attachment: name, MIME type and base64 content). Staff only: never shown to customers. */
export class TestReportFileDto {
  @ApiProperty({ example: '环回测试报告.pdf' })
  @Text(200)
  name!: string;

  @ApiProperty({ enum: TEST_REPORT_FILE_TYPES })
  @IsIn(TEST_REPORT_FILE_TYPES)
  mimeType!: TestReportFileType;

  @ApiProperty({ description: `The file, base64-encoded; at most ${TEST_REPORT_FILE_MAX_BYTES} bytes decoded, and of the stated type (its first bytes are checked)` })
  @IsString()
  @MaxLength(Math.ceil(TEST_REPORT_FILE_MAX_BYTES / 3) * 4)
  @IsTestReportFileContent()
  content!: string;
}

export class LegResultBody {
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

  @ApiPropertyOptional({ type: TestReportFileDto, description: 'The test report as a file; satisfies the no_fault rule as the text does' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TestReportFileDto)
  testReportFile?: TestReportFileDto;
}

export class AnswerBody {
  @ApiProperty({ description: "The dispatcher's answer, passed to every unit", example: '已通知Z端配合打环' })
  @Text(2000)
  content!: string;
}

export const FEEDBACK_CHANNELS = ['phone', 'sms', 'portal', 'email', 'in_person'] as const;

export class FeedbackBody {
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

  @ApiPropertyOptional({ description: 'Also send the content to the customer contact by SMS (the notifier sends it once and records the delivery on the ticket); needs `phone`' })
  @IsOptional()
  @IsBoolean()
  sendSms?: boolean;

  @ApiPropertyOptional({ example: '13800000000', description: "The contact's mobile number, for `sendSms`" })
  @ValidateIf((o: FeedbackBody) => o.sendSms === true || o.phone !== undefined)
  @Matches(/^\+?[0-9]{5,20}$/, { message: 'phone must be a telephone number of 5 to 20 digits, optionally starting with +' })
  phone?: string;
}

export class SuspensionRequestBody {
  @ApiProperty({ format: 'uuid', description: 'The leg whose unit asks; every operator leg must have proven its segment clear' })
  @IsUUID()
  legId!: string;

  @ApiProperty({ example: '客户端无法配合测试，客户机房周末不开放' })
  @Text(1000)
  reason!: string;
}

export class SuspendBody {
  @ApiProperty({ description: 'The customer contact who agreed to the suspension', example: '张工' })
  @Text(200)
  customerConfirmedBy!: string;
}

export class ReasonBody {
  @ApiProperty({ example: '客户已可配合测试' })
  @Text(1000)
  reason!: string;
}

export class CloseBody {
  @ApiProperty({ enum: CAUSE_CATEGORIES, description: 'The true cause' })
  @IsIn(CAUSE_CATEGORIES)
  causeCategory!: CauseCategory;

  @ApiProperty({ enum: SEGMENTS })
  @IsIn(SEGMENTS)
  causeSegment!: Segment;

  @ApiProperty({ example: 'A端光模块老化导致收光异常' })
  @Text(2000)
  causeDescription!: string;

  @ApiPropertyOptional({ description: 'The cause told to the customer, when it differs from the true cause (it is then marked on the closure, and is all the customer sees)' })
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

export class EscalateBody {
  @ApiProperty({ enum: ESCALATION_LEVELS, description: 'The next level of the chain supervisor → department → company' })
  @IsIn(ESCALATION_LEVELS)
  level!: EscalationLevel;

  @ApiProperty({ example: '故障影响客户重要视频会议' })
  @Text(1000)
  reason!: string;

  @ApiPropertyOptional({ description: 'Required to skip a level of the chain: why the levels between are passed over' })
  @IsOptional()
  @Text(1000)
  skipReason?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'The expected restoration time the customer manager is given; defaults to the resolution deadline' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  expectedRestorationAt?: string;

  @ApiPropertyOptional({ description: 'One of the major fault classes of §1: reported at once to the province and the group' })
  @IsOptional()
  @IsBoolean()
  majorFault?: boolean;

  @ApiPropertyOptional({ description: 'Crisis grade A (important business blocked): leaders notified, warning SMS, apology visit afterwards' })
  @IsOptional()
  @IsBoolean()
  crisisA?: boolean;
}

export class TicketIdRequest {
  @IsUUID() id!: string;
}

type Ctor<T> = new () => T;

/** A leg action's RPC payload: the ticket's id and version, and the leg from the path. */
function withLegId<T extends object>(Base: Ctor<T>): Ctor<T & { id: string; legId: string; expectedVersion?: number }> {
  class WithLegId extends (withIdAndVersion(Base) as Ctor<object>) {
    @IsUUID() legId!: string;
  }
  return WithLegId as Ctor<T & { id: string; legId: string; expectedVersion?: number }>;
}

class NoBody {}

export class DispatchRequest extends withIdAndVersion(DispatchBody) {}
export class ProvinceEscalationRequest extends withIdAndVersion(ProvinceEscalationBody) {}
export class AcceptRequest extends withLegId(NoBody) {}
export class ProgressRequest extends withLegId(ProgressBody) {}
export class LegResultRequest extends withLegId(LegResultBody) {}
export class LegIdRequest extends withLegId(NoBody) {}
export class AnswerRequest extends withIdAndVersion(AnswerBody) {}
export class FeedbackRequest extends withIdAndVersion(FeedbackBody) {}
export class SuspensionRequestRequest extends withIdAndVersion(SuspensionRequestBody) {}
export class SuspendRequest extends withIdAndVersion(SuspendBody) {}
export class ReasonRequest extends withIdAndVersion(ReasonBody) {}
export class OccurredRequest extends withIdAndVersion(OccurredBody) {}
export class CloseRequest extends withIdAndVersion(CloseBody) {}
export class EscalateRequest extends withIdAndVersion(EscalateBody) {}
export class TicketActionRequest extends withIdAndVersion(NoBody) {}

export class ListTicketsQuery extends CursorPageQuery {
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

  @ApiPropertyOptional({ enum: TIERS, description: "The customer's service tier as the ticket recorded it at intake" })
  @IsOptional()
  @IsIn(TIERS)
  tier?: Tier;

  @ApiPropertyOptional({
    example: '广州本地网传输中心',
    description: 'Only tickets with a dispatch leg to this handling unit (the unit as dispatched, exactly): a handling unit\'s own legs',
  })
  @IsOptional()
  @Text(100)
  unit?: string;

  @QueryBoolean('Only tickets with (true) or without (false) a breached time limit')
  overdue?: boolean;

  @QueryBoolean('Only escalated (true) or unescalated (false) tickets')
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
