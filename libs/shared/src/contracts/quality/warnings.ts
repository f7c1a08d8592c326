import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { event } from '../contract';
import { CursorPageQuery } from '../paging';
import { CIRCUIT_GRADES, CircuitGrade, SERVICE_TYPES, ServiceType } from '../provisioning/circuit';
import { KPIS, Kpi } from './samples';

/** `threshold`: a static limit of the circuit's service type and grade; `baseline`: above the circuit's own percentile by a factor. */
export const WARNING_RULES = ['threshold', 'baseline'] as const;
export type WarningRule = (typeof WARNING_RULES)[number];

export class EvidenceSample {
  @ApiProperty({ format: 'date-time' }) @IsISO8601() at!: string;
  @ApiProperty() @IsNumber() value!: number;
}

/** A fluctuation warning (波动预警) of one circuit and KPI, as raised and as cleared. */
export class QualityWarningData {
  @ApiProperty({ format: 'uuid' }) @IsUUID() warningId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() circuitId!: string;
  @ApiProperty() @IsString() circuitCode!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId!: string;
  @ApiProperty({ enum: SERVICE_TYPES }) @IsIn(SERVICE_TYPES) serviceType!: ServiceType;
  @ApiProperty({ enum: CIRCUIT_GRADES }) @IsIn(CIRCUIT_GRADES) grade!: CircuitGrade;
  @ApiProperty({ enum: KPIS }) @IsIn(KPIS) kpi!: Kpi;
  @ApiProperty({ enum: WARNING_RULES }) @IsIn(WARNING_RULES) rule!: WarningRule;
  @ApiProperty({ description: 'The limit crossed: the threshold, or the baseline percentile times the factor' }) @IsNumber() limit!: number;
  @ApiProperty({ description: 'What the limit says: above or below it is bad', enum: ['above', 'below'] }) @IsIn(['above', 'below']) bad!: 'above' | 'below';
  @ApiProperty({ type: [EvidenceSample], description: 'The consecutive samples that raised (or cleared) it' })
  @ValidateNested({ each: true })
  @Type(() => EvidenceSample)
  samples!: EvidenceSample[];
  @ApiProperty({ format: 'date-time' }) @IsISO8601() raisedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601() clearedAt?: string;
}

export const QualityEvents = {
  warningRaised: event<QualityWarningData>('evt.quality.warning.raised.v1', QualityWarningData),
  warningCleared: event<QualityWarningData>('evt.quality.warning.cleared.v1', QualityWarningData),
};

export class WarningView extends QualityWarningData {
  @ApiProperty({ enum: ['active', 'cleared'] }) status!: 'active' | 'cleared';
}

export class ListWarningsQuery extends CursorPageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() circuitId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ enum: ['active', 'cleared'] }) @IsOptional() @IsIn(['active', 'cleared']) status?: 'active' | 'cleared';
}
