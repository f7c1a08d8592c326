import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { event, rpc } from '../contract';
import { ActorRequest } from '../fault/ticket';
import { Page, PageQuery } from '../paging';
import { BUSINESS_IMPORTANCE, BusinessImportance, CIRCUIT_GRADES, CircuitEndDto, CircuitGrade, PROTECTIONS, Protection, SERVICE_TYPES, ServiceType } from './circuit';

export const ORDER_TYPES = ['new', 'change', 'move', 'cease'] as const;
/** The seven steps (售中七步法), plus the end states. */
export const ORDER_STEPS = ['review', 'survey', 'plan', 'construction', 'testing', 'completion', 'handover', 'done', 'returned'] as const;
export type OrderStep = (typeof ORDER_STEPS)[number];
export const WARNING_REASONS = ['customer', 'resource', 'construction', 'property', 'third_party', 'other'] as const;
export type WarningReason = (typeof WARNING_REASONS)[number];
export const SIGNATURES = ['customer_signed', 'customer_not_signed', 'neither_signed'] as const;
export const TEST_TYPES = ['end_to_end', 'seamless'] as const;
export type TestType = (typeof TEST_TYPES)[number];

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class CreateOrderBody extends ActorRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId!: string;
  @ApiProperty({ enum: ORDER_TYPES }) @IsIn(ORDER_TYPES) type!: (typeof ORDER_TYPES)[number];
  @ApiProperty({ description: 'Code the delivered circuit will carry', example: 'GZ-BJ-MSTP-0002' }) @IsString() @Length(2, 60) circuitCode!: string;
  @ApiProperty({ enum: SERVICE_TYPES }) @IsIn(SERVICE_TYPES) serviceType!: ServiceType;
  @ApiProperty({ example: 100 }) @IsInt() @Min(0) @Max(1_000_000) bandwidthMbps!: number;
  @ApiProperty({ type: CircuitEndDto }) @ValidateNested() @Type(() => CircuitEndDto) aEnd!: CircuitEndDto;
  @ApiProperty({ type: CircuitEndDto }) @ValidateNested() @Type(() => CircuitEndDto) zEnd!: CircuitEndDto;
  @ApiProperty({ enum: CIRCUIT_GRADES }) @IsIn(CIRCUIT_GRADES) grade!: CircuitGrade;
  @ApiProperty({ example: '分行视频会议' }) @IsString() @Length(1, 200) business!: string;
  @ApiProperty({ enum: BUSINESS_IMPORTANCE }) @IsIn(BUSINESS_IMPORTANCE) importance!: BusinessImportance;
  @ApiProperty({ enum: PROTECTIONS }) @IsIn(PROTECTIONS) protection!: Protection;
  @ApiProperty({ example: '2026-12-31', description: 'Required completion date (要求完成时间), Beijing date' })
  @Matches(DATE, { message: 'requiredBy must be YYYY-MM-DD' })
  requiredBy!: string;
  @ApiProperty({ description: 'Urgent (加急)' }) @IsBoolean() urgent!: boolean;
  @ApiProperty({ description: 'Progress reports are required; without them the order enters the warning pool automatically' }) @IsBoolean() progressReportsRequired!: boolean;
  @ApiProperty({ description: 'Cross-domain order (跨域)' }) @IsBoolean() crossDomain!: boolean;
  @ApiProperty({ description: 'To another carrier' }) @IsBoolean() toAnotherCarrier!: boolean;
  @ApiProperty({ description: 'An A-end circuit (A端电路)' }) @IsBoolean() aEndCircuit!: boolean;
  @ApiPropertyOptional({ description: 'The order asks for an end-to-end test' }) @IsOptional() @IsBoolean() endToEndRequested?: boolean;
  @ApiPropertyOptional({ format: 'uuid', description: 'The resource check backing the order; it must be under a month old' })
  @IsOptional()
  @IsUUID()
  resourceCheckId?: string;
  @ApiPropertyOptional({ description: 'Urgent orders report progress as often as the customer asks: hours between reports' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(168)
  reportEveryHours?: number;
  @ApiProperty() @IsString() @Length(1, 100) customerManager!: string;
  @ApiProperty() @IsString() @Length(1, 100) businessManager!: string;
  @ApiProperty() @IsString() @Length(1, 100) networkSupportManager!: string;
}

export class ReviewOrderBody extends ActorRequest {
  @ApiProperty({ enum: ['approve', 'return'] }) @IsIn(['approve', 'return']) decision!: 'approve' | 'return';
  @ApiPropertyOptional({ description: 'Required to return (退单)' })
  @ValidateIf((o: ReviewOrderBody) => o.decision === 'return')
  @IsString()
  @Length(1, 1000)
  reason?: string;
  @ApiPropertyOptional({ description: 'Project manager who owns the order from the survey on' })
  @ValidateIf((o: ReviewOrderBody) => o.decision === 'approve')
  @IsString()
  @Length(1, 100)
  projectManager?: string;
}

export class SurveyBody extends ActorRequest {
  @ApiProperty() @IsString() @Length(1, 4000) findings!: string;
  @ApiPropertyOptional({ description: 'Property problems, passed to the customer manager' }) @IsOptional() @IsString() @Length(1, 2000) propertyIssues?: string;
}

export class PlanSegmentDto {
  @ApiProperty({ example: 'A端接入' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ example: '2026-12-01' }) @Matches(DATE) from!: string;
  @ApiProperty({ example: '2026-12-10' }) @Matches(DATE) to!: string;
}

export class PlanBody extends ActorRequest {
  @ApiProperty() @IsString() @Length(1, 4000) summary!: string;
  @ApiProperty({ type: [PlanSegmentDto] }) @ValidateNested({ each: true }) @Type(() => PlanSegmentDto) @ArrayMinSize(1) segments!: PlanSegmentDto[];
}

export class ProgressReportBody extends ActorRequest {
  @ApiProperty({ description: "This week's work" }) @IsString() @Length(1, 4000) thisWeek!: string;
  @ApiProperty({ description: "Next week's plan" }) @IsString() @Length(1, 4000) nextWeek!: string;
  @ApiPropertyOptional({ description: 'Items to warn' }) @IsOptional() @IsString() @Length(1, 2000) warnItems?: string;
}

export class OrderWarningBody extends ActorRequest {
  @ApiProperty({ enum: WARNING_REASONS, description: '"other" is discouraged' }) @IsIn(WARNING_REASONS) reason!: WarningReason;
  @ApiProperty() @IsString() @Length(1, 2000) description!: string;
}

export class ExtensionBody extends ActorRequest {
  @ApiProperty({ enum: WARNING_REASONS, description: 'Only a customer reason allows an extension' }) @IsIn(WARNING_REASONS) reason!: WarningReason;
  @ApiProperty({ example: '2027-01-15' }) @Matches(DATE, { message: 'requiredBy must be YYYY-MM-DD' }) requiredBy!: string;
  @ApiProperty() @IsString() @Length(1, 2000) description!: string;
}

export class SegmentCompleteBody extends ActorRequest {
  @ApiProperty({ example: '广州', description: 'The location whose segment is complete' }) @IsString() @Length(1, 100) location!: string;
}

export class WholeRouteBody extends ActorRequest {
  @ApiProperty({ enum: TEST_TYPES }) @IsIn(TEST_TYPES) testType!: TestType;
  @ApiProperty({ description: 'The whole-route test report' }) @IsString() @Length(1, 8000) testReport!: string;
}

export class HandoverBody extends ActorRequest {
  @ApiProperty({ enum: SIGNATURES }) @IsIn(SIGNATURES) signature!: (typeof SIGNATURES)[number];
}

export class OrderIdRequest {
  @IsUUID() id!: string;
}
export class CreateOrderRequest extends CreateOrderBody {}
export class ReviewOrderRequest extends ReviewOrderBody {
  @IsUUID() id!: string;
  @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
}
export class SurveyRequest extends SurveyBody {
  @IsUUID() id!: string;
  @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
}
export class PlanRequest extends PlanBody {
  @IsUUID() id!: string;
  @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
}
export class ProgressReportRequest extends ProgressReportBody {
  @IsUUID() id!: string;
  @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
}
export class OrderWarningRequest extends OrderWarningBody {
  @IsUUID() id!: string;
  @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
}
export class ExtensionRequest extends ExtensionBody {
  @IsUUID() id!: string;
  @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
}
export class SegmentCompleteRequest extends SegmentCompleteBody {
  @IsUUID() id!: string;
  @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
}
export class WholeRouteRequest extends WholeRouteBody {
  @IsUUID() id!: string;
  @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
}
export class OrderActorRequest extends ActorRequest {
  @IsUUID() id!: string;
  @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
}
export class HandoverRequest extends HandoverBody {
  @IsUUID() id!: string;
  @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
}

export class ListOrdersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORDER_STEPS }) @IsOptional() @IsIn(ORDER_STEPS) step?: OrderStep;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ description: 'Customer, business, network support or project manager' }) @IsOptional() @IsString() @Length(1, 100) manager?: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'Required by on or before' }) @IsOptional() @Matches(DATE) dueBefore?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(({ value }) => value === true || value === 'true') @IsBoolean() inWarningPool?: boolean;
  @ApiPropertyOptional() @IsOptional() @Transform(({ value }) => value === true || value === 'true') @IsBoolean() violated?: boolean;
}

