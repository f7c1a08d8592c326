import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { event, rpc } from '../contract';
import { Omittable } from '../mixins';
import { CursorPageQuery, Page } from '../paging';

/** Service types of §0: digital circuit/SDH, MSTP, Ethernet private line, MPLS VPN, internet dedicated line, voice/switching, IDC. */
export const SERVICE_TYPES = ['sdh', 'mstp', 'ethernet', 'mpls_vpn', 'internet', 'voice', 'idc', 'other'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Circuit grade (电路等级), highest first. */
export const CIRCUIT_GRADES = ['AAA', 'AA', 'A', 'B'] as const;
export type CircuitGrade = (typeof CIRCUIT_GRADES)[number];

/** How important the business a circuit carries is (e.g. a video-conference or call-centre system). */
export const BUSINESS_IMPORTANCE = ['critical', 'high', 'normal'] as const;
export type BusinessImportance = (typeof BUSINESS_IMPORTANCE)[number];

export const PROTECTIONS = ['main', 'backup', 'none'] as const;
export type Protection = (typeof PROTECTIONS)[number];

export const CIRCUIT_STATES = ['live', 'provisioning', 'ceased'] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];

/** The lowest grade fit for each importance: critical business needs AA or better, high needs A or better. */
const MIN_GRADE: Record<BusinessImportance, CircuitGrade> = { critical: 'AA', high: 'A', normal: 'B' };

/** Case 44: a low-grade circuit must not silently carry high-importance business. */
export function gradeBelowImportance(grade: CircuitGrade, importance: BusinessImportance): boolean {
  return CIRCUIT_GRADES.indexOf(grade) > CIRCUIT_GRADES.indexOf(MIN_GRADE[importance]);
}

export class CircuitEndDto {
  @ApiProperty({ example: '广州市天河区珠江新城某大厦3楼机房' })
  @IsString()
  @Length(1, 300)
  address!: string;

  @ApiProperty({ example: '广州' })
  @IsString()
  @Length(1, 50)
  city!: string;

  @ApiProperty({ example: '广东' })
  @IsString()
  @Length(1, 50)
  province!: string;
}

/** A segment of the route and the unit that maintains it (A-end access, backbone, Z-end access...). */
export class CircuitSegmentDto {
  @ApiProperty({ example: 'A端接入' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ example: '广州本地网传输中心' }) @IsString() @Length(1, 100) unit!: string;
}

export class CreateCircuitRequest {
  @ApiProperty({ description: 'Circuit code (电路代号), unique', example: 'GZ-BJ-MSTP-0001' })
  @Matches(/^[A-Za-z0-9\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5_\-/]{1,59}$/, { message: 'code must be 2-60 letters, digits, Chinese characters, "-", "_" or "/"' })
  code!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  customerId!: string;

  @ApiProperty({ enum: SERVICE_TYPES })
  @IsIn(SERVICE_TYPES)
  serviceType!: ServiceType;

