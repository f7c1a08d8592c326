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

/** One KPI over a range: the average, minimum and maximum of its samples and how many there were. */
export class KpiStat {
  @ApiProperty() avg!: number;
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
  @ApiProperty({ description: 'Samples of this KPI in the range' }) samples!: number;
}

/**
 * One point of a KPI's series: `[at, avg, min, max, samples]` — the sample time or start of the bucket (ISO 8601), the
 * average, minimum and maximum over it and how many samples it holds (a raw sample: its value three times and 1).
 * An array, not an object: a 90-day series at 15 minutes has 8,640 of them.
 */
export type TrendPoint = [at: string, avg: number, min: number, max: number, samples: number];

export class TrendView {
  @ApiProperty({ format: 'uuid' }) circuitId!: string;
  @ApiProperty() circuitCode!: string;
  @ApiProperty({ enum: GRANULARITIES }) granularity!: Granularity;
  @ApiProperty({
    description:
      'Per KPI asked (all by default), its points oldest first, each `[at, avg, min, max, samples]`; a time at which no sample carried the KPI has no point in its series (a KPI no sample carried: an empty list)',
    type: 'object',
    additionalProperties: {
      type: 'array',
      items: {
        type: 'array',
        minItems: 5,
        maxItems: 5,
        items: { oneOf: [{ type: 'string', format: 'date-time' }, { type: 'number' }] },
        example: ['2026-12-01T02:00:00.000Z', 12.5, 10, 15, 3],
      },
    },
  })
  series!: Partial<Record<Kpi, TrendPoint[]>>;
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
