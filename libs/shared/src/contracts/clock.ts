import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Min } from 'class-validator';
import { event, EventContract } from './contract';

export const CLOCK_BASES = ['wall', 'working'] as const;
export type ClockBasis = (typeof CLOCK_BASES)[number];

/** What every clock event says about its clock. */
export class ClockEventData {
  @IsUUID() clockId!: string;
  @IsString() subjectType!: string;
  @IsString() subjectId!: string;
  @IsString() kind!: string;
  @IsIn(CLOCK_BASES) basis!: ClockBasis;
  @IsInt() limitMs!: number;
  @IsOptional() @IsISO8601() dueAt?: string;
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
