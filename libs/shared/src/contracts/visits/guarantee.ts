import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { event, rpc } from '../contract';
import { CursorPageQuery, Page } from '../paging';
import { StatedTime } from '../stated-time';

/**
 * Important-period guarantees (重要时期通信保障, DOMAIN.md §3, seed 000 cases 36–40): a period, a customer, its
 * guaranteed circuits and fixed guarantee staff, pre-checks and joint tests before the event. The period's start and
 * end are durable events (activated, ended) at those instants; fault escalates at once a fault on a guaranteed
 * circuit while the guarantee is active.
 */
export const GUARANTEE_STATUSES = ['planned', 'active', 'ended', 'cancelled'] as const;
export type GuaranteeStatus = (typeof GUARANTEE_STATUSES)[number];
export const GUARANTEE_CHECK_KINDS = ['pre-check', 'joint-test'] as const;
export type GuaranteeCheckKind = (typeof GUARANTEE_CHECK_KINDS)[number];
export const CHECK_OUTCOMES = ['pass', 'fail'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

const ISO = { strict: true, strictSeparator: true } as const;

export class GuaranteeStaffDto {
  @ApiProperty({ example: '李工' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ example: '现场保障' }) @IsString() @Length(1, 100) role!: string;
  @ApiProperty({ example: '13800000000' }) @IsString() @Length(1, 100) phone!: string;
}

export class CreateGuaranteeBody {
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId!: string;
  @ApiProperty({ example: '两会期间通信保障' }) @IsString() @Length(1, 200) title!: string;
  @ApiPropertyOptional({ example: '省政府视频会议' }) @IsOptional() @IsString() @Length(1, 4000) description?: string;
  @ApiProperty({ format: 'date-time', description: 'When the guarantee starts: faults on its circuits escalate at once from then' })
  @IsISO8601(ISO)
  startsAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When it ends (after startsAt)' }) @IsISO8601(ISO) endsAt!: string;
  @ApiProperty({ type: [String], description: "Codes of the customer's circuits under guarantee" })
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  circuitCodes!: string[];
  @ApiProperty({ type: [GuaranteeStaffDto], description: 'The fixed guarantee staff (case 40: the same people throughout)' })
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => GuaranteeStaffDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  staff!: GuaranteeStaffDto[];
}

export class GuaranteeCheckBody {
  @ApiProperty({ enum: GUARANTEE_CHECK_KINDS, description: 'A pre-check of the circuits, or a joint test with the customer (cases 37–38)' })
  @IsIn(GUARANTEE_CHECK_KINDS)
  kind!: GuaranteeCheckKind;
  @ApiProperty({ example: '会前端到端联调' }) @IsString() @Length(1, 200) title!: string;
  @ApiProperty({ enum: CHECK_OUTCOMES }) @IsIn(CHECK_OUTCOMES) outcome!: CheckOutcome;
  @ApiPropertyOptional({ example: '主备路由倒换正常，视频终端音视频正常' }) @IsOptional() @IsString() @Length(1, 4000) findings?: string;
  @StatedTime('When the check was done (default now): not in the future, at most maxBackdateMinutes back')
  performedAt?: string;
}

export class GuaranteeStaffBody {
  @ApiProperty({ type: [GuaranteeStaffDto] })
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => GuaranteeStaffDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  staff!: GuaranteeStaffDto[];
  @ApiProperty({ description: 'Why the fixed staff change (kept; a change during the period is flagged)' }) @IsString() @Length(1, 1000) reason!: string;
}

export class GuaranteeReasonBody {
  @ApiProperty() @IsString() @Length(1, 1000) reason!: string;
}

export class GuaranteeIdRequest {
  @IsUUID() id!: string;
}
export class CreateGuaranteeRequest extends CreateGuaranteeBody {}
export class GuaranteeCheckRequest extends GuaranteeCheckBody {
  @IsUUID() id!: string;
}
export class GuaranteeStaffRequest extends GuaranteeStaffBody {
  @IsUUID() id!: string;
}
export class GuaranteeReasonRequest extends GuaranteeReasonBody {
  @IsUUID() id!: string;
}

export class ListGuaranteesQuery extends CursorPageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ enum: GUARANTEE_STATUSES }) @IsOptional() @IsIn(GUARANTEE_STATUSES) status?: GuaranteeStatus;
  @ApiPropertyOptional({ description: 'Guarantees covering this circuit' }) @IsOptional() @IsString() @MaxLength(60) circuitCode?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Periods ending after this instant' }) @IsOptional() @IsISO8601(ISO) from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Periods starting before this instant' }) @IsOptional() @IsISO8601(ISO) to?: string;
}

export class GuaranteeCheckView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: GUARANTEE_CHECK_KINDS }) kind!: GuaranteeCheckKind;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: CHECK_OUTCOMES }) outcome!: CheckOutcome;
  @ApiPropertyOptional() findings?: string;
  @ApiProperty({ format: 'date-time' }) performedAt!: string;
  @ApiPropertyOptional({ description: 'Who recorded it (staff only)' }) by?: string;
}

