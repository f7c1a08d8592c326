import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { event, EventContract, rpc } from './contract';
import { QueryBoolean } from './mixins';
import { CursorPageQuery, Page } from './paging';

/** Wall-clock 24×7; working time (hours, fractions of a day); whole working days (DOMAIN.md, counting working days). */
export const CLOCK_BASES = ['wall', 'working', 'working-days'] as const;
export type ClockBasis = (typeof CLOCK_BASES)[number];

/** What every clock event says about its clock. */
export class ClockEventData {
  @IsUUID() clockId!: string;
  @IsString() subjectType!: string;
  @IsString() subjectId!: string;
  /** The customer whose business it times (absent on clocks started before this was recorded). */
  @IsOptional() @IsUUID() customerId?: string;
  @IsString() kind!: string;
  @IsIn(CLOCK_BASES) basis!: ClockBasis;
  @IsInt() limitMs!: number;
  @IsOptional() @IsISO8601() dueAt?: string;
  /** True when the deadline was computed on plain weekdays for a year with no loaded schedule (recomputed when it is loaded). */
  @IsOptional() @IsBoolean() provisional?: boolean;
  /**
   * Whether the customer whose business it times may be told of it (the owning service's customer-facing clocks, as
   * its clock routes show them); absent where the service declares none.
   */
  @IsOptional() @IsBoolean() customerFacing?: boolean;
}

export class ClockWarnedData extends ClockEventData {
  @IsInt() @Min(0) warningIndex!: number;
  @IsInt() warnBeforeMs!: number;
  @IsISO8601() warnAt!: string;
}

export class ClockBreachedData extends ClockEventData {
  @IsISO8601() breachedAt!: string;
}

export class ClockStoppedData extends ClockEventData {
  @IsISO8601() stoppedAt!: string;
  @IsBoolean() met!: boolean;
  @IsInt() countedMs!: number;
  @IsInt() exemptMs!: number;
  @IsString() reason!: string;
}

export interface ClockEventContracts {
  warned: EventContract<ClockWarnedData>;
  breached: EventContract<ClockBreachedData>;
  stopped: EventContract<ClockStoppedData>;
}

/** The durable clock events of the service that owns the clocks (fault, provisioning, visits). */
export function clockEvents(service: 'fault' | 'provisioning' | 'visits'): ClockEventContracts {
  return {
    warned: event<ClockWarnedData>(`evt.${service}.clock.warned.v1`, ClockWarnedData),
    breached: event<ClockBreachedData>(`evt.${service}.clock.breached.v1`, ClockBreachedData),
    stopped: event<ClockStoppedData>(`evt.${service}.clock.stopped.v1`, ClockStoppedData),
  };
}

export const CLOCK_SERVICES = ['fault', 'provisioning', 'visits'] as const;
export type ClockService = (typeof CLOCK_SERVICES)[number];
export const CLOCK_STATUSES = ['running', 'paused', 'stopped'] as const;

export class ClockIdRequest {
  @IsUUID() id!: string;
}

export class ListClocksQuery extends CursorPageQuery {
  @ApiPropertyOptional({ example: 'ticket' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  subjectType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  subjectId?: string;

  @ApiPropertyOptional({ example: 'accept' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  kind?: string;

  @ApiPropertyOptional({ enum: CLOCK_STATUSES })
  @IsOptional()
  @IsIn(CLOCK_STATUSES)
  status?: (typeof CLOCK_STATUSES)[number];

  @QueryBoolean('Only clocks whose breach has fired (true), or only those whose breach has not (false)')
  breached?: boolean;
}

/** A clock as the clock list shows it (ClockSummary of the deadline engine). */
export class ClockSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'ticket', description: 'What the clock times: ticket, leg, order, visit, complaint, ...' }) subjectType!: string;
  @ApiProperty() subjectId!: string;
  @ApiProperty({ example: 'first-feedback' }) kind!: string;
  @ApiProperty({ enum: CLOCK_BASES }) basis!: ClockBasis;
  @ApiProperty({ description: 'The time allowed, in milliseconds on the basis' }) limitMs!: number;
  @ApiProperty({ enum: CLOCK_STATUSES }) status!: (typeof CLOCK_STATUSES)[number];
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'The deadline while running; null while paused' }) dueAt!: string | null;
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: "Where the clock's warning lead begins (its first warning, on its basis) while it runs; null while paused or stopped, or when its kind has no warning lead. A console shows it amber from then on",
  })
  warnAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) breachedAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) stoppedAt!: string | null;
  @ApiProperty({ type: 'boolean', nullable: true, description: 'The verdict once stopped: within the limit' }) met!: boolean | null;
  @ApiProperty({ description: 'The deadline was computed on plain weekdays for a year with no loaded schedule (recomputed when it is loaded)' }) provisional!: boolean;
}

