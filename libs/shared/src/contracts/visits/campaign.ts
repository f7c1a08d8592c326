import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { event, rpc } from '../contract';
import { CursorPageQuery, Page } from '../paging';
import { CIRCUIT_GRADES, CircuitGrade, SERVICE_TYPES, ServiceType } from '../provisioning/circuit';
import { INDUSTRIES, Industry, Tier, TIERS } from '../provisioning/customer';
import { IsCalendarDate } from '../stated-time';

/**
 * Special service campaigns (专项服务活动, §3; seed 000 cases 27–32): risk screening, warning-triggered,
 * competition-triggered or on customer demand; a scope of customers and circuits chosen by filters generates the
 * visits and inspections it needs, and its progress is followed across the scope.
 */
export const CAMPAIGN_KINDS = ['risk-screening', 'warning', 'competition', 'customer-demand'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];
export const CAMPAIGN_STATUSES = ['open', 'completed', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CAMPAIGN_ITEM_KINDS = ['visit', 'inspection'] as const;
export type CampaignItemKind = (typeof CAMPAIGN_ITEM_KINDS)[number];
export const CAMPAIGN_VISIT_KINDS = ['routine', 'first', 'festival', 'crisis'] as const;

export class CampaignScopeDto {
  @ApiPropertyOptional({ enum: TIERS, isArray: true }) @IsOptional() @IsIn(TIERS, { each: true }) @ArrayMaxSize(4) tiers?: Tier[];
  @ApiPropertyOptional({ enum: INDUSTRIES, isArray: true }) @IsOptional() @IsIn(INDUSTRIES, { each: true }) @ArrayMaxSize(5) industries?: Industry[];
  @ApiPropertyOptional({ type: [String], example: ['广东'] }) @IsOptional() @IsString({ each: true }) @MaxLength(50, { each: true }) @ArrayMaxSize(50) regions?: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'These customers only (customer demand)' }) @IsOptional() @IsUUID('all', { each: true }) @ArrayMaxSize(500) customerIds?: string[];
  @ApiPropertyOptional({ enum: SERVICE_TYPES, isArray: true, description: 'Customers with live circuits of these service types; their inspections cover those circuits' })
  @IsOptional()
  @IsIn(SERVICE_TYPES, { each: true })
  @ArrayMaxSize(8)
  serviceTypes?: ServiceType[];
  @ApiPropertyOptional({ enum: CIRCUIT_GRADES, isArray: true }) @IsOptional() @IsIn(CIRCUIT_GRADES, { each: true }) @ArrayMaxSize(4) grades?: CircuitGrade[];
}

export class CampaignVisitsDto {
  @ApiProperty({ enum: CAMPAIGN_VISIT_KINDS }) @IsIn(CAMPAIGN_VISIT_KINDS) kind!: (typeof CAMPAIGN_VISIT_KINDS)[number];
  @ApiProperty({ example: '2026-12-15' }) @IsCalendarDate() plannedDate!: string;
}

export class CampaignInspectionsDto {
  @ApiProperty({ format: 'uuid', description: 'The checklist template each inspection follows' }) @IsUUID() checklistId!: string;
  @ApiProperty({ example: '2026-12-15' }) @IsCalendarDate() plannedDate!: string;
}

