import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Min,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { event, rpc } from '../contract';
import { QueryBoolean } from '../mixins';
import { CursorPageQuery, Page } from '../paging';
import { IsCalendarDate, StatedTime } from '../stated-time';

/** Inspections (巡检, DOMAIN.md §3): from checklist templates; every abnormal item becomes a hidden danger (隐患). */
export const CHECKLIST_TARGETS = ['site', 'circuit'] as const;
export type ChecklistTarget = (typeof CHECKLIST_TARGETS)[number];
export const CHECKLIST_ITEM_KINDS = ['value', 'range', 'yesno'] as const;
export type ChecklistItemKind = (typeof CHECKLIST_ITEM_KINDS)[number];
export const INSPECTION_ORIGINS = ['routine', 'warning', 'campaign'] as const;
export type InspectionOrigin = (typeof INSPECTION_ORIGINS)[number];
export const INSPECTION_STATUSES = ['planned', 'done'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
export const DANGER_STATUSES = ['open', 'fixed', 'reopened'] as const;
export type DangerStatus = (typeof DANGER_STATUSES)[number];
export const DANGER_SEVERITIES = ['minor', 'major', 'critical'] as const;
export type DangerSeverity = (typeof DANGER_SEVERITIES)[number];

/** An observed or expected value: a number or a text (value items), a number (range), yes/no (yesno). */
export type ResultValue = number | string | boolean;

function IsScalar(kinds: Array<'number' | 'string' | 'boolean'>): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isScalar',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) =>
          (typeof value === 'number' && kinds.includes('number') && Number.isFinite(value)) ||
          (typeof value === 'string' && kinds.includes('string') && value.length >= 1 && value.length <= 200) ||
          (typeof value === 'boolean' && kinds.includes('boolean')),
        defaultMessage: () => `${propertyName as string} must be ${kinds.join(' or ')}${kinds.includes('string') ? ' (text of 1–200 characters)' : ''}`,
      },
    });
}

export class ChecklistItemDto {
  @ApiProperty({ example: 'rx_power', description: 'Unique within the template; results name it' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,39}$/, { message: 'key must be lower-case letters, digits and _ (starting with a letter), at most 40' })
  key!: string;

  @ApiProperty({ example: '光接收功率' }) @IsString() @Length(1, 100) label!: string;
  @ApiProperty({ enum: CHECKLIST_ITEM_KINDS, description: 'value: equals `expected`; range: within [min, max] in `unit`; yesno: equals `expectedYes`' })
  @IsIn(CHECKLIST_ITEM_KINDS)
  kind!: ChecklistItemKind;

  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'number' }], description: 'value items: the expected text or number' })
  @IsOptional()
  @IsScalar(['number', 'string'])
  expected?: number | string;

  @ApiPropertyOptional({ description: 'range items: the lowest normal value (inclusive)' }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) min?: number;
  @ApiPropertyOptional({ description: 'range items: the highest normal value (inclusive)' }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) max?: number;
  @ApiPropertyOptional({ example: 'dBm', description: 'range items: the unit' }) @IsOptional() @IsString() @Length(1, 20) unit?: string;
  @ApiPropertyOptional({ description: 'yesno items: the normal answer' }) @IsOptional() @IsBoolean() expectedYes?: boolean;
}

export class ChecklistBody {
  @ApiProperty({ example: '专线巡检' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ enum: CHECKLIST_TARGETS }) @IsIn(CHECKLIST_TARGETS) target!: ChecklistTarget;
  @ApiProperty({ type: [ChecklistItemDto] })
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ChecklistItemDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  items!: ChecklistItemDto[];
}

export class ChecklistIdRequest {
  @IsUUID() id!: string;
}
export class CreateChecklistRequest extends ChecklistBody {}
export class UpdateChecklistRequest extends ChecklistBody {
  @IsUUID() id!: string;
}
export class ListChecklistsQuery extends CursorPageQuery {
  @ApiPropertyOptional({ enum: CHECKLIST_TARGETS }) @IsOptional() @IsIn(CHECKLIST_TARGETS) target?: ChecklistTarget;
}