/** Every service that runs deadlines answers these, so any verdict can be explained from its record. */
export function clocksRpc(service: ClockService) {
  return {
    explain: rpc<ClockIdRequest, ClockExplanationView>(`rpc.${service}.clocks.explain`, ClockIdRequest),
    list: rpc<ListClocksQuery, Page<ClockSummary>>(`rpc.${service}.clocks.list`, ListClocksQuery),
  };
}

export class ClockDetailView extends ClockSummary {
  @ApiProperty({ type: [Number], description: 'Warnings before the deadline, largest first (ms on the basis)' }) warnBeforeMs!: number[];
  @ApiProperty({ description: 'How many of them have fired' }) warningsFired!: number;
  @ApiProperty({ type: [String], description: 'The calendar versions its deadline was computed on' }) calendarVersions!: string[];
}

export class ClockVerdictView {
  @ApiProperty() met!: boolean;
  @ApiProperty() limitMs!: number;
  @ApiProperty({ description: 'Time counted against the limit: running time plus any pause that is not exempt' }) countedMs!: number;
  @ApiProperty() runningMs!: number;
  @ApiProperty() pausedMs!: number;
  @ApiProperty() exemptMs!: number;
  @ApiProperty() overByMs!: number;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'When the breach fired while the clock ran' }) breachedAt!: string | null;
  @ApiProperty({ description: 'The action that stopped it' }) reason!: string;
  @ApiProperty() exemptPauses!: boolean;
  @ApiProperty({ description: 'False while the exemption of the pauses is still to be decided' }) final!: boolean;
}

export class ClockIntervalView {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'null: still running or paused' }) to!: string | null;
  @ApiProperty({ enum: ['running', 'paused'] }) state!: 'running' | 'paused';
  @ApiProperty({ description: 'Its length on the basis' }) ms!: number;
  @ApiProperty({ type: 'boolean', nullable: true, description: 'Counted against the limit; null for a pause whose exemption is not decided yet' }) counted!: boolean | null;
  @ApiPropertyOptional({ description: 'Why it was paused' }) reason?: string;
}

export class ClockTrailEntryView {
  @ApiProperty({ enum: ['start', 'pause', 'resume', 'warn', 'breach', 'stop', 'decide', 'recompute'] }) type!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail!: Record<string, unknown>;
}

/** See DeadlineEngine.explain: the clock, its verdict, its running and paused intervals, and (staff) its audit trail. */
export class ClockExplanationView {
  @ApiProperty({ type: ClockDetailView }) clock!: ClockDetailView;
  @ApiProperty({ type: ClockVerdictView, nullable: true, description: 'Decided when the clock stopped' }) verdict!: ClockVerdictView | null;
  @ApiProperty({ type: [ClockIntervalView] }) intervals!: ClockIntervalView[];
  @ApiPropertyOptional({ type: [ClockTrailEntryView], description: "Every change of the clock, in order. Staff only: omitted in a customer's view" }) trail?: ClockTrailEntryView[];
}

/**
 * Which clocks of a service a customer's own user may read: clocks of these subject types and kinds that time its own
 * customer's business. A service that declares none keeps its clocks from customers (403).
 */
export interface CustomerClockScope {
  subjectTypes: readonly string[];
  kinds: readonly string[];
}
