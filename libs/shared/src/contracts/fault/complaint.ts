import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { event, rpc } from '../contract';
import { CursorPageQuery, Page } from '../paging';

/** Complaints (投诉, seed 003): every complaint is taken, handled within working-day limits and answered. */
export const COMPLAINT_STATUSES = ['received', 'sorted', 'analysed', 'resolved', 'answered'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export class CreateComplaintBody {
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The fault ticket complained about, if any' }) @IsOptional() @IsUUID() ticketId?: string;
  @ApiProperty({ description: 'An important complaint has the shorter limits' }) @IsBoolean() important!: boolean;
  @ApiProperty({ description: 'Handling needs other departments: a plan is due instead of the handling itself' }) @IsBoolean() involvesOtherDepartments!: boolean;
  @ApiProperty({ example: '故障报告内容与实际不符，要求重新出具' }) @IsString() @Length(1, 4000) description!: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the complaint was received (a call, a letter); its limits run from it. Defaults to now; not in the future, not further back than maxBackdateMinutes',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  receivedAt?: string;
}

export class ComplaintStepBody {
  @ApiProperty({ example: '已分拣至网运部处理' }) @IsString() @Length(1, 4000) note!: string;
}

export class AnswerComplaintBody {
  @ApiProperty() @IsString() @Length(1, 4000) reply!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 1000) customerOpinion?: string;
}

export class ComplaintIdRequest {
  @IsUUID() id!: string;
}
export class CreateComplaintRequest extends CreateComplaintBody {}
export class ComplaintStepRequest extends ComplaintStepBody {
  @IsUUID() id!: string;
}
export class AnswerComplaintRequest extends AnswerComplaintBody {
  @IsUUID() id!: string;
}

export class ListComplaintsQuery extends CursorPageQuery {
  @ApiPropertyOptional({ enum: COMPLAINT_STATUSES }) @IsOptional() @IsIn(COMPLAINT_STATUSES) status?: ComplaintStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
}

export class ComplaintView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiPropertyOptional({ format: 'uuid' }) ticketId?: string;
  @ApiProperty() important!: boolean;
  @ApiProperty() involvesOtherDepartments!: boolean;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: COMPLAINT_STATUSES }) status!: ComplaintStatus;
  @ApiProperty({ format: 'date-time', description: 'When it was received' }) receivedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded' }) recordedAt!: string;
  @ApiProperty({ description: 'Who recorded it' }) receivedBy!: string;
  @ApiPropertyOptional({ description: 'The step now running and when it is due; provisional: computed on weekdays for a year whose holiday schedule is not loaded, recomputed when it is' })
  currentStep?: { kind: string; dueAt: string | null; provisional: boolean };
  @ApiProperty({ type: [String], description: 'Steps whose working-day limit was breached' }) breachedSteps!: string[];
}

export const ComplaintRpc = {
  create: rpc<CreateComplaintRequest, ComplaintView>('rpc.fault.complaints.create', CreateComplaintRequest),
  get: rpc<ComplaintIdRequest, ComplaintView>('rpc.fault.complaints.get', ComplaintIdRequest),
  list: rpc<ListComplaintsQuery, Page<ComplaintView>>('rpc.fault.complaints.list', ListComplaintsQuery),
  sort: rpc<ComplaintStepRequest, ComplaintView>('rpc.fault.complaints.sort', ComplaintStepRequest),
  analyse: rpc<ComplaintStepRequest, ComplaintView>('rpc.fault.complaints.analyse', ComplaintStepRequest),
  resolve: rpc<ComplaintStepRequest, ComplaintView>('rpc.fault.complaints.resolve', ComplaintStepRequest),
  answer: rpc<AnswerComplaintRequest, ComplaintView>('rpc.fault.complaints.answer', AnswerComplaintRequest),
};

/** A complaint moved on (received, sorted, analysed, resolved, answered): after-sales plans a crisis visit on the answer. */
export class ComplaintChangedData {
  @IsUUID() complaintId!: string;
  @IsString() number!: string;
  @IsUUID() customerId!: string;
  @IsOptional() @IsUUID() ticketId?: string;
  @IsBoolean() important!: boolean;
  @IsIn(COMPLAINT_STATUSES) status!: ComplaintStatus;
  @IsString() action!: string;
  @IsISO8601() at!: string;
}

export const ComplaintEvents = {
  changed: event<ComplaintChangedData>('evt.fault.complaint.changed.v1', ComplaintChangedData),
};
