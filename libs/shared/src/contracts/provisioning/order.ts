import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { event, rpc } from '../contract';
import { SubjectNotificationView } from '../notifier/notification';
import { CursorPageQuery, Page } from '../paging';
import { BUSINESS_IMPORTANCE, BusinessImportance, CIRCUIT_GRADES, CircuitEndDto, CircuitGrade, PROTECTIONS, Protection, SERVICE_TYPES, ServiceType } from './circuit';
import { QueryBoolean, withIdAndVersion } from '../mixins';
import { IsCalendarDate, OccurredBody } from '../stated-time';

export const ORDER_TYPES = ['new', 'change', 'move', 'cease'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
/** The seven steps (售中七步法), plus the end states. */
export const ORDER_STEPS = ['review', 'survey', 'plan', 'construction', 'testing', 'completion', 'handover', 'done', 'returned'] as const;
export type OrderStep = (typeof ORDER_STEPS)[number];
export const WARNING_REASONS = ['customer', 'resource', 'construction', 'property', 'third_party', 'other'] as const;
export type WarningReason = (typeof WARNING_REASONS)[number];
export const SIGNATURES = ['customer_signed', 'customer_not_signed', 'neither_signed'] as const;
export const TEST_TYPES = ['end_to_end', 'seamless'] as const;
export type TestType = (typeof TEST_TYPES)[number];

/** An end of an order: a domestic place, possibly its city's gateway office, or an overseas company's end. */
export class OrderEndDto extends CircuitEndDto {
  @ApiPropertyOptional({ description: "The end is its city's international gateway office (出入口局): 上海, 广州 or 北京" })
  @IsOptional()
  @IsBoolean()
  gatewayOffice?: boolean;

  @ApiPropertyOptional({ example: '香港', description: 'An end served by an overseas company (海外公司): 香港, 美洲 or 欧洲' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  overseasCompany?: string;

  @ApiPropertyOptional({ example: '上海', description: "With overseasCompany: the gateway office the circuit enters China through (上海, 广州, 北京)" })
  @ValidateIf((o: OrderEndDto) => o.overseasCompany !== undefined || o.viaGateway !== undefined)
  @IsString()
  @Length(1, 20)
  viaGateway?: string;
}

export class CreateOrderBody {
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId!: string;
  @ApiProperty({ enum: ORDER_TYPES, description: 'new creates the circuit; change and move update the customer\'s circuit circuitCode; cease ceases it' })
  @IsIn(ORDER_TYPES)
  type!: OrderType;
  @ApiProperty({ description: 'Code of the circuit delivered (new) or changed, moved, ceased', example: 'GZ-BJ-MSTP-0002' }) @IsString() @Length(2, 60) circuitCode!: string;
  @ApiProperty({ enum: SERVICE_TYPES }) @IsIn(SERVICE_TYPES) serviceType!: ServiceType;
  @ApiProperty({ example: 100 }) @IsInt() @Min(0) @Max(1_000_000) bandwidthMbps!: number;
  @ApiProperty({ type: OrderEndDto }) @IsObject() @ValidateNested() @Type(() => OrderEndDto) aEnd!: OrderEndDto;
  @ApiProperty({ type: OrderEndDto }) @IsObject() @ValidateNested() @Type(() => OrderEndDto) zEnd!: OrderEndDto;
  @ApiProperty({ enum: CIRCUIT_GRADES }) @IsIn(CIRCUIT_GRADES) grade!: CircuitGrade;
  @ApiProperty({ example: '分行视频会议' }) @IsString() @Length(1, 200) business!: string;
  @ApiProperty({ enum: BUSINESS_IMPORTANCE }) @IsIn(BUSINESS_IMPORTANCE) importance!: BusinessImportance;
  @ApiProperty({ enum: PROTECTIONS }) @IsIn(PROTECTIONS) protection!: Protection;
  @ApiProperty({ example: '2026-12-31', description: 'Required completion date (要求完成时间), Beijing date' }) @IsCalendarDate() requiredBy!: string;
  @ApiProperty({ description: 'Urgent (加急)' }) @IsBoolean() urgent!: boolean;
  @ApiProperty({ description: 'Progress reports are required; without them the order enters the warning pool 10 working days before its date' })
  @IsBoolean()
  progressReportsRequired!: boolean;
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

export class ReviewOrderBody extends OccurredBody {
  @ApiProperty({ enum: ['approve', 'return'] }) @IsIn(['approve', 'return']) decision!: 'approve' | 'return';
  @ApiPropertyOptional({ description: 'Required to return the order to the business manager (退单)' })
  @ValidateIf((o: ReviewOrderBody) => o.decision === 'return' || o.reason !== undefined)
  @IsString()
  @Length(1, 1000)
  reason?: string;
  @ApiPropertyOptional({ description: 'Project manager who owns the order from the survey on' })
  @ValidateIf((o: ReviewOrderBody) => o.decision === 'approve' || o.projectManager !== undefined)
  @IsString()
  @Length(1, 100)
  projectManager?: string;
}

export class SurveyBody extends OccurredBody {
  @ApiProperty() @IsString() @Length(1, 4000) findings!: string;
  @ApiPropertyOptional({ description: 'Property problems, passed to the customer manager' }) @IsOptional() @IsString() @Length(1, 2000) propertyIssues?: string;
}

/** A segment of the plan with its own period: its clock runs to the end of the working day of `to`. */
export class PlanSegmentDto {
  @ApiProperty({ example: 'A端接入' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ example: '2026-12-01' }) @IsCalendarDate() from!: string;
  @ApiProperty({ example: '2026-12-10', description: 'The segment is due by the end of this working day' }) @IsCalendarDate() to!: string;
}

export class PlanBody extends OccurredBody {
  @ApiProperty() @IsString() @Length(1, 4000) summary!: string;
  @ApiProperty({ type: [PlanSegmentDto] }) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => PlanSegmentDto) @ArrayMinSize(1) @ArrayMaxSize(50) segments!: PlanSegmentDto[];
}

export class ProgressReportBody {
  @ApiProperty({ description: "This week's work" }) @IsString() @Length(1, 4000) thisWeek!: string;
  @ApiProperty({ description: "Next week's plan" }) @IsString() @Length(1, 4000) nextWeek!: string;
  @ApiPropertyOptional({ description: 'Items to warn' }) @IsOptional() @IsString() @Length(1, 2000) warnItems?: string;
}

export class OrderWarningBody {
  @ApiProperty({ enum: WARNING_REASONS, description: '"other" is discouraged' }) @IsIn(WARNING_REASONS) reason!: WarningReason;
  @ApiProperty() @IsString() @Length(1, 2000) description!: string;
}

export class ExtensionBody {
  @ApiProperty({ enum: WARNING_REASONS, description: 'Only a customer reason allows an extension' }) @IsIn(WARNING_REASONS) reason!: WarningReason;
  @ApiProperty({ example: '2027-01-15' }) @IsCalendarDate() requiredBy!: string;
  @ApiProperty() @IsString() @Length(1, 2000) description!: string;
}

export class SegmentCompleteBody extends OccurredBody {
  @ApiProperty({ example: 'A端接入', description: 'The plan segment whose location reports it complete' }) @IsString() @Length(1, 100) segment!: string;
}

export class WholeRouteBody extends OccurredBody {
  @ApiProperty({ enum: TEST_TYPES }) @IsIn(TEST_TYPES) testType!: TestType;
  @ApiProperty({ description: 'The whole-route test report' }) @IsString() @Length(1, 8000) testReport!: string;
  @ApiProperty({ example: '北京', description: "The bureau that ran the whole-route test: the order's leading bureau, or another with overrideReason" })
  @IsString()
  @Length(1, 100)
  reportingBureau!: string;
  @ApiPropertyOptional({ description: 'Why a bureau other than the leading bureau ran the test (recorded)' }) @IsOptional() @IsString() @Length(1, 1000) overrideReason?: string;
}

export class HandoverBody extends OccurredBody {
  @ApiProperty({ enum: SIGNATURES }) @IsIn(SIGNATURES) signature!: (typeof SIGNATURES)[number];
  @ApiPropertyOptional({ description: "The customer's representative who signed the handover report" }) @IsOptional() @IsString() @Length(1, 100) signedBy?: string;
}

export class LeadingBureauBody {
  @ApiProperty({ example: '上海', description: 'The bureau that leads the whole-route test and completion' }) @IsString() @Length(1, 100) bureau!: string;
  @ApiProperty({ description: 'Why the ranking rule is set aside' }) @IsString() @Length(1, 1000) reason!: string;
}

export class OrderIdRequest {
  @IsUUID() id!: string;
}
export class CreateOrderRequest extends CreateOrderBody {}
export class ReviewOrderRequest extends withIdAndVersion(ReviewOrderBody) {}
export class SurveyRequest extends withIdAndVersion(SurveyBody) {}
export class PlanRequest extends withIdAndVersion(PlanBody) {}
export class ProgressReportRequest extends withIdAndVersion(ProgressReportBody) {}
export class OrderWarningRequest extends withIdAndVersion(OrderWarningBody) {}
export class ExtensionRequest extends withIdAndVersion(ExtensionBody) {}
export class SegmentCompleteRequest extends withIdAndVersion(SegmentCompleteBody) {}
export class WholeRouteRequest extends withIdAndVersion(WholeRouteBody) {}
export class OrderStepRequest extends withIdAndVersion(OccurredBody) {}
export class HandoverRequest extends withIdAndVersion(HandoverBody) {}
export class LeadingBureauRequest extends withIdAndVersion(LeadingBureauBody) {}

export class ListOrdersQuery extends CursorPageQuery {
  @ApiPropertyOptional({ enum: ORDER_STEPS }) @IsOptional() @IsIn(ORDER_STEPS) step?: OrderStep;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ description: 'Customer, business, network support or project manager' }) @IsOptional() @IsString() @Length(1, 100) manager?: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'Required by on or before' }) @IsOptional() @IsCalendarDate() dueBefore?: string;
  @QueryBoolean('Only orders in (or out of) the warning pool') inWarningPool?: boolean;
  @QueryBoolean('Only orders with (or without) a violation') violated?: boolean;
}