export class GuaranteeStaffChangeView {
  @ApiProperty({ type: [GuaranteeStaffDto] }) from!: GuaranteeStaffDto[];
  @ApiProperty({ type: [GuaranteeStaffDto] }) to!: GuaranteeStaffDto[];
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({ description: 'Who recorded it (staff only)' }) by?: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'Changed while the guarantee was active (case 40: the staff should stay fixed)' }) duringPeriod!: boolean;
}

export class GuaranteeReadinessView {
  @ApiProperty({ description: 'A pre-check passed' }) preCheckPassed!: boolean;
  @ApiProperty({ description: 'A joint test passed' }) jointTestPassed!: boolean;
  @ApiProperty({ description: 'Checks whose latest result failed, by title' }) failing!: string[];
}

export class GuaranteeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() customerName!: string;
  @ApiProperty() title!: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ type: [String] }) circuitCodes!: string[];
  @ApiProperty({ type: [GuaranteeStaffDto] }) staff!: GuaranteeStaffDto[];
  @ApiProperty({ enum: GUARANTEE_STATUSES }) status!: GuaranteeStatus;
  @ApiPropertyOptional({ format: 'date-time' }) activatedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) endedAt?: string;
  @ApiPropertyOptional({ description: 'Why it was cancelled' }) cancelReason?: string;
  @ApiProperty({ type: [GuaranteeCheckView] }) checks!: GuaranteeCheckView[];
  @ApiProperty({ type: GuaranteeReadinessView }) readiness!: GuaranteeReadinessView;
  @ApiPropertyOptional({ description: 'It became active without a passed pre-check and joint test (staff only)' }) activatedUnready?: boolean;
  @ApiProperty({ type: [GuaranteeStaffChangeView] }) staffChanges!: GuaranteeStaffChangeView[];
  @ApiPropertyOptional({ description: 'Staff only' }) createdBy?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export const GuaranteeRpc = {
  create: rpc<CreateGuaranteeRequest, GuaranteeView>('rpc.visits.guarantees.create', CreateGuaranteeRequest),
  get: rpc<GuaranteeIdRequest, GuaranteeView>('rpc.visits.guarantees.get', GuaranteeIdRequest),
  list: rpc<ListGuaranteesQuery, Page<GuaranteeView>>('rpc.visits.guarantees.list', ListGuaranteesQuery),
  check: rpc<GuaranteeCheckRequest, GuaranteeView>('rpc.visits.guarantees.check', GuaranteeCheckRequest),
  staff: rpc<GuaranteeStaffRequest, GuaranteeView>('rpc.visits.guarantees.staff', GuaranteeStaffRequest),
  cancel: rpc<GuaranteeReasonRequest, GuaranteeView>('rpc.visits.guarantees.cancel', GuaranteeReasonRequest),
};

/** Contracts the fault service consumes: a fault on a guaranteed circuit during its period is a major fault, escalated at once. */
export class GuaranteeActivatedData {
  @IsUUID() guaranteeId!: string;
  @IsUUID() customerId!: string;
  @IsString() title!: string;
  @IsString({ each: true }) @MaxLength(60, { each: true }) @ArrayMinSize(1) @ArrayMaxSize(500) circuitCodes!: string[];
  @IsISO8601() startsAt!: string;
  @IsISO8601() endsAt!: string;
}

export class GuaranteeEndedData {
  @IsUUID() guaranteeId!: string;
}

/** Every change of a guarantee, for reporting and the customer's service history. */
export class GuaranteeChangedData {
  @IsUUID() guaranteeId!: string;
  @IsString() number!: string;
  @IsUUID() customerId!: string;
  @IsIn(GUARANTEE_STATUSES) status!: GuaranteeStatus;
  @IsString() action!: string;
  @IsISO8601() at!: string;
  @IsString() by!: string;
}

/** A planned cutover window; faults on its circuits during the window are linked to it. */
export class CutoverScheduledData {
  @IsUUID() cutoverId!: string;
  @IsString() title!: string;
  @IsString({ each: true }) @MaxLength(60, { each: true }) @ArrayMinSize(1) @ArrayMaxSize(500) circuitCodes!: string[];
  @IsISO8601() windowStart!: string;
  @IsISO8601() windowEnd!: string;
}

export const VisitsEvents = {
  guaranteeActivated: event<GuaranteeActivatedData>('evt.visits.guarantee.activated.v1', GuaranteeActivatedData),
  guaranteeEnded: event<GuaranteeEndedData>('evt.visits.guarantee.ended.v1', GuaranteeEndedData),
  guaranteeChanged: event<GuaranteeChangedData>('evt.visits.guarantee.changed.v1', GuaranteeChangedData),
  cutoverScheduled: event<CutoverScheduledData>('evt.visits.cutover.scheduled.v1', CutoverScheduledData),
};
