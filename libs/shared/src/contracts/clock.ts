import { ApiPropertyOptional } from '@nestjs/swagger';
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

export interface ClockSummary {
  id: string;
  subjectType: string;
  subjectId: string;
  kind: string;
  basis: ClockBasis;
  limitMs: number;
  status: string;
  startedAt: string;
  dueAt: string | null;
  breachedAt: string | null;
  stoppedAt: string | null;
  met: boolean | null;
  /** The deadline was computed on plain weekdays for a year with no loaded schedule. */
  provisional: boolean;
}

/** Every service that runs deadlines answers these, so any verdict can be explained from its record. */
export function clocksRpc(service: ClockService) {
  return {
    explain: rpc<ClockIdRequest, ClockExplanationView>(`rpc.${service}.clocks.explain`, ClockIdRequest),
    list: rpc<ListClocksQuery, Page<ClockSummary>>(`rpc.${service}.clocks.list`, ListClocksQuery),
  };
}

/** See DeadlineEngine.explain: the clock, its verdict, its running and paused intervals, and its audit trail. */
export interface ClockExplanationView {
  clock: ClockSummary & { warnBeforeMs: number[]; warningsFired: number; calendarVersions: string[] };
  verdict: object | null;
  intervals: Array<{ from: string; to: string | null; state: 'running' | 'paused'; ms: number; counted: boolean | null; reason?: string }>;
  trail: Array<{ type: string; at: string; detail: Record<string, unknown> }>;
}