export class OrderView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ description: 'Bumped by every change; the ETag, for If-Match' }) version!: number;
  @ApiProperty({ enum: ORDER_STEPS }) step!: OrderStep;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ enum: ORDER_TYPES }) type!: string;
  @ApiProperty() circuitCode!: string;
  @ApiProperty({ enum: SERVICE_TYPES }) serviceType!: ServiceType;
  @ApiProperty() requiredBy!: string;
  @ApiProperty({ format: 'date-time', description: 'End of the working day of the required date' }) dueAt!: string;
  @ApiProperty() urgent!: boolean;
  @ApiProperty() progressReportsRequired!: boolean;
  @ApiProperty() crossDomain!: boolean;
  @ApiPropertyOptional() projectManager?: string;
  @ApiProperty() customerManager!: string;
  @ApiProperty() businessManager!: string;
  @ApiProperty() networkSupportManager!: string;
  @ApiProperty({ enum: TEST_TYPES, description: 'The test this order needs' }) requiredTest!: TestType;
  @ApiProperty({ description: 'Leading bureau (业务领导局) and the rule that chose it' }) leadingBureau!: { lead: string; bureau: string; rule: string } | null;
  @ApiProperty() inWarningPool!: boolean;
  @ApiProperty({ type: [Object] }) warnings!: Array<{ reason: string; description: string; at: string; by: string; timely: boolean; automatic: boolean }>;
  @ApiProperty({ type: [Object] }) violations!: Array<{ kind: string; at: string; detail: string }>;
  @ApiProperty({ type: [String] }) completedSegments!: string[];
  @ApiPropertyOptional({ format: 'date-time' }) wholeRouteCompletedAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Service start: the whole-route completion time' }) serviceStartAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) completionRecordedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) handedOverAt?: string;
  @ApiPropertyOptional({ enum: SIGNATURES }) signature?: string;
  @ApiPropertyOptional({ format: 'uuid' }) circuitId?: string;
  @ApiPropertyOptional() returnReason?: string;
  @ApiProperty({ type: [Object], description: 'Clocks of the steps: kind, due, breached' }) deadlines!: Array<{ kind: string; dueAt: string | null; status: string; breachedAt: string | null }>;
}