export class OrderWarningView {
  @ApiProperty({ enum: WARNING_REASONS }) reason!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() by!: string;
  @ApiProperty({ description: 'Filed at least 5 working days (urgent: 3 days) before the date: only a timely warning spares the missed-date violation' })
  timely!: boolean;
}

export class OrderSegmentView {
  @ApiProperty() name!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiPropertyOptional({ format: 'date-time' }) completedAt?: string;
  @ApiPropertyOptional() completedBy?: string;
}

export class LeadingBureauView {
  @ApiProperty({ enum: ['A', 'Z', 'group-noc', 'manual'] }) lead!: string;
  @ApiProperty() bureau!: string;
  @ApiProperty({ description: 'The ranking rule that chose it, or manual' }) rule!: string;
  @ApiPropertyOptional({ description: 'Set by hand: why' }) reason?: string;
  @ApiPropertyOptional({ description: 'Set by hand: who' }) by?: string;
  @ApiPropertyOptional({ format: 'date-time' }) at?: string;
}

export class WholeRouteView {
  @ApiProperty({ enum: TEST_TYPES }) testType!: string;
  @ApiProperty() reportingBureau!: string;
  @ApiPropertyOptional({ description: 'Why a bureau other than the leading bureau ran the test' }) overrideReason?: string;
}

