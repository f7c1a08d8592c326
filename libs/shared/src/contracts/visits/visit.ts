import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { event, rpc } from '../contract';
import { QueryBoolean } from '../mixins';
import { CursorPageQuery, Page, PageQuery } from '../paging';
import { INDUSTRIES, Industry, Tier, TIERS } from '../provisioning/customer';
import { IsCalendarDate, StatedTime } from '../stated-time';

/** Visits (走访, DOMAIN.md §3): routine, first (a stranger visit), festival, crisis (an apology visit). */
export const VISIT_KINDS = ['routine', 'first', 'festival', 'crisis'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];
export const VISIT_STATUSES = ['planned', 'booked', 'done', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];
export const VISIT_ORIGIN_TYPES = ['ticket', 'complaint'] as const;
export const FOLLOW_UP_STATUSES = ['open', 'closed'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

const texts = (max: number) => [IsString({ each: true }), Length(1, max, { each: true }), ArrayMaxSize(50)];
function Texts(description: string, max = 1000, required = false): PropertyDecorator {
  const doc = required ? ApiProperty({ type: [String], description }) : ApiPropertyOptional({ type: [String], description });
  return (target, key) => [doc, ...(required ? [ArrayMinSize(1)] : [IsOptional()]), ...texts(max)].forEach((d) => d(target, key));
}

export class PlanVisitBody {
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId!: string;
  @ApiProperty({ enum: VISIT_KINDS }) @IsIn(VISIT_KINDS) kind!: VisitKind;
  @ApiProperty({ description: 'Who visits (a username)', example: 'wang' }) @IsString() @Length(1, 100) owner!: string;
  @ApiProperty({ example: '2026-11-20', description: 'The planned day (Beijing date)' }) @IsCalendarDate() plannedDate!: string;
  @ApiPropertyOptional({ example: '季度例行走访' }) @IsOptional() @IsString() @Length(1, 2000) purpose?: string;
}

export class BookVisitBody {
  @ApiProperty({ format: 'date-time', description: 'The appointment agreed with the customer by phone' }) @IsISO8601({ strict: true, strictSeparator: true }) at!: string;
  @ApiProperty({ example: '客户总部三楼会议室' }) @IsString() @Length(1, 500) place!: string;
  @Texts('Who will take part', 200, true) participants!: string[];
}

export class FollowUpBody {
  @ApiProperty({ example: '协调A端光缆整改' }) @IsString() @Length(1, 2000) action!: string;
  @ApiProperty({ description: 'Who does it (a username)' }) @IsString() @Length(1, 100) owner!: string;
  @ApiPropertyOptional({ example: '2026-12-15', description: 'Due at close of business of this Beijing date; without it, within followUpWorkingDays working days of the visit' })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string;
}

export class RecordVisitBody {
  @StatedTime('When the visit took place (default now): not in the future, at most maxBackdateMinutes back')
  occurredAt?: string;
  @Texts('Who was met', 200, true) met!: string[];
  @Texts('Topics discussed') topics?: string[];
  @Texts('Problems the customer raised') problems?: string[];
  @ApiProperty({ minimum: 1, maximum: 5, description: 'The customer satisfaction, 1 (poor) to 5 (very good)' }) @IsInt() @Min(1) @Max(5) satisfaction!: number;
  @ApiPropertyOptional({ type: [FollowUpBody], description: 'Follow-up actions, each with an owner and a due date on a deadline clock' })
  @IsOptional()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FollowUpBody)
  @ArrayMaxSize(50)
  followUps?: FollowUpBody[];
}

export class CancelVisitBody {
  @ApiProperty({ example: '客户改期，另行安排' }) @IsString() @Length(1, 2000) reason!: string;
}

export class CloseFollowUpBody {
  @ApiProperty({ example: '已完成光缆整改，客户确认' }) @IsString() @Length(1, 4000) note!: string;
}

export class VisitIdRequest {
  @IsUUID() id!: string;
}
export class PlanVisitRequest extends PlanVisitBody {}
export class BookVisitRequest extends BookVisitBody {
  @IsUUID() id!: string;
}
export class RecordVisitRequest extends RecordVisitBody {
  @IsUUID() id!: string;
}
export class CancelVisitRequest extends CancelVisitBody {
  @IsUUID() id!: string;
}
export class CloseFollowUpRequest extends CloseFollowUpBody {
  @IsUUID() id!: string;
  @IsUUID() followUpId!: string;
}

