import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { event } from '../contract';
import { SEGMENTS, Segment } from '../fault/ticket';
import { CursorPageQuery } from '../paging';
import { SERVICE_TYPES, ServiceType } from '../provisioning/circuit';

/**
 * Active probes of a circuit (seed 003, 业务质量拨测): ping (loss and round trip), throughput (up and down) and path
 * (the hops, to place the fault on a segment).
 */
export const DIAL_TEST_KINDS = ['ping', 'throughput', 'path'] as const;
export type DialTestKind = (typeof DIAL_TEST_KINDS)[number];
export const DIAL_TEST_STATUSES = ['requested', 'passed', 'failed', 'expired'] as const;
export type DialTestStatus = (typeof DIAL_TEST_STATUSES)[number];
export const DIAL_TEST_OUTCOMES = ['passed', 'failed'] as const;
export type DialTestOutcome = (typeof DIAL_TEST_OUTCOMES)[number];

/**
 * JetStream stream and subjects of the results probe systems send: `quality.dial-results.<source>`, one result per
 * message (body `DialTestResultBody`). The requests they act on are the events `evt.quality.dial-test.requested.v1`
 * of the platform's EVENTS stream (a durable consumer of the probe system, filtered on that subject).
 */
export const QUALITY_DIAL_RESULTS_STREAM = 'QUALITY_DIAL_RESULTS';
export const QUALITY_DIAL_RESULTS_SUBJECT_PREFIX = 'quality.dial-results';
/** Where the outcome of each result message is published (core NATS): `quality.dial-outcomes.<source>`. */
export const QUALITY_DIAL_OUTCOMES_SUBJECT_PREFIX = 'quality.dial-outcomes';
/** A path has at most 255 hops (the IP time-to-live); the setting `maxPathHops` may allow fewer. */
export const PATH_HOPS_CEILING = 255;

export class RequestDialTestBody {
  @ApiProperty({ enum: DIAL_TEST_KINDS }) @IsIn(DIAL_TEST_KINDS) kind!: DialTestKind;
  @ApiPropertyOptional({ maxLength: 500, description: 'What to look at (for the probe operator)' }) @IsOptional() @IsString() @Length(1, 500) note?: string;
}

export class RequestCircuitDialTestBody extends RequestDialTestBody {
  @ApiProperty({ format: 'uuid' }) @IsUUID() circuitId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: "An open fault ticket of the circuit the test is for: its failed result is that ticket's evidence" })
  @IsOptional()
  @IsUUID()
  ticketId?: string;
}

/** Over NATS: a circuit, or a ticket (whose circuit is probed). */
export class RequestDialTestRequest extends RequestDialTestBody {
  @IsOptional() @IsUUID() circuitId?: string;
  @IsOptional() @IsUUID() ticketId?: string;
}

export class PingResult {
  @ApiProperty({ minimum: 1, maximum: 100000 }) @IsInt() @Min(1) @Max(100_000) sent!: number;
  @ApiProperty({ minimum: 0, maximum: 100000 }) @IsInt() @Min(0) @Max(100_000) received!: number;
  @ApiPropertyOptional({ description: 'Average round trip (ms) of the answered ones' }) @IsOptional() @IsNumber() @Min(0) @Max(60_000) rttAvgMs?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(60_000) rttMaxMs?: number;
}

export class ThroughputResult {
  @ApiProperty({ description: 'Measured towards the customer (Mbit/s)' }) @IsNumber() @Min(0) @Max(1_000_000) downMbps!: number;
  @ApiProperty({ description: 'Measured from the customer (Mbit/s)' }) @IsNumber() @Min(0) @Max(1_000_000) upMbps!: number;
}

