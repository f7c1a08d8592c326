import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { EmptyRequest, rpc } from '../contract';
import { Page, PageQuery } from '../paging';
import { CAUSE_CATEGORIES, CauseCategory, SEGMENTS, Segment } from '../fault/ticket';
import { INDUSTRIES, Industry } from '../provisioning/customer';
import { SERVICE_TYPES, ServiceType } from '../provisioning/circuit';

/** What a case is about: fault handling, provisioning, service (visits, inspections, special campaigns…), complaint, security, cutover, guarantee. */
export const CASE_CATEGORIES = ['fault_handling', 'provisioning', 'service', 'complaint', 'security', 'cutover', 'guarantee', 'visit', 'inspection', 'other'] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

/** draft → reviewed → published (by a customer engineer or an administrator); any edit brings a case back to draft. */
export const CASE_STATUSES = ['draft', 'reviewed', 'published'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_LINK_KINDS = ['ticket', 'order'] as const;
export type CaseLinkKind = (typeof CASE_LINK_KINDS)[number];

export class CaseLink {
  @ApiProperty({ enum: CASE_LINK_KINDS }) @IsIn(CASE_LINK_KINDS) kind!: CaseLinkKind;
  @ApiProperty({ format: 'uuid' }) @IsUUID() id!: string;
}

/** The details of a case besides its title and category: each optional (absent or null: not set, or no change on an edit). */
export class CaseDetails {
  @ApiPropertyOptional({ description: 'The chapter of the library it belongs to (e.g. 响应重大故障)' }) @IsOptional() @IsString() @Length(1, 200) chapter?: string;
  @ApiPropertyOptional({ enum: INDUSTRIES }) @IsOptional() @IsIn(INDUSTRIES) industry?: Industry;
  @ApiPropertyOptional({ enum: SERVICE_TYPES }) @IsOptional() @IsIn(SERVICE_TYPES) serviceType?: ServiceType;
  @ApiPropertyOptional({ enum: SEGMENTS }) @IsOptional() @IsIn(SEGMENTS) segment?: Segment;
  @ApiPropertyOptional({ enum: CAUSE_CATEGORIES }) @IsOptional() @IsIn(CAUSE_CATEGORIES) causeCategory?: CauseCategory;
  @ApiPropertyOptional({ description: 'What was observed (故障现象)' }) @IsOptional() @IsString() @Length(0, 8000) symptoms?: string;
  @ApiPropertyOptional({ description: 'What happened (事件描述)' }) @IsOptional() @IsString() @Length(0, 20000) whatHappened?: string;
  @ApiPropertyOptional({ description: 'How it was handled (处理方式, 处理效果)' }) @IsOptional() @IsString() @Length(0, 20000) handling?: string;
  @ApiPropertyOptional({ description: 'The lesson (经验, 对客户工程师的要求)' }) @IsOptional() @IsString() @Length(0, 20000) lesson?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) @Length(1, 60, { each: true }) tags?: string[];
  @ApiPropertyOptional({ type: [CaseLink], description: 'The tickets and orders it came from' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CaseLink)
  links?: CaseLink[];
  @ApiPropertyOptional({ description: "Keep the customer's identity in the published text on purpose (default: removed on publishing)" })
  @IsOptional()
  @IsBoolean()
  keepIdentity?: boolean;
}

export class CreateCaseBody extends CaseDetails {
  @ApiProperty({ example: '传输设备软件缺陷造成大面积电路中断' }) @IsString() @Length(1, 300) title!: string;
  @ApiProperty({ enum: CASE_CATEGORIES }) @IsIn(CASE_CATEGORIES) category!: CaseCategory;
}

/** An edit: the fields sent change, the others stay. */
export class CaseFields extends CaseDetails {
  @ApiPropertyOptional({ example: '传输设备软件缺陷造成大面积电路中断' }) @IsOptional() @IsString() @Length(1, 300) title?: string;
  @ApiPropertyOptional({ enum: CASE_CATEGORIES }) @IsOptional() @IsIn(CASE_CATEGORIES) category?: CaseCategory;
}

export class UpdateCaseRequest extends CaseFields {
  @IsUUID() id!: string;
}

export class CaseRequest {
  @IsUUID() id!: string;
}

export class ListCasesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Search words, Chinese or English, over title, symptoms and text; answers the best matches first' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;
  @ApiPropertyOptional({ enum: CASE_CATEGORIES }) @IsOptional() @IsIn(CASE_CATEGORIES) category?: CaseCategory;
  @ApiPropertyOptional({ enum: SERVICE_TYPES }) @IsOptional() @IsIn(SERVICE_TYPES) serviceType?: ServiceType;
  @ApiPropertyOptional({ enum: CAUSE_CATEGORIES }) @IsOptional() @IsIn(CAUSE_CATEGORIES) causeCategory?: CauseCategory;
  @ApiPropertyOptional({ enum: SEGMENTS }) @IsOptional() @IsIn(SEGMENTS) segment?: Segment;
  @ApiPropertyOptional({ enum: INDUSTRIES }) @IsOptional() @IsIn(INDUSTRIES) industry?: Industry;
  @ApiPropertyOptional({ enum: CASE_STATUSES }) @IsOptional() @IsIn(CASE_STATUSES) status?: CaseStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 60) tag?: string;
}

