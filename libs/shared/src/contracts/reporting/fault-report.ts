import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { event, rpc } from '../contract';
import { CursorPageQuery, Page } from '../paging';
import { CAUSE_CATEGORIES, CauseCategory, SEGMENTS, Segment, TICKET_STATUSES, TicketStatus } from '../fault/ticket';
import { INDUSTRIES, Industry, TIERS, Tier } from '../provisioning/customer';

export const FAULT_REPORT_KINDS = ['preliminary', 'final'] as const;
export type FaultReportKind = (typeof FAULT_REPORT_KINDS)[number];

/** A version is written (draft), reviewed by the customer engineer where review is required (final, group-level or cross-province), then submitted. */
export const FAULT_REPORT_STATUSES = ['draft', 'reviewed', 'submitted'] as const;
export type FaultReportStatus = (typeof FAULT_REPORT_STATUSES)[number];

/** The times and cause as the report states them: each is checked against the ticket. */
export class StatedFaultFacts {
  @ApiPropertyOptional({ format: 'date-time', description: 'When the fault happened (故障时间)' }) @IsOptional() @IsISO8601({ strict: true }) faultAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When it was reported (受理时间)' }) @IsOptional() @IsISO8601({ strict: true }) reportedAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When service was restored (业务恢复)' }) @IsOptional() @IsISO8601({ strict: true }) restoredAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the root fault was repaired (故障修复)' }) @IsOptional() @IsISO8601({ strict: true }) repairedAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the ticket was closed (结单)' }) @IsOptional() @IsISO8601({ strict: true }) closedAt?: string;
  @ApiPropertyOptional({ enum: CAUSE_CATEGORIES }) @IsOptional() @IsIn(CAUSE_CATEGORIES) causeCategory?: CauseCategory;
  @ApiPropertyOptional({ enum: SEGMENTS }) @IsOptional() @IsIn(SEGMENTS) causeSegment?: Segment;
  @ApiPropertyOptional({ description: 'The cause as the report words it: the customer-facing cause where the closure marked one (case 14)', example: '传输线路瞬断' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  cause?: string;
}

export class CreateFaultReportVersionBody {
  @ApiProperty({ enum: FAULT_REPORT_KINDS, description: 'preliminary while the ticket is open; final only once it is closed' }) @IsIn(FAULT_REPORT_KINDS) kind!: FaultReportKind;
  @ApiProperty({ description: 'Measures taken (处理措施)', example: '更换A端光模块' }) @IsString() @Length(1, 8000) measures!: string;
  @ApiProperty({ description: 'Preventive measures (预防措施)', example: '排查同批次光模块' }) @IsString() @Length(1, 8000) preventiveMeasures!: string;
  @ApiPropertyOptional({ example: '故障已恢复并修复' }) @IsOptional() @IsString() @Length(1, 8000) summary?: string;
  @ApiProperty({ type: StatedFaultFacts, description: 'The times and cause as the report states them' })
  @IsObject()
  @ValidateNested()
  @Type(() => StatedFaultFacts)
  stated!: StatedFaultFacts;
}

export class CreateFaultReportVersionRequest extends CreateFaultReportVersionBody {
  @IsUUID() ticketId!: string;
}

export class FaultReportRequest {
  @IsUUID() ticketId!: string;
}

export class FaultReportVersionRequest {
  @IsUUID() ticketId!: string;
  @IsInt() @Min(1) n!: number;
}

export class ListFaultReportsQuery extends CursorPageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ enum: ['none', ...FAULT_REPORT_STATUSES], description: 'The status of the latest version; none: no version yet' })
  @IsOptional()
  @IsIn(['none', ...FAULT_REPORT_STATUSES])
  status?: FaultReportStatus | 'none';
  @ApiPropertyOptional({ format: 'date-time', description: 'Faults at or after' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Faults before' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
}

/** One field where a version disagrees with the ticket (case 13). */
export class FaultReportDisagreement {
  @ApiProperty({ example: 'causeCategory' }) field!: string;
  @ApiProperty({ nullable: true, type: String }) reportValue!: string | null;
  @ApiProperty({ nullable: true, type: String }) ticketValue!: string | null;
}

export class FaultReportTimesView {
  @ApiPropertyOptional({ format: 'date-time' }) faultAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Intake (受理)' }) reportedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) openedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) restoredAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) repairedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) closedAt?: string;
}

export class FaultReportCircuitView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiPropertyOptional() serviceType?: string;
  @ApiPropertyOptional() business?: string;
  @ApiPropertyOptional() aProvince?: string;
  @ApiPropertyOptional() zProvince?: string;
}

export class FaultReportCustomerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() code?: string;
  @ApiPropertyOptional({ enum: INDUSTRIES }) industry?: Industry;
  @ApiPropertyOptional({ enum: TIERS }) tier?: Tier;
  @ApiPropertyOptional() customerEngineer?: string;
}

export class FaultReportScopeView {
  @ApiPropertyOptional({ type: FaultReportCircuitView }) circuit?: FaultReportCircuitView;
  @ApiProperty({ type: FaultReportCustomerView }) customer!: FaultReportCustomerView;
  @ApiPropertyOptional({ format: 'uuid', description: 'The network incident the ticket is part of' }) incidentId?: string;
}