export const OrderRpc = {
  create: rpc<CreateOrderRequest, OrderView>('rpc.provisioning.orders.create', CreateOrderRequest),
  get: rpc<OrderIdRequest, OrderView>('rpc.provisioning.orders.get', OrderIdRequest),
  list: rpc<ListOrdersQuery, Page<OrderView>>('rpc.provisioning.orders.list', ListOrdersQuery),
  timeline: rpc<OrderIdRequest, Array<{ at: string; type: string; by: string; detail: object }>>('rpc.provisioning.orders.timeline', OrderIdRequest),
  review: rpc<ReviewOrderRequest, OrderView>('rpc.provisioning.orders.review', ReviewOrderRequest),
  survey: rpc<SurveyRequest, OrderView>('rpc.provisioning.orders.survey', SurveyRequest),
  plan: rpc<PlanRequest, OrderView>('rpc.provisioning.orders.plan', PlanRequest),
  progress: rpc<ProgressReportRequest, OrderView>('rpc.provisioning.orders.progress', ProgressReportRequest),
  constructionDone: rpc<OrderActorRequest, OrderView>('rpc.provisioning.orders.construction-done', OrderActorRequest),
  warn: rpc<OrderWarningRequest, OrderView>('rpc.provisioning.orders.warn', OrderWarningRequest),
  extend: rpc<ExtensionRequest, OrderView>('rpc.provisioning.orders.extend', ExtensionRequest),
  segmentComplete: rpc<SegmentCompleteRequest, OrderView>('rpc.provisioning.orders.segment-complete', SegmentCompleteRequest),
  wholeRoute: rpc<WholeRouteRequest, OrderView>('rpc.provisioning.orders.whole-route', WholeRouteRequest),
  recordCompletion: rpc<OrderActorRequest, OrderView>('rpc.provisioning.orders.record-completion', OrderActorRequest),
  handover: rpc<HandoverRequest, OrderView>('rpc.provisioning.orders.handover', HandoverRequest),
};

export class OrderChangedData {
  @IsUUID() orderId!: string;
  @IsString() number!: string;
  @IsUUID() customerId!: string;
  @IsIn(ORDER_STEPS) step!: OrderStep;
  @IsString() action!: string;
  @IsString() at!: string;
  /** Who must be told: e.g. the three managers for a warning, the customer manager for a property problem. */
  @IsString({ each: true }) notify!: string[];
}

export const OrderEvents = {
  changed: event<OrderChangedData>('evt.provisioning.order.changed.v1', OrderChangedData),
};