export class OrderDeadlineView {
  @ApiProperty({ description: 'due, survey, plan, weekly-report, completion-record, handover-form, segment:<name>' }) kind!: string;
  @ApiProperty({ format: 'date-time', nullable: true }) dueAt!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty({ format: 'date-time', nullable: true }) breachedAt!: string | null;
  @ApiProperty({ nullable: true, description: 'Once stopped: whether the limit was met (a breach is disregarded when the stated stop was within it)' }) met!: boolean | null;
  @ApiProperty({ description: 'Computed on weekdays for a year whose holiday schedule is not loaded; recomputed when it is' }) provisional!: boolean;
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
  @ApiProperty({ type: LeadingBureauView, nullable: true, description: 'Leading bureau (业务领导局) and the rule that chose it' }) leadingBureau!: LeadingBureauView | null;
  @ApiProperty({ description: 'In the warning pool: a list operators warn from, not a warning' }) inWarningPool!: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) warningPoolEnteredAt?: string;
  @ApiProperty({ type: [OrderWarningView] }) warnings!: OrderWarningView[];
  @ApiProperty({ type: [Object] }) violations!: Array<{ kind: string; at: string; detail: string }>;
  @ApiProperty({ type: [OrderSegmentView], description: 'The plan segments, each with its own period' }) segments!: OrderSegmentView[];
  @ApiPropertyOptional({ type: WholeRouteView }) wholeRoute?: WholeRouteView;
  @ApiPropertyOptional({ format: 'date-time' }) wholeRouteCompletedAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Service start: the whole-route completion time' }) serviceStartAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) completionRecordedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) handedOverAt?: string;
  @ApiPropertyOptional({ enum: SIGNATURES }) signature?: string;
  @ApiPropertyOptional() signedBy?: string;
  @ApiPropertyOptional({ format: 'uuid' }) circuitId?: string;
  @ApiPropertyOptional() returnReason?: string;
  @ApiProperty({ type: [OrderDeadlineView], description: 'Clocks of the order, in the order they started' }) deadlines!: OrderDeadlineView[];
  @ApiPropertyOptional({
    type: [SubjectNotificationView],
    description: "On the read of one order: the messages sent about it (SMS, e-mail, inbox), sent or given up, in time order. A customer's user: only those to the customer. Absent while there are none",
  })
  notifications?: SubjectNotificationView[];
}