export class CaseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ description: 'Its number in an imported library (seed 000: 1–44)' }) number?: number;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: CASE_CATEGORIES }) category!: CaseCategory;
  @ApiPropertyOptional() chapter?: string;
  @ApiPropertyOptional({ enum: INDUSTRIES }) industry?: Industry;
  @ApiPropertyOptional({ enum: SERVICE_TYPES }) serviceType?: ServiceType;
  @ApiPropertyOptional({ enum: SEGMENTS }) segment?: Segment;
  @ApiPropertyOptional({ enum: CAUSE_CATEGORIES }) causeCategory?: CauseCategory;
  @ApiProperty() symptoms!: string;
  @ApiProperty() whatHappened!: string;
  @ApiProperty() handling!: string;
  @ApiProperty() lesson!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: [CaseLink] }) links!: CaseLink[];
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty({ description: 'Loaded from an imported library (seed 000)' }) imported!: boolean;
  @ApiProperty() keepIdentity!: boolean;
  @ApiProperty({ description: 'The number of its latest version' }) version!: number;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() updatedBy!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional() reviewedBy?: string;
  @ApiPropertyOptional() publishedBy?: string;
  @ApiPropertyOptional({ format: 'date-time' }) publishedAt?: string;
  @ApiPropertyOptional({ description: 'In a search: how well it matches (higher is better)' }) score?: number;
}

export class CaseVersionView {
  @ApiProperty() n!: number;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty({ example: 'edit', description: 'create, edit, review, publish, import, write_up' }) action!: string;
  @ApiProperty() by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: CaseView, description: 'The case as this version left it' }) snapshot!: CaseView;
}

export class CaseVersionsView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: [CaseVersionView] }) versions!: CaseVersionView[];
}

export class CaseSeedResult {
  @ApiProperty({ description: 'Cases in the seed' }) cases!: number;
  @ApiProperty({ description: 'Cases created by this load (0 on a second load)' }) created!: number;
  @ApiProperty({ description: 'Cases with a body (seed 000: 1–6)' }) withBody!: number;
}