  @ApiProperty({ example: 100, description: 'Mbit/s' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  bandwidthMbps!: number;

  @ApiProperty({ type: CircuitEndDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CircuitEndDto)
  aEnd!: CircuitEndDto;

  @ApiProperty({ type: CircuitEndDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CircuitEndDto)
  zEnd!: CircuitEndDto;

  @ApiProperty({ enum: CIRCUIT_GRADES })
  @IsIn(CIRCUIT_GRADES)
  grade!: CircuitGrade;

  @ApiProperty({ example: '总行视频会议系统', description: 'The business the circuit carries' })
  @IsString()
  @Length(1, 200)
  business!: string;

  @ApiProperty({ enum: BUSINESS_IMPORTANCE })
  @IsIn(BUSINESS_IMPORTANCE)
  importance!: BusinessImportance;

  @ApiProperty({ enum: PROTECTIONS })
  @IsIn(PROTECTIONS)
  protection!: Protection;

  @ApiPropertyOptional({ description: 'Code of the circuit that backs this one up' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  backupCircuitCode?: string;

  @ApiPropertyOptional({ type: [CircuitSegmentDto] })
  @IsOptional()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CircuitSegmentDto)
  @ArrayMaxSize(50)
  segments?: CircuitSegmentDto[];
}

export class CircuitView extends CreateCircuitRequest {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CIRCUIT_STATES }) state!: CircuitState;
  @ApiProperty({ description: 'The grade is below what the carried business needs (case 44)' }) gradeMismatch!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class GetCircuitRequest {
  @IsUUID()
  id!: string;
}

export class ListCircuitsQuery extends CursorPageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ enum: SERVICE_TYPES })
  @IsOptional()
  @IsIn(SERVICE_TYPES)
  serviceType?: ServiceType;

  @ApiPropertyOptional({ enum: CIRCUIT_STATES })
  @IsOptional()
  @IsIn(CIRCUIT_STATES)
  state?: CircuitState;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only circuits whose grade is below their business (case 44)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  gradeMismatch?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'Start of the circuit code' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  code?: string;
}

/** A change to a circuit of the inventory; each field left out stays as it is. */
export class UpdateCircuitBody {
  @ApiPropertyOptional({ enum: CIRCUIT_GRADES }) @Omittable() @IsIn(CIRCUIT_GRADES) grade?: CircuitGrade;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 200) business?: string;
  @ApiPropertyOptional({ enum: BUSINESS_IMPORTANCE }) @Omittable() @IsIn(BUSINESS_IMPORTANCE) importance?: BusinessImportance;
  @ApiPropertyOptional({ enum: PROTECTIONS }) @Omittable() @IsIn(PROTECTIONS) protection?: Protection;
  @ApiPropertyOptional() @Omittable() @IsString() @MaxLength(60) backupCircuitCode?: string;
  @ApiPropertyOptional({ enum: CIRCUIT_STATES }) @Omittable() @IsIn(CIRCUIT_STATES) state?: CircuitState;
}

export class UpdateCircuitRequest extends UpdateCircuitBody {
  @IsUUID() id!: string;
}

export const CircuitRpc = {
  update: rpc<UpdateCircuitRequest, CircuitView>('rpc.provisioning.circuits.update', UpdateCircuitRequest),
  create: rpc<CreateCircuitRequest, CircuitView>('rpc.provisioning.circuits.create', CreateCircuitRequest),
  get: rpc<GetCircuitRequest, CircuitView>('rpc.provisioning.circuits.get', GetCircuitRequest),
  list: rpc<ListCircuitsQuery, Page<CircuitView>>('rpc.provisioning.circuits.list', ListCircuitsQuery),
};

export class CircuitEndData {
  @IsString() address!: string;
  @IsString() city!: string;
  @IsString() province!: string;
}

/** The whole circuit as other services keep it; sent on creation and on every change. */
export class CircuitData {
  @IsUUID() id!: string;
  @IsString() code!: string;
  @IsUUID() customerId!: string;
  @IsIn(SERVICE_TYPES) serviceType!: ServiceType;
  @IsInt() bandwidthMbps!: number;
  @ValidateNested() @Type(() => CircuitEndData) aEnd!: CircuitEndData;
  @ValidateNested() @Type(() => CircuitEndData) zEnd!: CircuitEndData;
  @IsIn(CIRCUIT_GRADES) grade!: CircuitGrade;
  @IsString() business!: string;
  @IsIn(BUSINESS_IMPORTANCE) importance!: BusinessImportance;
  @IsIn(PROTECTIONS) protection!: Protection;
  @IsOptional() @IsString() backupCircuitCode?: string;
  @IsOptional() @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => CircuitSegmentDto) segments?: CircuitSegmentDto[];
  @IsIn(CIRCUIT_STATES) state!: CircuitState;
}

export const CircuitEvents = {
  created: event<CircuitData>('evt.provisioning.circuit.created.v1', CircuitData),
  updated: event<CircuitData>('evt.provisioning.circuit.updated.v1', CircuitData),
};