export class PathHop {
  @ApiProperty({ minimum: 1, maximum: PATH_HOPS_CEILING }) @IsInt() @Min(1) @Max(PATH_HOPS_CEILING) hop!: number;
  @ApiProperty({ description: 'Address or name of the hop', maxLength: 100 }) @IsString() @Length(1, 100) address!: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(60_000) rttMs?: number;
  @ApiPropertyOptional({ description: 'The hop did not answer' }) @IsOptional() @IsBoolean() lost?: boolean;
}

export class PathResult {
  @ApiProperty({ type: [PathHop], maxItems: PATH_HOPS_CEILING }) @IsArray() @ArrayMaxSize(PATH_HOPS_CEILING) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => PathHop) hops!: PathHop[];
}

/**
 * A probe system's result (over HTTP, or one message on `quality.dial-results.<source>`). With the `dialTestId` of a
 * request it answers that request; a test the probe ran on its own names the circuit and kind, with an id of its
 * making. A result sent again for the same id is answered as the first time and recorded once.
 */
export class DialTestResultBody {
  @ApiProperty({ format: 'uuid', description: "The request's id (from the requested event), or a new one for a test the probe ran on its own" })
  @IsUUID()
  dialTestId!: string;

  @ApiPropertyOptional({ description: 'Only for a test the probe ran on its own: the circuit tested' }) @IsOptional() @IsString() @Length(1, 60) circuitCode?: string;
  @ApiPropertyOptional({ enum: DIAL_TEST_KINDS, description: 'Only for a test the probe ran on its own' }) @IsOptional() @IsIn(DIAL_TEST_KINDS) kind?: DialTestKind;
  @ApiProperty({ enum: DIAL_TEST_OUTCOMES }) @IsIn(DIAL_TEST_OUTCOMES) outcome!: DialTestOutcome;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) finishedAt!: string;
  @ApiPropertyOptional({ type: PingResult, description: 'Required for a ping test' }) @IsOptional() @IsObject() @ValidateNested() @Type(() => PingResult) ping?: PingResult;
  @ApiPropertyOptional({ type: ThroughputResult, description: 'Required for a throughput test' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ThroughputResult)
  throughput?: ThroughputResult;
  @ApiPropertyOptional({ type: PathResult, description: 'Required for a path test' }) @IsOptional() @IsObject() @ValidateNested() @Type(() => PathResult) path?: PathResult;
  @ApiPropertyOptional({ enum: SEGMENTS, description: 'Where the probe places the fault (failed tests)' }) @IsOptional() @IsIn(SEGMENTS) faultySegment?: Segment;
  @ApiPropertyOptional({ description: 'The first hop found faulty (path tests)' }) @IsOptional() @IsInt() @Min(1) @Max(PATH_HOPS_CEILING) faultyHop?: number;
  @ApiPropertyOptional({ maxLength: 2000, description: "The probe's own words" }) @IsOptional() @IsString() @Length(1, 2000) detail?: string;
}

export class DialTestResultReply {
  @ApiProperty({ format: 'uuid' }) dialTestId!: string;
  @ApiProperty({ enum: DIAL_TEST_OUTCOMES }) outcome!: DialTestOutcome;
  @ApiProperty({ description: 'This result was recorded before: this is that answer, nothing changed' }) replayed!: boolean;
  @ApiPropertyOptional({ format: 'uuid', description: 'The open ticket of the circuit a failed result is evidence for' }) ticketId?: string;
}

/** A request for a dial test, as probe systems consume it (`evt.quality.dial-test.requested.v1`). */
export class DialTestRequestedData {
  @ApiProperty({ format: 'uuid' }) @IsUUID() dialTestId!: string;
  @ApiProperty({ enum: DIAL_TEST_KINDS }) @IsIn(DIAL_TEST_KINDS) kind!: DialTestKind;
  @ApiProperty({ format: 'uuid' }) @IsUUID() circuitId!: string;
  @ApiProperty() @IsString() circuitCode!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId!: string;
  @ApiProperty({ enum: SERVICE_TYPES }) @IsIn(SERVICE_TYPES) serviceType!: ServiceType;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() ticketId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() ticketNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() note?: string;
  @ApiProperty() @IsString() requestedBy!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601() requestedAt!: string;
}

