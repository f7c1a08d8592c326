import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { event, rpc } from '../contract';
import { CursorPageQuery, Page } from '../paging';
import { IsCalendarDate, StatedTime } from '../stated-time';

/** Emergency drills (应急预案演练) and exchange activities (交流活动: training, process exchange) with a customer (§3). */
export const ACTIVITY_KINDS = ['drill', 'exchange'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const ACTIVITY_STATUSES = ['planned', 'done'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export class PlanActivityBody {
  @ApiProperty({ enum: ACTIVITY_KINDS }) @IsIn(ACTIVITY_KINDS) kind!: ActivityKind;
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId!: string;
  @ApiProperty({ example: '核心电路中断应急预案联合演练' }) @IsString() @Length(1, 500) title!: string;
  @ApiProperty({ example: '2026-12-10' }) @IsCalendarDate() plannedDate!: string;
  @ApiProperty({ type: [String] }) @IsString({ each: true }) @Length(1, 200, { each: true }) @ArrayMinSize(1) @ArrayMaxSize(100) participants!: string[];
}

export class RecordActivityBody {
  @StatedTime('When it took place (default now): not in the future, at most maxBackdateMinutes back')
  occurredAt?: string;
  @ApiProperty({ type: [String], description: 'Who actually took part' }) @IsString({ each: true }) @Length(1, 200, { each: true }) @ArrayMinSize(1) @ArrayMaxSize(100) participants!: string[];
  @ApiProperty({ example: '倒换时间符合预案，联系人名单需更新' }) @IsString() @Length(1, 8000) findings!: string;
}

export class ActivityIdRequest {
  @IsUUID() id!: string;
}
export class PlanActivityRequest extends PlanActivityBody {}
export class RecordActivityRequest extends RecordActivityBody {
  @IsUUID() id!: string;
}

export class ListActivitiesQuery extends CursorPageQuery {
  @ApiPropertyOptional({ enum: ACTIVITY_KINDS }) @IsOptional() @IsIn(ACTIVITY_KINDS) kind?: ActivityKind;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
}

export class ActivityView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ACTIVITY_KINDS }) kind!: ActivityKind;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() plannedDate!: string;
  @ApiProperty({ type: [String] }) participants!: string[];
  @ApiProperty({ enum: ACTIVITY_STATUSES }) status!: ActivityStatus;
  @ApiPropertyOptional({ format: 'date-time' }) occurredAt?: string;
  @ApiPropertyOptional() findings?: string;
  @ApiPropertyOptional() recordedBy?: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export const ActivityRpc = {
  plan: rpc<PlanActivityRequest, ActivityView>('rpc.visits.activities.plan', PlanActivityRequest),
  record: rpc<RecordActivityRequest, ActivityView>('rpc.visits.activities.record', RecordActivityRequest),
  get: rpc<ActivityIdRequest, ActivityView>('rpc.visits.activities.get', ActivityIdRequest),
  list: rpc<ListActivitiesQuery, Page<ActivityView>>('rpc.visits.activities.list', ListActivitiesQuery),
};

export class ActivityChangedData {
  @IsUUID() activityId!: string;
  @IsUUID() customerId!: string;
  @IsIn(ACTIVITY_KINDS) kind!: ActivityKind;
  @IsIn(ACTIVITY_STATUSES) status!: ActivityStatus;
  @IsString() action!: string;
  @IsISO8601() at!: string;
}

export const ActivityEvents = {
  changed: event<ActivityChangedData>('evt.visits.activity.changed.v1', ActivityChangedData),
};