export class ListVisitsQuery extends CursorPageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ enum: VISIT_KINDS }) @IsOptional() @IsIn(VISIT_KINDS) kind?: VisitKind;
  @ApiPropertyOptional({ enum: VISIT_STATUSES }) @IsOptional() @IsIn(VISIT_STATUSES) status?: VisitStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) owner?: string;
  @ApiPropertyOptional({ example: '2026-11-01', description: 'Planned on or after this date' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ example: '2026-11-30', description: 'Planned on or before this date' }) @IsOptional() @IsCalendarDate() to?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Visits a special service campaign planned' }) @IsOptional() @IsUUID() campaignId?: string;
}

export class ListFollowUpsQuery extends CursorPageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) owner?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @QueryBoolean('Only open (true) or closed (false) follow-ups') open?: boolean;
  @QueryBoolean('Only follow-ups whose due time was (true) or was not (false) breached') overdue?: boolean;
}

export class OverdueVisitsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TIERS }) @IsOptional() @IsIn(TIERS) tier?: Tier;
  @ApiPropertyOptional({ enum: INDUSTRIES }) @IsOptional() @IsIn(INDUSTRIES) industry?: Industry;
  @ApiPropertyOptional({ example: '广东' }) @IsOptional() @IsString() @Length(1, 50) region?: string;
  @ApiPropertyOptional({ description: "The customer's manager or engineer" }) @IsOptional() @IsString() @Length(1, 100) owner?: string;
}

export class CoverageQuery {
  @ApiProperty({ example: '2026-10-01' }) @IsCalendarDate() from!: string;
  @ApiProperty({ example: '2026-12-31' }) @IsCalendarDate() to!: string;
}

export class WorkPlanQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Whose plan (default: the caller)' }) @IsOptional() @IsString() @Length(1, 100) owner?: string;
  @ApiPropertyOptional({ example: '2026-11-01', description: 'Default: today (Beijing)' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ example: '2026-11-30', description: 'Default: 30 days after from' }) @IsOptional() @IsCalendarDate() to?: string;
}

export class BookingView {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() place!: string;
  @ApiProperty({ type: [String] }) participants!: string[];
  @ApiProperty() by!: string;
  @ApiProperty({ format: 'date-time' }) bookedAt!: string;
}

export class VisitOriginView {
  @ApiProperty({ enum: VISIT_ORIGIN_TYPES }) type!: (typeof VISIT_ORIGIN_TYPES)[number];
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: string;
}

export class FollowUpView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) visitId!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() action!: string;
  @ApiProperty() owner!: string;
  @ApiPropertyOptional({ description: 'The due date given, if any' }) dueDate?: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) dueAt!: string | null;
  @ApiProperty({ enum: FOLLOW_UP_STATUSES }) status!: FollowUpStatus;
  @ApiProperty() overdue!: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) breachedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) closedAt?: string;
  @ApiPropertyOptional() closedBy?: string;
  @ApiPropertyOptional() note?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class VisitRecordView {
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty() by!: string;
  @ApiProperty({ type: [String] }) met!: string[];
  @ApiProperty({ type: [String] }) topics!: string[];
  @ApiProperty({ type: [String] }) problems!: string[];
  @ApiProperty({ minimum: 1, maximum: 5 }) satisfaction!: number;
}

export class VisitView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ enum: VISIT_KINDS }) kind!: VisitKind;
  @ApiProperty({ enum: VISIT_STATUSES }) status!: VisitStatus;
  @ApiProperty() owner!: string;
  @ApiProperty({ example: '2026-11-20' }) plannedDate!: string;
  @ApiPropertyOptional() purpose?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The special service campaign that planned it' }) campaignId?: string;
  @ApiPropertyOptional({ type: VisitOriginView, description: 'A crisis visit planned on its own: the ticket or complaint it answers' }) origin?: VisitOriginView;
  @ApiPropertyOptional({ format: 'date-time', description: 'A crisis visit is due by then (crisisVisitWorkingDays working days after the crisis)' }) dueAt?: string;
  @ApiProperty({ description: 'A crisis visit not made by its due time' }) overdue!: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) breachedAt?: string;
  @ApiPropertyOptional({ type: BookingView }) booking?: BookingView;
  @ApiPropertyOptional({ type: VisitRecordView }) record?: VisitRecordView;
  @ApiPropertyOptional() cancelReason?: string;
  @ApiProperty({ type: [FollowUpView] }) followUps!: FollowUpView[];
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class OverdueCustomerView {
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: TIERS }) tier!: Tier;
  @ApiProperty({ enum: INDUSTRIES }) industry!: Industry;
  @ApiPropertyOptional() region?: string;
  @ApiPropertyOptional() customerManager?: string;
  @ApiPropertyOptional() customerEngineer?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'The last visit done; absent if never visited' }) lastVisitAt?: string;
  @ApiProperty({ description: 'The date the next visit fell due (last visit, or since known, plus the tier frequency); overdue from the day after' }) dueSince!: string;
}