/** A dial test's result as recorded (`evt.quality.dial-test.completed.v1`): fault attaches a failed one to the circuit's open ticket. */
export class DialTestCompletedData {
  @IsUUID() dialTestId!: string;
  @IsIn(DIAL_TEST_KINDS) kind!: DialTestKind;
  @IsUUID() circuitId!: string;
  @IsString() circuitCode!: string;
  @IsUUID() customerId!: string;
  @IsIn(DIAL_TEST_OUTCOMES) outcome!: DialTestOutcome;
  @IsOptional() @IsUUID() ticketId?: string;
  @IsString() source!: string;
  @IsISO8601() startedAt!: string;
  @IsISO8601() finishedAt!: string;
  @IsOptional() @ValidateNested() @Type(() => PingResult) ping?: PingResult;
  @IsOptional() @ValidateNested() @Type(() => ThroughputResult) throughput?: ThroughputResult;
  @IsOptional() @ValidateNested() @Type(() => PathResult) path?: PathResult;
  @IsOptional() @IsIn(SEGMENTS) faultySegment?: Segment;
  @IsOptional() @IsInt() faultyHop?: number;
  @IsOptional() @IsString() detail?: string;
}

export const DialTestEvents = {
  requested: event<DialTestRequestedData>('evt.quality.dial-test.requested.v1', DialTestRequestedData),
  completed: event<DialTestCompletedData>('evt.quality.dial-test.completed.v1', DialTestCompletedData),
};

/**
 * A dial test as listed. A customer's user sees its own circuits' tests without what is internal: who asked, the
 * path's hops (the operator's network), the probe's own words and which system ran it.
 */
export class DialTestView {
  @ApiProperty({ format: 'uuid' }) dialTestId!: string;
  @ApiProperty({ enum: DIAL_TEST_KINDS }) kind!: DialTestKind;
  @ApiProperty({ enum: DIAL_TEST_STATUSES }) status!: DialTestStatus;
  @ApiProperty({ format: 'uuid' }) circuitId!: string;
  @ApiProperty() circuitCode!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiPropertyOptional({ format: 'uuid' }) ticketId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Absent for a test the probe ran on its own' }) requestedAt?: string;
  @ApiPropertyOptional({ description: 'Staff only' }) requestedBy?: string;
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional({ description: 'Staff only: the probe system' }) source?: string;
  @ApiPropertyOptional({ format: 'date-time' }) startedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) finishedAt?: string;
  @ApiPropertyOptional({ type: PingResult }) ping?: PingResult;
  @ApiPropertyOptional({ type: ThroughputResult }) throughput?: ThroughputResult;
  @ApiPropertyOptional({ type: PathResult, description: 'Staff only' }) path?: PathResult;
  @ApiPropertyOptional({ enum: SEGMENTS }) faultySegment?: Segment;
  @ApiPropertyOptional({ description: 'Staff only' }) faultyHop?: number;
  @ApiPropertyOptional({ description: 'Staff only' }) detail?: string;
}

export class ListDialTestsQuery extends CursorPageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() circuitId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() ticketId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ enum: DIAL_TEST_KINDS }) @IsOptional() @IsIn(DIAL_TEST_KINDS) kind?: DialTestKind;
  @ApiPropertyOptional({ enum: DIAL_TEST_STATUSES }) @IsOptional() @IsIn(DIAL_TEST_STATUSES) status?: DialTestStatus;
  @ApiPropertyOptional({ format: 'date-time', description: 'Created (requested, or reported) at or after' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Created before' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
}

/** A ticket's dial tests: the ticket must be known (and, to a customer's user, its own). */
export class TicketDialTestsQuery extends ListDialTestsQuery {
  @IsUUID() id!: string;
}

export class DialTestIdRequest {
  @IsUUID() id!: string;
}