export class ChecklistView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CHECKLIST_TARGETS }) target!: ChecklistTarget;
  @ApiProperty({ description: 'Raised by every change; an inspection keeps the items of the version it was planned with' }) version!: number;
  @ApiProperty({ type: [ChecklistItemDto] }) items!: ChecklistItemDto[];
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() updatedBy!: string;
}

export class PlanInspectionBody {
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId!: string;
  @ApiPropertyOptional({ type: [String], description: "Circuits inspected: the customer's own" })
  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(100)
  circuitIds?: string[];

  @ApiProperty({ format: 'uuid', description: 'The checklist template; the inspection keeps its current version' }) @IsUUID() checklistId!: string;
  @ApiProperty({ enum: INSPECTION_ORIGINS }) @IsIn(INSPECTION_ORIGINS) origin!: InspectionOrigin;
  @ApiPropertyOptional({ description: 'What triggered it (a warning, a ticket number)' }) @IsOptional() @IsString() @Length(1, 200) originRef?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The special service campaign that generated it' }) @IsOptional() @IsUUID() campaignId?: string;
  @ApiProperty({ description: 'Who inspects; rectifications default to them' }) @IsString() @Length(1, 100) owner!: string;
  @ApiProperty({ example: '2026-12-15' }) @IsCalendarDate() plannedDate!: string;
}

export class ItemResultDto {
  @ApiProperty({ example: 'rx_power' }) @IsString() @Length(1, 40) key!: string;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }], description: 'A number (range, numeric value), a text (text value) or true/false (yesno)' })
  @IsScalar(['number', 'string', 'boolean'])
  value!: ResultValue;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 1000) note?: string;
  @ApiPropertyOptional({ enum: DANGER_SEVERITIES, description: 'For an abnormal item: how serious the hidden danger is' })
  @IsOptional()
  @IsIn(DANGER_SEVERITIES)
  severity?: DangerSeverity;
}

export class InspectionResultsBody {
  @StatedTime('When the inspection was done (default now): its rectifications run from it; not in the future, at most maxBackdateMinutes back')
  occurredAt?: string;

  @ApiProperty({ type: [ItemResultDto], description: 'Exactly one result per item of the template' })
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ItemResultDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  results!: ItemResultDto[];
}

export class InspectionIdRequest {
  @IsUUID() id!: string;
}
export class PlanInspectionRequest extends PlanInspectionBody {}
export class InspectionResultsRequest extends InspectionResultsBody {
  @IsUUID() id!: string;
}

export class ListInspectionsQuery extends CursorPageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ enum: INSPECTION_ORIGINS }) @IsOptional() @IsIn(INSPECTION_ORIGINS) origin?: InspectionOrigin;
  @ApiPropertyOptional({ enum: INSPECTION_STATUSES }) @IsOptional() @IsIn(INSPECTION_STATUSES) status?: InspectionStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) owner?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() campaignId?: string;
  @ApiPropertyOptional({ example: '2026-12-01', description: 'Planned on or after this date' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'Planned on or before this date' }) @IsOptional() @IsCalendarDate() to?: string;
}

export class ItemResultView {
  @ApiProperty() key!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }] }) value!: ResultValue;
  @ApiProperty({ description: 'What the template expects, as text (e.g. "-25 – -8 dBm", "是")' }) expected!: string;
  @ApiProperty() normal!: boolean;
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional({ enum: DANGER_SEVERITIES }) severity?: DangerSeverity;
}

