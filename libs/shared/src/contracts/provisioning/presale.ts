import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { rpc } from '../contract';
import { CursorPageQuery, Page } from '../paging';
import { CircuitEndDto, SERVICE_TYPES, ServiceType } from './circuit';
import { IsCalendarDate } from '../stated-time';

/** Pre-sale (§2.1): a demand is a query or an order; a resource check per segment; a problem list. */
export const DEMAND_KINDS = ['query', 'order'] as const;
export const CHECK_RESULTS = ['available', 'not_available', 'construction_needed'] as const;
export const PROBLEM_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;

export class CreateDemandBody {
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId!: string;
  @ApiProperty({ enum: DEMAND_KINDS }) @IsIn(DEMAND_KINDS) kind!: (typeof DEMAND_KINDS)[number];
  @ApiProperty({ enum: SERVICE_TYPES }) @IsIn(SERVICE_TYPES) serviceType!: ServiceType;
  @ApiProperty() @IsInt() @Min(0) @Max(1_000_000) bandwidthMbps!: number;
  @ApiProperty({ type: CircuitEndDto }) @IsObject() @ValidateNested() @Type(() => CircuitEndDto) aEnd!: CircuitEndDto;
  @ApiProperty({ type: CircuitEndDto }) @IsObject() @ValidateNested() @Type(() => CircuitEndDto) zEnd!: CircuitEndDto;
  @ApiProperty() @IsString() @Length(1, 4000) description!: string;
}

export class CheckSegmentDto {
  @ApiProperty({ example: 'A端接入' }) @IsString() @Length(1, 100) segment!: string;
  @ApiProperty({ enum: CHECK_RESULTS }) @IsIn(CHECK_RESULTS) result!: (typeof CHECK_RESULTS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 1000) note?: string;
}

export class ResourceCheckBody {
  @ApiProperty({ type: [CheckSegmentDto] }) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => CheckSegmentDto) @ArrayMinSize(1) @ArrayMaxSize(50) segments!: CheckSegmentDto[];
}

export class ProblemBody {
  @ApiProperty() @IsString() @Length(1, 2000) description!: string;
  @ApiProperty({ description: 'What must be achieved' }) @IsString() @Length(1, 1000) target!: string;
  @ApiProperty({ example: '2026-12-15' }) @IsCalendarDate() dueDate!: string;
  @ApiProperty() @IsString() @Length(1, 100) owner!: string;
}

export class ProblemStatusBody {
  @ApiProperty({ enum: PROBLEM_STATUSES }) @IsIn(PROBLEM_STATUSES) status!: (typeof PROBLEM_STATUSES)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

export class DemandIdRequest {
  @IsUUID() id!: string;
}
export class CreateDemandRequest extends CreateDemandBody {}
export class ResourceCheckRequest extends ResourceCheckBody {
  @IsUUID() id!: string;
}
export class ProblemRequest extends ProblemBody {
  @IsUUID() id!: string;
}
export class ProblemStatusRequest extends ProblemStatusBody {
  @IsUUID() id!: string;
  @IsUUID() problemId!: string;
}
export class ListDemandsQuery extends CursorPageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ enum: DEMAND_KINDS }) @IsOptional() @IsIn(DEMAND_KINDS) kind?: (typeof DEMAND_KINDS)[number];
}

export class ResourceCheckView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: [CheckSegmentDto] }) segments!: CheckSegmentDto[];
  @ApiProperty({ format: 'date-time' }) checkedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'A check is valid for one month' }) validUntil!: string;
  @ApiProperty() valid!: boolean;
  @ApiProperty({ description: 'The user who recorded the check' }) by!: string;
}

export class ProblemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() description!: string;
  @ApiProperty() target!: string;
  @ApiProperty() dueDate!: string;
  @ApiProperty() owner!: string;
  @ApiProperty({ enum: PROBLEM_STATUSES }) status!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class DemandView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ enum: DEMAND_KINDS }) kind!: string;
  @ApiProperty({ enum: SERVICE_TYPES }) serviceType!: ServiceType;
  @ApiProperty() bandwidthMbps!: number;
  @ApiProperty({ type: CircuitEndDto }) aEnd!: CircuitEndDto;
  @ApiProperty({ type: CircuitEndDto }) zEnd!: CircuitEndDto;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [ResourceCheckView] }) resourceChecks!: ResourceCheckView[];
  @ApiProperty({ type: [ProblemView] }) problems!: ProblemView[];
}

export const DemandRpc = {
  create: rpc<CreateDemandRequest, DemandView>('rpc.provisioning.demands.create', CreateDemandRequest),
  get: rpc<DemandIdRequest, DemandView>('rpc.provisioning.demands.get', DemandIdRequest),
  list: rpc<ListDemandsQuery, Page<DemandView>>('rpc.provisioning.demands.list', ListDemandsQuery),
  check: rpc<ResourceCheckRequest, DemandView>('rpc.provisioning.demands.check', ResourceCheckRequest),
  addProblem: rpc<ProblemRequest, DemandView>('rpc.provisioning.demands.add-problem', ProblemRequest),
  problemStatus: rpc<ProblemStatusRequest, DemandView>('rpc.provisioning.demands.problem-status', ProblemStatusRequest),
};