export class TierCoverageView {
  @ApiProperty({ enum: TIERS }) tier!: Tier;
  @ApiProperty({ description: 'The tier frequency: a visit every … months' }) visitEveryMonths!: number;
  @ApiProperty({ description: 'Customers of the tier known by the end of the period' }) customers!: number;
  @ApiProperty({ description: 'Of them, visited (a visit done) in the period' }) visited!: number;
  @ApiProperty({ description: 'visited / customers, percent with two decimals (0 without customers)' }) percentage!: number;
  @ApiProperty({ description: 'Visits done in the period' }) visits!: number;
  @ApiProperty({ description: 'Visits the frequency asks for in the period: customers × months of the period / frequency, two decimals' }) expectedVisits!: number;
}

export class CoverageView {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ type: [TierCoverageView] }) tiers!: TierCoverageView[];
}

export const WORK_PLAN_ITEM_TYPES = ['visit', 'follow-up', 'inspection', 'rectification'] as const;

export class WorkPlanItemView {
  @ApiProperty({ enum: WORK_PLAN_ITEM_TYPES }) type!: (typeof WORK_PLAN_ITEM_TYPES)[number];
  @ApiProperty({ description: 'The Beijing date: a visit its booked or planned day, an inspection its planned day, a follow-up or rectification its due day' })
  date!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The visit (of a visit or a follow-up)' }) visitId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) followUpId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) inspectionId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The hidden danger to rectify' }) dangerId?: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ description: 'A visit: its kind and status; a follow-up: its action; an inspection: its checklist; a rectification: the abnormal item' }) title!: string;
  @ApiProperty() overdue!: boolean;
}

export const VisitRpc = {
  plan: rpc<PlanVisitRequest, VisitView>('rpc.visits.visits.plan', PlanVisitRequest),
  book: rpc<BookVisitRequest, VisitView>('rpc.visits.visits.book', BookVisitRequest),
  record: rpc<RecordVisitRequest, VisitView>('rpc.visits.visits.record', RecordVisitRequest),
  cancel: rpc<CancelVisitRequest, VisitView>('rpc.visits.visits.cancel', CancelVisitRequest),
  get: rpc<VisitIdRequest, VisitView>('rpc.visits.visits.get', VisitIdRequest),
  list: rpc<ListVisitsQuery, Page<VisitView>>('rpc.visits.visits.list', ListVisitsQuery),
  closeFollowUp: rpc<CloseFollowUpRequest, VisitView>('rpc.visits.visits.close-follow-up', CloseFollowUpRequest),
  listFollowUps: rpc<ListFollowUpsQuery, Page<FollowUpView>>('rpc.visits.visits.list-follow-ups', ListFollowUpsQuery),
  overdue: rpc<OverdueVisitsQuery, Page<OverdueCustomerView>>('rpc.visits.visits.overdue', OverdueVisitsQuery),
  coverage: rpc<CoverageQuery, CoverageView>('rpc.visits.visits.coverage', CoverageQuery),
  workPlan: rpc<WorkPlanQuery, Page<WorkPlanItemView>>('rpc.visits.visits.work-plan', WorkPlanQuery),
};

export class VisitChangedData {
  @IsUUID() visitId!: string;
  @IsUUID() customerId!: string;
  @IsIn(VISIT_KINDS) kind!: VisitKind;
  @IsIn(VISIT_STATUSES) status!: VisitStatus;
  @IsString() action!: string;
  @IsISO8601() at!: string;
  @IsString() owner!: string;
  @IsOptional() @IsInt() @Min(1) @Max(5) satisfaction?: number;
  @IsOptional() @IsUUID() campaignId?: string;
}

export class FollowUpChangedData {
  @IsUUID() followUpId!: string;
  @IsUUID() visitId!: string;
  @IsUUID() customerId!: string;
  @IsString() owner!: string;
  @IsIn(FOLLOW_UP_STATUSES) status!: FollowUpStatus;
  @IsString() action!: string;
  @IsISO8601() at!: string;
  @IsOptional() @IsISO8601() dueAt?: string;
}

export const VisitEvents = {
  visitChanged: event<VisitChangedData>('evt.visits.visit.changed.v1', VisitChangedData),
  followUpChanged: event<FollowUpChangedData>('evt.visits.follow-up.changed.v1', FollowUpChangedData),
};
