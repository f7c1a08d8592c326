import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsNumber, IsObject, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { event } from '../contract';
import { CIRCUIT_GRADES, CircuitGrade, SERVICE_TYPES, ServiceType } from '../provisioning/circuit';
import { KPIS, Kpi } from './samples';

/** Every service type × grade × KPI: the most one change may carry. */
export const MAX_THRESHOLD_CHANGES = SERVICE_TYPES.length * CIRCUIT_GRADES.length * KPIS.length;

/** A static limit of one KPI for the circuits of one service type and grade. */
export class ThresholdDto {
  @ApiProperty({ enum: SERVICE_TYPES }) @IsIn(SERVICE_TYPES) serviceType!: ServiceType;
  @ApiProperty({ enum: CIRCUIT_GRADES }) @IsIn(CIRCUIT_GRADES) grade!: CircuitGrade;
  @ApiProperty({ enum: KPIS }) @IsIn(KPIS) kpi!: Kpi;
  @ApiProperty({ description: "The limit, in the KPI's unit and within the range its samples may have" }) @IsNumber({ allowNaN: false, allowInfinity: false }) limit!: number;
  @ApiPropertyOptional({ enum: ['above', 'below'], description: 'Which side of the limit is bad; default: below for opticalRxDbm, above for the others' })
  @IsOptional()
  @IsIn(['above', 'below'])
  bad?: 'above' | 'below';
}

export class ThresholdView extends ThresholdDto {
  @ApiProperty({ enum: ['above', 'below'] }) override bad!: 'above' | 'below';
}

export class ThresholdsQuery {
  @ApiPropertyOptional({ enum: SERVICE_TYPES }) @IsOptional() @IsIn(SERVICE_TYPES) serviceType?: ServiceType;
  @ApiPropertyOptional({ enum: CIRCUIT_GRADES }) @IsOptional() @IsIn(CIRCUIT_GRADES) grade?: CircuitGrade;
}

/** Thresholds to add or change (those left out keep theirs), against the version read. */
export class PutThresholdsBody {
  @ApiProperty({ type: [ThresholdDto], minItems: 1, maxItems: MAX_THRESHOLD_CHANGES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_THRESHOLD_CHANGES)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ThresholdDto)
  thresholds!: ThresholdDto[];

  @ApiPropertyOptional({ description: 'The thresholds version this change was made against; a later one gets 412 STALE_VERSION' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  expectedVersion?: number;

  @ApiPropertyOptional({ maxLength: 500, description: 'Why (kept with the version)' }) @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

/** The fluctuation rule's parameters: settings of the quality service, changed at PUT /api/v1/settings/quality. */
export class FluctuationRuleView {
  @ApiProperty({ description: 'The quality settings version these are from' }) settingsVersion!: number;
  @ApiProperty() consecutiveSamples!: number;
  @ApiProperty() baselineDays!: number;
  @ApiProperty() baselineFactor!: number;
  @ApiProperty() baselineMinSamples!: number;
  @ApiProperty() baselineRefreshHours!: number;
}

export class ThresholdsView {
  @ApiProperty({ description: '0 as installed; +1 at every change' }) version!: number;
  @ApiPropertyOptional({ format: 'date-time' }) changedAt?: string;
  @ApiPropertyOptional() changedBy?: string;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty({ type: [ThresholdView] }) thresholds!: ThresholdView[];
  @ApiProperty({ type: FluctuationRuleView }) fluctuation!: FluctuationRuleView;
}

/** One threshold, named in the path of its removal. */
export class ThresholdKeyParam {
  @ApiProperty({ enum: SERVICE_TYPES }) @IsIn(SERVICE_TYPES) serviceType!: ServiceType;
  @ApiProperty({ enum: CIRCUIT_GRADES }) @IsIn(CIRCUIT_GRADES) grade!: CircuitGrade;
  @ApiProperty({ enum: KPIS }) @IsIn(KPIS) kpi!: Kpi;
}

/** A removal's version and reason, as a PUT's. */
export class RemoveThresholdQuery {
  @ApiPropertyOptional({ description: 'The thresholds version this removal was made against; a later one gets 412 STALE_VERSION' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  expectedVersion?: number;

  @ApiPropertyOptional({ maxLength: 500, description: 'Why (kept with the version)' }) @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

/** What travels over NATS to remove a threshold: the path's key and the query's version and reason. */
export class RemoveThresholdRequest extends ThresholdKeyParam {
  @IsOptional() @IsInt() @Min(0) @Max(2_147_483_647) expectedVersion?: number;
  @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

/** A limit and its bad side, as before or after a change. */
export class ThresholdLimit {
  @ApiProperty() @IsNumber() limit!: number;
  @ApiProperty({ enum: ['above', 'below'] }) @IsIn(['above', 'below']) bad!: 'above' | 'below';
}

/** `set`: a threshold that did not exist; `changed`: a new limit or side; `removed`: no threshold any more. */
export const THRESHOLD_ACTIONS = ['set', 'changed', 'removed'] as const;
export type ThresholdAction = (typeof THRESHOLD_ACTIONS)[number];

/** What one version did to one threshold: before (`from`, absent when set) and after (`to`, absent when removed). */
export class ThresholdChange {
  @ApiProperty({ enum: SERVICE_TYPES }) @IsIn(SERVICE_TYPES) serviceType!: ServiceType;
  @ApiProperty({ enum: CIRCUIT_GRADES }) @IsIn(CIRCUIT_GRADES) grade!: CircuitGrade;
  @ApiProperty({ enum: KPIS }) @IsIn(KPIS) kpi!: Kpi;
  @ApiProperty({ enum: THRESHOLD_ACTIONS }) @IsIn(THRESHOLD_ACTIONS) action!: ThresholdAction;
  @ApiPropertyOptional({ type: ThresholdLimit }) @IsOptional() @ValidateNested() @Type(() => ThresholdLimit) from?: ThresholdLimit;
  @ApiPropertyOptional({ type: ThresholdLimit }) @IsOptional() @ValidateNested() @Type(() => ThresholdLimit) to?: ThresholdLimit;
}

/** One version of the thresholds: who made it (the signed-in admin), when, why, and what it did. */
export class ThresholdsHistoryEntry {
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) changedAt!: string;
  @ApiProperty() changedBy!: string;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty({ type: [ThresholdChange] }) changes!: ThresholdChange[];
}

/** Thresholds set, changed or removed (`evt.quality.thresholds.changed.v1`): one event per version. */
export class ThresholdsChangedData {
  @IsInt() @Min(1) version!: number;
  @IsISO8601() changedAt!: string;
  @IsString() changedBy!: string;
  @IsOptional() @IsString() reason?: string;
  @IsArray() @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => ThresholdChange) changes!: ThresholdChange[];
}

export const ThresholdEvents = {
  changed: event<ThresholdsChangedData>('evt.quality.thresholds.changed.v1', ThresholdsChangedData),
};