export class CaseSuggestionsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'The ticket: its symptom, service type, segment and cause once known' }) @IsOptional() @IsUUID() ticketId?: string;
  @ApiPropertyOptional({ description: 'At intake, before the ticket exists: the symptom as reported', example: '局端传输设备故障，银行多条电路中断' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  symptom?: string;
  @ApiPropertyOptional({ enum: SERVICE_TYPES }) @IsOptional() @IsIn(SERVICE_TYPES) serviceType?: ServiceType;
  @ApiPropertyOptional({ enum: SEGMENTS }) @IsOptional() @IsIn(SEGMENTS) segment?: Segment;
  @ApiPropertyOptional({ enum: CAUSE_CATEGORIES }) @IsOptional() @IsIn(CAUSE_CATEGORIES) causeCategory?: CauseCategory;
  @ApiPropertyOptional({ minimum: 1, maximum: 20, description: 'How many; default the setting caseSuggestionsShown (5)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(20) limit?: number;
}

export class CaseSuggestionWhy {
  @ApiProperty({ type: [String], description: 'The words (Chinese bigrams, English words) the case shares with the symptom' }) matchedTerms!: string[];
  @ApiProperty() sameServiceType!: boolean;
  @ApiProperty() sameSegment!: boolean;
  @ApiProperty() sameCause!: boolean;
  @ApiProperty({ description: 'Marked helpful by the NOC on other tickets' }) helpful!: number;
  @ApiProperty({ description: 'Marked not helpful' }) notHelpful!: number;
}

export class CaseSuggestion {
  @ApiProperty({ type: CaseView }) case!: CaseView;
  @ApiProperty() score!: number;
  @ApiProperty({ type: CaseSuggestionWhy }) why!: CaseSuggestionWhy;
}

export class CaseSuggestionsView {
  @ApiPropertyOptional({ format: 'uuid' }) ticketId?: string;
  @ApiProperty({ type: [CaseSuggestion] }) items!: CaseSuggestion[];
}

export class CaseFeedbackBody {
  @ApiProperty({ format: 'uuid' }) @IsUUID() caseId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The ticket it was suggested for' }) @IsOptional() @IsUUID() ticketId?: string;
  @ApiProperty() @IsBoolean() helpful!: boolean;
}

export class CaseFeedbackView {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() helpful!: number;
  @ApiProperty() notHelpful!: number;
}

export class WriteUpBody {
  @ApiPropertyOptional({ description: "Keep the customer's identity (name, code, circuit code) in the text on purpose" }) @IsOptional() @IsBoolean() keepIdentity?: boolean;
  @ApiPropertyOptional({ enum: CASE_CATEGORIES, default: 'fault_handling' }) @IsOptional() @IsIn(CASE_CATEGORIES) category?: CaseCategory;
}

export class WriteUpRequest extends WriteUpBody {
  @IsUUID() ticketId!: string;
}

export const CaseRpc = {
  list: rpc<ListCasesQuery, Page<CaseView>>('rpc.reporting.cases.list', ListCasesQuery),
  get: rpc<CaseRequest, CaseView>('rpc.reporting.cases.get', CaseRequest),
  versions: rpc<CaseRequest, CaseVersionsView>('rpc.reporting.cases.versions', CaseRequest),
  create: rpc<CreateCaseBody, CaseView>('rpc.reporting.cases.create', CreateCaseBody),
  update: rpc<UpdateCaseRequest, CaseView>('rpc.reporting.cases.update', UpdateCaseRequest),
  review: rpc<CaseRequest, CaseView>('rpc.reporting.cases.review', CaseRequest),
  publish: rpc<CaseRequest, CaseView>('rpc.reporting.cases.publish', CaseRequest),
  loadSeed: rpc<EmptyRequest, CaseSeedResult>('rpc.reporting.cases.load-seed', EmptyRequest),
  suggest: rpc<CaseSuggestionsQuery, CaseSuggestionsView>('rpc.reporting.cases.suggest', CaseSuggestionsQuery),
  feedback: rpc<CaseFeedbackBody, CaseFeedbackView>('rpc.reporting.cases.feedback', CaseFeedbackBody),
  writeUp: rpc<WriteUpRequest, CaseView>('rpc.reporting.cases.write-up', WriteUpRequest),
};