export class CreateCampaignBody {
  @ApiProperty({ enum: CAMPAIGN_KINDS }) @IsIn(CAMPAIGN_KINDS) kind!: CampaignKind;
  @ApiProperty({ example: '汛期网络隐患排查' }) @IsString() @Length(1, 200) title!: string;
  @ApiPropertyOptional({ description: 'What triggered it: the warning, the competitor move, the customer request' }) @IsOptional() @IsString() @Length(1, 4000) trigger?: string;
  @ApiProperty({ description: 'Who leads the campaign (username); generated work goes to each customer’s engineer, else to them' }) @IsString() @Length(1, 100) owner!: string;
  @ApiProperty({ type: CampaignScopeDto, description: 'Filters combine with AND; a list matches any of its values; an empty scope is every known customer' })
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignScopeDto)
  scope!: CampaignScopeDto;
  @ApiPropertyOptional({ type: CampaignVisitsDto, description: 'Plan one visit per customer in scope' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignVisitsDto)
  visits?: CampaignVisitsDto;
  @ApiPropertyOptional({ type: CampaignInspectionsDto, description: 'Plan one inspection per customer in scope (over its circuits in scope)' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignInspectionsDto)
  inspections?: CampaignInspectionsDto;
}

export class CampaignReasonBody {
  @ApiProperty() @IsString() @Length(1, 1000) reason!: string;
}

export class CampaignIdRequest {
  @IsUUID() id!: string;
}
export class CreateCampaignRequest extends CreateCampaignBody {}
export class CampaignReasonRequest extends CampaignReasonBody {
  @IsUUID() id!: string;
}

export class ListCampaignsQuery extends CursorPageQuery {
  @ApiPropertyOptional({ enum: CAMPAIGN_KINDS }) @IsOptional() @IsIn(CAMPAIGN_KINDS) kind?: CampaignKind;
  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES }) @IsOptional() @IsIn(CAMPAIGN_STATUSES) status?: CampaignStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) owner?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Campaigns whose scope holds this customer' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Created before' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
}

export class CampaignItemView {
  @ApiProperty({ enum: CAMPAIGN_ITEM_KINDS }) kind!: CampaignItemKind;
  @ApiProperty({ format: 'uuid', description: 'The visit or inspection' }) refId!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() customerName!: string;
  @ApiProperty({ type: [String] }) circuitCodes!: string[];
  @ApiProperty() owner!: string;
  @ApiProperty({ enum: ['open', 'done', 'cancelled'] }) status!: string;
}

export class CampaignProgressView {
  @ApiProperty() total!: number;
  @ApiProperty() done!: number;
  @ApiProperty() cancelled!: number;
  @ApiProperty({ description: 'done / (total − cancelled), as a percentage with two decimals' }) percent!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'object' }, description: 'The same per kind (visit, inspection)' })
  byKind!: Record<string, { total: number; done: number; cancelled: number }>;
}

export class CampaignView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ enum: CAMPAIGN_KINDS }) kind!: CampaignKind;
  @ApiProperty() title!: string;
  @ApiPropertyOptional() trigger?: string;
  @ApiProperty() owner!: string;
  @ApiProperty({ type: CampaignScopeDto }) scope!: CampaignScopeDto;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status!: CampaignStatus;
  @ApiProperty({ description: 'Customers in scope' }) customers!: number;
  @ApiProperty({ description: 'Circuits in scope (when the scope names service types or grades)' }) circuits!: number;
  @ApiProperty({ type: CampaignProgressView }) progress!: CampaignProgressView;
  @ApiProperty({ type: [CampaignItemView], description: 'The generated work (the first 500; the rest through the visits and inspections lists with campaignId)' })
  items!: CampaignItemView[];
  @ApiPropertyOptional() cancelReason?: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) completedAt?: string;
}

export const CampaignRpc = {
  create: rpc<CreateCampaignRequest, CampaignView>('rpc.visits.campaigns.create', CreateCampaignRequest),
  get: rpc<CampaignIdRequest, CampaignView>('rpc.visits.campaigns.get', CampaignIdRequest),
  list: rpc<ListCampaignsQuery, Page<CampaignView>>('rpc.visits.campaigns.list', ListCampaignsQuery),
  cancel: rpc<CampaignReasonRequest, CampaignView>('rpc.visits.campaigns.cancel', CampaignReasonRequest),
};

export class CampaignChangedData {
  @IsUUID() campaignId!: string;
  @IsString() number!: string;
  @IsIn(CAMPAIGN_KINDS) kind!: CampaignKind;
  @IsIn(CAMPAIGN_STATUSES) status!: CampaignStatus;
  @IsString() action!: string;
  @IsISO8601() at!: string;
  @IsUUID('all', { each: true }) customerIds!: string[];
}

export const CampaignEvents = {
  changed: event<CampaignChangedData>('evt.visits.campaign.changed.v1', CampaignChangedData),
};