export class OrderRecordView {
  @ApiProperty({ format: 'date-time', description: 'When it was recorded' }) at!: string;
  @ApiProperty({ format: 'date-time', description: 'When it happened, as stated by the recorder' }) occurredAt!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ description: 'The user who recorded it (system for the platform itself)' }) by!: string;
  @ApiProperty({ type: Object }) detail!: object;
}

export const OrderRpc = {
  create: rpc<CreateOrderRequest, OrderView>('rpc.provisioning.orders.create', CreateOrderRequest),
  get: rpc<OrderIdRequest, OrderView>('rpc.provisioning.orders.get', OrderIdRequest),
  list: rpc<ListOrdersQuery, Page<OrderView>>('rpc.provisioning.orders.list', ListOrdersQuery),
  timeline: rpc<OrderIdRequest, OrderRecordView[]>('rpc.provisioning.orders.timeline', OrderIdRequest),
  review: rpc<ReviewOrderRequest, OrderView>('rpc.provisioning.orders.review', ReviewOrderRequest),
  survey: rpc<SurveyRequest, OrderView>('rpc.provisioning.orders.survey', SurveyRequest),
  plan: rpc<PlanRequest, OrderView>('rpc.provisioning.orders.plan', PlanRequest),
  progress: rpc<ProgressReportRequest, OrderView>('rpc.provisioning.orders.progress', ProgressReportRequest),
  constructionDone: rpc<OrderStepRequest, OrderView>('rpc.provisioning.orders.construction-done', OrderStepRequest),
  warn: rpc<OrderWarningRequest, OrderView>('rpc.provisioning.orders.warn', OrderWarningRequest),
  extend: rpc<ExtensionRequest, OrderView>('rpc.provisioning.orders.extend', ExtensionRequest),
  segmentComplete: rpc<SegmentCompleteRequest, OrderView>('rpc.provisioning.orders.segment-complete', SegmentCompleteRequest),
  wholeRoute: rpc<WholeRouteRequest, OrderView>('rpc.provisioning.orders.whole-route', WholeRouteRequest),
  recordCompletion: rpc<OrderStepRequest, OrderView>('rpc.provisioning.orders.record-completion', OrderStepRequest),
  handover: rpc<HandoverRequest, OrderView>('rpc.provisioning.orders.handover', HandoverRequest),
  setLeadingBureau: rpc<LeadingBureauRequest, OrderView>('rpc.provisioning.orders.set-leading-bureau', LeadingBureauRequest),
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
  // The order as it stands after the change, for read models (reporting's statistics); absent on older events.
  /** The order's version after the change: a consumer keeps the highest it has seen, whatever the delivery order. */
  @IsOptional() @IsInt() version?: number;
  @IsOptional() @IsIn(SERVICE_TYPES) serviceType?: ServiceType;
  @IsOptional() @IsCalendarDate() requiredBy?: string;
  /** Close of business of the required date (after any extension). */
  @IsOptional() @IsISO8601() dueAt?: string;
  @IsOptional() @IsBoolean() urgent?: boolean;
  /** The whole-route completion: the service's start, the moment the date is measured at. */
  @IsOptional() @IsISO8601() wholeRouteCompletedAt?: string;
  @IsOptional() @IsISO8601() warningPoolEnteredAt?: string;
  /** The units' own warnings: when, and whether in time to spare the missed-date violation. */
  @IsOptional() @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => OrderWarningStamp) warnings?: OrderWarningStamp[];
  @IsOptional() @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => OrderViolationStamp) violations?: OrderViolationStamp[];
  /** The order's people by name, so that the notifier can tell them (absent on older events). */
  @IsOptional() @IsString() customerManager?: string;
  @IsOptional() @IsString() businessManager?: string;
  @IsOptional() @IsString() networkSupportManager?: string;
  @IsOptional() @IsString() projectManager?: string;
}

export class OrderWarningStamp {
  @IsISO8601() at!: string;
  @IsBoolean() timely!: boolean;
}

export const ORDER_VIOLATION_KINDS = ['missed-without-warning', 'completion-without-end-to-end'] as const;
export type OrderViolationKind = (typeof ORDER_VIOLATION_KINDS)[number];

export class OrderViolationStamp {
  @IsIn(ORDER_VIOLATION_KINDS) kind!: OrderViolationKind;
  @IsISO8601() at!: string;
}

export const OrderEvents = {
  changed: event<OrderChangedData>('evt.provisioning.order.changed.v1', OrderChangedData),
};