export class InspectionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ type: [String] }) circuitIds!: string[];
  @ApiProperty({ format: 'uuid' }) checklistId!: string;
  @ApiProperty() checklistVersion!: number;
  @ApiProperty() checklistName!: string;
  @ApiProperty({ type: [ChecklistItemDto], description: 'The items of the template version used' }) items!: ChecklistItemDto[];
  @ApiProperty({ enum: INSPECTION_ORIGINS }) origin!: InspectionOrigin;
  @ApiPropertyOptional() originRef?: string;
  @ApiPropertyOptional({ format: 'uuid' }) campaignId?: string;
  @ApiProperty() owner!: string;
  @ApiProperty() plannedDate!: string;
  @ApiProperty({ enum: INSPECTION_STATUSES }) status!: InspectionStatus;
  @ApiPropertyOptional({ format: 'date-time', description: 'When it was done' }) occurredAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When its results were recorded' }) recordedAt?: string;
  @ApiPropertyOptional() recordedBy?: string;
  @ApiProperty({ type: [ItemResultView] }) results!: ItemResultView[];
  @ApiProperty() normalCount!: number;
  @ApiProperty() abnormalCount!: number;
  @ApiProperty({ type: [String], description: 'The hidden dangers of its abnormal items (found, reopened, or still open from before)' }) dangerIds!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() createdBy!: string;
}

export class FixDangerBody {
  @ApiProperty({ example: '更换老化尾纤并清洁法兰' }) @IsString() @Length(1, 4000) fix!: string;
  @ApiPropertyOptional({ example: '整改后光功率 -12.3 dBm，照片见工单附件 #2231', description: 'Required: the evidence of the fix (text or a reference)' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  evidence?: string;

  @StatedTime('When it was fixed (default now): the rectification clock stops at it; not in the future, not before the danger was found, at most maxBackdateMinutes back')
  fixedAt?: string;
}

export class AssignDangerBody {
  @ApiProperty() @IsString() @Length(1, 100) owner!: string;
  @ApiPropertyOptional({ example: '2026-12-20', description: 'A new due date: the rectification runs to its close of business' }) @IsOptional() @IsCalendarDate() dueDate?: string;
}

export class DangerIdRequest {
  @IsUUID() id!: string;
}
export class FixDangerRequest extends FixDangerBody {
  @IsUUID() id!: string;
}
export class AssignDangerRequest extends AssignDangerBody {
  @IsUUID() id!: string;
}

export class ListDangersQuery extends CursorPageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ enum: DANGER_STATUSES }) @IsOptional() @IsIn(DANGER_STATUSES) status?: DangerStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) owner?: string;
  @QueryBoolean('true: not fixed and past its due; false: the others') overdue?: boolean;
}

export class RectificationView {
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) dueAt?: string;
  @ApiProperty({ enum: ['running', 'paused', 'stopped'] }) status!: string;
  @ApiPropertyOptional({ format: 'date-time' }) breachedAt?: string;
  @ApiPropertyOptional({ description: 'Once stopped: fixed in time' }) met?: boolean;
  @ApiProperty({ description: 'Computed on weekdays for a year whose holiday schedule is not loaded; recomputed when it is' }) provisional!: boolean;
}

export class DangerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The inspection that found it (or last reopened it)' }) inspectionId!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiPropertyOptional({ format: 'uuid' }) circuitId?: string;
  @ApiProperty() itemKey!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'What was observed' }) observed!: string;
  @ApiProperty({ description: 'What the template expects' }) expected!: string;
  @ApiPropertyOptional({ enum: DANGER_SEVERITIES }) severity?: DangerSeverity;
  @ApiProperty({ enum: DANGER_STATUSES }) status!: DangerStatus;
  @ApiProperty({ description: 'Who rectifies it' }) owner!: string;
  @ApiProperty({ format: 'date-time' }) foundAt!: string;
  @ApiPropertyOptional() fix?: string;
  @ApiPropertyOptional() evidence?: string;
  @ApiPropertyOptional({ format: 'date-time' }) fixedAt?: string;
  @ApiPropertyOptional() fixedBy?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the current rectification went past its due date' }) breachedAt?: string;
  @ApiProperty({ description: 'How many times a re-inspection found it again after a fix' }) reopenedCount!: number;
  @ApiPropertyOptional({ type: RectificationView, description: 'The current rectification clock' }) rectification?: RectificationView;
}