export class FaultReportCauseView {
  @ApiPropertyOptional({ enum: CAUSE_CATEGORIES, description: 'Staff only, and absent for customers where a customer-facing cause was marked' }) category?: CauseCategory;
  @ApiPropertyOptional({ enum: SEGMENTS }) segment?: Segment;
  @ApiPropertyOptional({ description: 'The cause the report shows: the customer-facing one where the closure marked a difference' }) shown?: string;
  @ApiPropertyOptional({ description: 'Staff only: the true description where it differs from the one shown' }) trueDescription?: string;
}

export class FaultReportProcessStep {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ example: 'dispatch' }) action!: string;
  @ApiProperty({ enum: TICKET_STATUSES }) status!: TicketStatus;
  @ApiPropertyOptional({ description: 'Staff only: whether the customer was told of this step' }) customerVisible?: boolean;
}

export class FaultReportClockView {
  @ApiProperty({ example: 'resolution' }) kind!: string;
  @ApiPropertyOptional() met?: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) breachedAt?: string;
  @ApiPropertyOptional() countedMs?: number;
  @ApiPropertyOptional() exemptMs?: number;
}

export class FaultReportVersionView {
  @ApiProperty() n!: number;
  @ApiProperty({ enum: FAULT_REPORT_KINDS }) kind!: FaultReportKind;
  @ApiProperty({ enum: FAULT_REPORT_STATUSES }) status!: FaultReportStatus;
  @ApiProperty() reviewRequired!: boolean;
  @ApiProperty() measures!: string;
  @ApiProperty() preventiveMeasures!: string;
  @ApiPropertyOptional() summary?: string;
  @ApiProperty({ type: StatedFaultFacts }) stated!: StatedFaultFacts;
  @ApiPropertyOptional({ type: [FaultReportDisagreement], description: 'Where it disagrees with the ticket now (staff only); it cannot be reviewed or submitted until empty' })
  disagreements?: FaultReportDisagreement[];
  @ApiPropertyOptional() createdBy?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional() reviewedBy?: string;
  @ApiPropertyOptional({ format: 'date-time' }) reviewedAt?: string;
  @ApiPropertyOptional() submittedBy?: string;
  @ApiPropertyOptional({ format: 'date-time' }) submittedAt?: string;
}

/** The fault report (故障报告) of one ticket: built from the read model now, with its written versions. */
export class FaultReportView {
  @ApiProperty({ format: 'uuid' }) ticketId!: string;
  @ApiPropertyOptional() number?: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ enum: FAULT_REPORT_KINDS, description: 'preliminary while the ticket is open, final once closed' }) kind!: FaultReportKind;
  @ApiPropertyOptional({ enum: TICKET_STATUSES }) ticketStatus?: TicketStatus;
  @ApiPropertyOptional() symptom?: string;
  @ApiProperty({ type: FaultReportTimesView }) times!: FaultReportTimesView;
  @ApiProperty({ type: FaultReportScopeView }) scope!: FaultReportScopeView;
  @ApiProperty({ type: FaultReportCauseView }) cause!: FaultReportCauseView;
  @ApiProperty({ type: [FaultReportProcessStep] }) process!: FaultReportProcessStep[];
  @ApiPropertyOptional({ type: [FaultReportClockView], description: 'Staff only' }) clocks?: FaultReportClockView[];
  @ApiProperty({ description: 'The final version must be reviewed by the customer engineer before it is submitted' }) reviewRequired!: boolean;
  @ApiProperty({ enum: ['none', ...FAULT_REPORT_STATUSES] }) status!: FaultReportStatus | 'none';
  @ApiProperty({ type: [FaultReportVersionView], description: 'For customers: the submitted versions only' }) versions!: FaultReportVersionView[];
}

export class FaultReportChangedData {
  @IsUUID() ticketId!: string;
  @IsUUID() customerId!: string;
  @IsInt() n!: number;
  @IsIn(FAULT_REPORT_KINDS) kind!: FaultReportKind;
  @IsIn(FAULT_REPORT_STATUSES) status!: FaultReportStatus;
  @IsString() by!: string;
  @IsISO8601() at!: string;
}

export const FaultReportEvents = {
  changed: event<FaultReportChangedData>('evt.reporting.fault-report.changed.v1', FaultReportChangedData),
};

export const FaultReportRpc = {
  get: rpc<FaultReportRequest, FaultReportView>('rpc.reporting.fault-reports.get', FaultReportRequest),
  list: rpc<ListFaultReportsQuery, Page<FaultReportView>>('rpc.reporting.fault-reports.list', ListFaultReportsQuery),
  createVersion: rpc<CreateFaultReportVersionRequest, FaultReportView>('rpc.reporting.fault-reports.create-version', CreateFaultReportVersionRequest),
  review: rpc<FaultReportVersionRequest, FaultReportView>('rpc.reporting.fault-reports.review', FaultReportVersionRequest),
  submit: rpc<FaultReportVersionRequest, FaultReportView>('rpc.reporting.fault-reports.submit', FaultReportVersionRequest),
};
