import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQuery } from '../paging';
import { SERVICE_TYPES, ServiceType } from '../provisioning/circuit';
import { Kpi } from './samples';

export const QUALITY_GROUPINGS = ['customer', 'serviceType', 'region', 'circuit'] as const;
export type QualityGrouping = (typeof QUALITY_GROUPINGS)[number];

export class QualityStatisticsQuery extends PageQuery {
  @ApiProperty({ enum: QUALITY_GROUPINGS, description: 'One row per customer, service type, region (the customer’s) or circuit' })
  @IsIn(QUALITY_GROUPINGS)
  groupBy!: QualityGrouping;

  @ApiProperty({ format: 'date-time', description: 'Start (inclusive; hourly roll-ups: from the hour it falls in)' }) @IsISO8601({ strict: true }) from!: string;
  @ApiProperty({ format: 'date-time', description: 'End (exclusive)' }) @IsISO8601({ strict: true }) to!: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ enum: SERVICE_TYPES }) @IsOptional() @IsIn(SERVICE_TYPES) serviceType?: ServiceType;
  @ApiPropertyOptional({ maxLength: 60 }) @IsOptional() @IsString() @Length(1, 60) region?: string;
}

/** One KPI over a group and period: the average of all samples, and percentiles of the circuits' hourly averages. */
export class KpiStatistics {
  @ApiProperty({ description: 'Samples carrying the KPI' }) samples!: number;
  @ApiProperty() avg!: number;
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
  @ApiProperty({ description: 'Median of the hourly averages' }) p50!: number;
  @ApiProperty({ description: '95th percentile of the hourly averages' }) p95!: number;
}

export class QualityStatisticsRow {
  @ApiProperty({ description: 'The customer id, service type, region or circuit id (region: empty when the customer has none)' }) key!: string;
  @ApiPropertyOptional({ description: 'The customer’s or circuit’s name or code' }) label?: string;
  @ApiProperty({ description: 'Circuits with samples in the period' }) circuits!: number;
  @ApiPropertyOptional({
    description: 'Availability (%): 100 × (1 − severely errored seconds ÷ seconds measured), over the samples carrying severelyErroredSeconds; absent without any',
  })
  availabilityPct?: number;
  @ApiProperty({ description: 'Per KPI (absent: no sample carried it)', type: 'object', additionalProperties: { $ref: '#/components/schemas/KpiStatistics' } })
  kpis!: Partial<Record<Kpi, KpiStatistics>>;
}

export class QualityStatisticsView {
  @ApiProperty({ enum: QUALITY_GROUPINGS }) groupBy!: QualityGrouping;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: [QualityStatisticsRow], description: 'By key' }) items!: QualityStatisticsRow[];
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
  @ApiProperty() hasMore!: boolean;
  @ApiPropertyOptional({ description: 'The number of groups; only with `count=exact`' }) total?: number;
}