export const ChecklistRpc = {
  create: rpc<CreateChecklistRequest, ChecklistView>('rpc.visits.checklists.create', CreateChecklistRequest),
  update: rpc<UpdateChecklistRequest, ChecklistView>('rpc.visits.checklists.update', UpdateChecklistRequest),
  get: rpc<ChecklistIdRequest, ChecklistView>('rpc.visits.checklists.get', ChecklistIdRequest),
  list: rpc<ListChecklistsQuery, Page<ChecklistView>>('rpc.visits.checklists.list', ListChecklistsQuery),
};

export const InspectionRpc = {
  plan: rpc<PlanInspectionRequest, InspectionView>('rpc.visits.inspections.plan', PlanInspectionRequest),
  results: rpc<InspectionResultsRequest, InspectionView>('rpc.visits.inspections.results', InspectionResultsRequest),
  get: rpc<InspectionIdRequest, InspectionView>('rpc.visits.inspections.get', InspectionIdRequest),
  list: rpc<ListInspectionsQuery, Page<InspectionView>>('rpc.visits.inspections.list', ListInspectionsQuery),
};

export const DangerRpc = {
  get: rpc<DangerIdRequest, DangerView>('rpc.visits.dangers.get', DangerIdRequest),
  list: rpc<ListDangersQuery, Page<DangerView>>('rpc.visits.dangers.list', ListDangersQuery),
  fix: rpc<FixDangerRequest, DangerView>('rpc.visits.dangers.fix', FixDangerRequest),
  assign: rpc<AssignDangerRequest, DangerView>('rpc.visits.dangers.assign', AssignDangerRequest),
};

export const INSPECTION_ACTIONS = ['planned', 'done'] as const;
export const DANGER_ACTIONS = ['found', 'assigned', 'fixed', 'reopened', 'breached'] as const;

/** An inspection was planned, or done with its counts of normal and abnormal items. */
export class InspectionChangedData {
  @IsUUID() inspectionId!: string;
  @IsUUID() customerId!: string;
  @IsUUID('all', { each: true }) circuitIds!: string[];
  @IsUUID() checklistId!: string;
  @IsIn(INSPECTION_ORIGINS) origin!: InspectionOrigin;
  @IsOptional() @IsUUID() campaignId?: string;
  @IsString() owner!: string;
  @IsString() plannedDate!: string;
  @IsIn(INSPECTION_STATUSES) status!: InspectionStatus;
  @IsIn(INSPECTION_ACTIONS) action!: (typeof INSPECTION_ACTIONS)[number];
  @IsOptional() @IsInt() @Min(0) normal?: number;
  @IsOptional() @IsInt() @Min(0) abnormal?: number;
  @IsISO8601() at!: string;
}

/** A hidden danger was found, assigned, fixed, reopened, or its rectification went past due. */
export class DangerChangedData {
  @IsUUID() dangerId!: string;
  @IsUUID() inspectionId!: string;
  @IsUUID() customerId!: string;
  @IsOptional() @IsUUID() circuitId?: string;
  @IsString() itemKey!: string;
  @IsIn(DANGER_STATUSES) status!: DangerStatus;
  @IsString() owner!: string;
  @IsOptional() @IsISO8601() dueAt?: string;
  @IsIn(DANGER_ACTIONS) action!: (typeof DANGER_ACTIONS)[number];
  @IsISO8601() at!: string;
}

/** A checklist template was added or changed (a new version). */
export class ChecklistChangedData {
  @IsUUID() checklistId!: string;
  @IsString() name!: string;
  @IsIn(CHECKLIST_TARGETS) target!: ChecklistTarget;
  @IsInt() @Min(1) version!: number;
  @IsIn(['created', 'changed']) action!: 'created' | 'changed';
  @IsISO8601() at!: string;
}

export const InspectionEvents = {
  checklistChanged: event<ChecklistChangedData>('evt.visits.checklist.changed.v1', ChecklistChangedData),
  changed: event<InspectionChangedData>('evt.visits.inspection.changed.v1', InspectionChangedData),
  dangerChanged: event<DangerChangedData>('evt.visits.danger.changed.v1', DangerChangedData),
};
