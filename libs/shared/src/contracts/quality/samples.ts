import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, Matches } from 'class-validator';

/**
 * The KPIs of one 5-minute sample of a circuit (seed 003, 集客业务性能监控), with the unit in the name and the range a
 * sample must be in: utilisation in and out (%), packet loss (%), latency and jitter (ms), errored and severely
 * errored seconds within the interval, optical receive power (dBm).
 */
export const KPIS = ['utilInPct', 'utilOutPct', 'packetLossPct', 'latencyMs', 'jitterMs', 'erroredSeconds', 'severelyErroredSeconds', 'opticalRxDbm'] as const;
export type Kpi = (typeof KPIS)[number];

/** JetStream stream and subjects of the samples from network management systems: `quality.samples.<source>`. */
export const QUALITY_SAMPLES_STREAM = 'QUALITY_SAMPLES';
export const QUALITY_SAMPLES_SUBJECT_PREFIX = 'quality.samples';
/** Where the outcome of every batch from a source is published (core NATS): `quality.results.<source>`. */
export const QUALITY_RESULTS_SUBJECT_PREFIX = 'quality.results';
/** A source names the management system: letters, digits, `-` and `_` (one NATS subject token). */
export const SOURCE_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

/** One sample as sent; each is checked on its own, so a bad one is reported by its index and the rest are taken. */
export class SampleDto {
  @ApiProperty({ example: 'GZ-BJ-MSTP-0001', description: 'Circuit code (电路代号)' }) circuitCode!: string;
  @ApiProperty({ format: 'date-time', description: 'End of the 5-minute interval measured' }) at!: string;
  @ApiPropertyOptional({ example: 42.5 }) utilInPct?: number;
  @ApiPropertyOptional({ example: 38.1 }) utilOutPct?: number;
  @ApiPropertyOptional({ example: 0.01 }) packetLossPct?: number;
  @ApiPropertyOptional({ example: 12.3 }) latencyMs?: number;
  @ApiPropertyOptional({ example: 0.8 }) jitterMs?: number;
  @ApiPropertyOptional({ example: 0 }) erroredSeconds?: number;
  @ApiPropertyOptional({ example: 0 }) severelyErroredSeconds?: number;
  @ApiPropertyOptional({ example: -12.4 }) opticalRxDbm?: number;
}

/** Samples in one batch over HTTP (a smaller feed); over JetStream the setting `maxSamplesPerBatch` bounds a batch. */
export const MAX_HTTP_BATCH_SAMPLES = 1000;

/** A batch of samples over HTTP (over JetStream the same body is one message on `quality.samples.<source>`). */
export class SampleBatchBody {
  @ApiProperty({ example: 'nms-east-20261102T1005-17', description: 'Unique per source; a batch sent again with the same id is answered as the first time and stored once' })
  @IsString()
  @Matches(/^[A-Za-z0-9:._-]{1,100}$/, { message: 'batchId must be 1-100 letters, digits, ":", ".", "_" or "-"' })
  batchId!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    maxItems: MAX_HTTP_BATCH_SAMPLES,
    description:
      'Samples, each a `SampleDto` object. Each is checked on its own: a sample with a bad value is answered in `bad` with its index and reason, and the others are taken.',
  })
  @IsArray()
  @ArrayMaxSize(MAX_HTTP_BATCH_SAMPLES)
  @IsObject({ each: true })
  samples!: object[];
}

export class IngestSamplesRequest extends SampleBatchBody {
  @ApiPropertyOptional({
    example: 'nms-east',
    description: 'The feed the batch comes from: a feed client (client_credentials) is its own source and may leave it out; staff name it',
  })
  @IsOptional()
  @Matches(SOURCE_PATTERN, { message: 'source must be 1-40 letters, digits, "_" or "-"' })
  source?: string;
}

export class BadSample {
  @ApiProperty({ description: 'Position of the sample in the batch, from 0' }) index!: number;
  @ApiProperty({ example: 'latencyMs must be a number from 0 to 60000' }) reason!: string;
}

/** What became of each sample of a batch: accepted, of an unknown circuit, or bad — never silently dropped. */
export class IngestReply {
  @ApiProperty() source!: string;
  @ApiProperty() batchId!: string;
  @ApiProperty({ description: 'Samples in the batch' }) received!: number;
  @ApiProperty({ description: 'Samples stored' }) accepted!: number;
  @ApiProperty({ description: 'Samples of a circuit already stored for the same time (sent twice); not stored again' }) duplicates!: number;
  @ApiProperty({ description: 'Samples of circuits not in the inventory' }) unknownCircuits!: number;
  @ApiProperty({ type: [String], description: 'The unknown circuit codes, each once' }) unknownCircuitCodes!: string[];
  @ApiProperty({ type: [BadSample] }) bad!: BadSample[];
  @ApiProperty({ description: 'This batch id was ingested before: this is that answer, nothing was stored again' }) replayed!: boolean;
}
