import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { KPIS, Kpi } from './samples';

/** 5 min: the raw samples; 15 min and 1 h: the roll-ups (seed 003: 5 分钟、15 分钟、小时). */
export const GRANULARITIES = ['5m', '15m', '1h'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export class TrendQuery {
  @ApiPropertyOptional({ enum: GRANULARITIES, default: '5m' })
  @IsOptional()
  @IsIn(GRANULARITIES)
  granularity?: Granularity;

  @ApiPropertyOptional({ format: 'date-time', description: 'Start of the range (inclusive); without from and to: the last `points` points' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End of the range (exclusive); default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ example: 'latencyMs,packetLossPct', description: `Only these KPIs, comma-separated (${KPIS.join(', ')}); default all` })
  @IsOptional()
  @Matches(new RegExp(`^(${KPIS.join('|')})(,(${KPIS.join('|')})){0,${KPIS.length - 1}}$`), { message: `kpis must be KPI names separated by commas: ${KPIS.join(', ')}` })
  kpis?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10000, description: 'The last … points (without a range; default a setting)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  points?: number;
}

export class CircuitTrendRequest extends TrendQuery {
  @IsUUID() circuitId!: string;
}

/** One KPI over one point: a raw sample's value, or over a roll-up bucket the average, minimum and maximum. */
export class KpiStat {
  @ApiProperty() avg!: number;
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
  @ApiProperty({ description: 'Samples the bucket holds for this KPI' }) samples!: number;
}

export class TrendPoint {
  @ApiProperty({ format: 'date-time', description: 'Sample time, or start of the bucket' }) at!: string;
  @ApiProperty({ description: 'Per KPI (absent: no sample carried it)', type: 'object', additionalProperties: { $ref: '#/components/schemas/KpiStat' } })
  kpis!: Partial<Record<Kpi, KpiStat>>;
}

export class TrendView {
  @ApiProperty({ format: 'uuid' }) circuitId!: string;
  @ApiProperty() circuitCode!: string;
  @ApiProperty({ enum: GRANULARITIES }) granularity!: Granularity;
  @ApiProperty({ type: [TrendPoint], description: 'Oldest first' }) points!: TrendPoint[];
}

export class WorstCircuitsQuery {
  @ApiPropertyOptional({ enum: KPIS, default: 'latencyMs', description: 'Ranked by its average (optical receive power: lowest first, the others: highest first)' })
  @IsOptional()
  @IsIn(KPIS)
  kpi?: Kpi;

  @ApiPropertyOptional({ format: 'date-time', description: 'Default: 24 hours before `to`' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Default: now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class CustomerWorstCircuitsRequest extends WorstCircuitsQuery {
  @IsUUID() customerId!: string;
}

export class WorstCircuit {
  @ApiProperty({ format: 'uuid' }) circuitId!: string;
  @ApiProperty() circuitCode!: string;
  @ApiProperty() serviceType!: string;
  @ApiProperty() grade!: string;
  @ApiProperty({ type: KpiStat }) stat!: KpiStat;
  @ApiProperty({ description: 'Warnings of the circuit active now' }) activeWarnings!: number;
}

export class WorstCircuitsView {
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ enum: KPIS }) kpi!: Kpi;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: [WorstCircuit], description: 'Worst first (from the hourly roll-ups)' }) circuits!: WorstCircuit[];
}
