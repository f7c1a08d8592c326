import { ArrayMaxSize, ArrayMinSize, IsISO8601, IsString, IsUUID, MaxLength } from 'class-validator';
import { event } from '../contract';

/**
 * Contracts the visits service will publish (DOMAIN.md §3); the fault service consumes them already:
 * a fault on a guaranteed circuit during its period is a major fault, escalated at once.
 */
export class GuaranteeActivatedData {
  @IsUUID() guaranteeId!: string;
  @IsUUID() customerId!: string;
  @IsString() title!: string;
  @IsString({ each: true }) @MaxLength(60, { each: true }) @ArrayMinSize(1) @ArrayMaxSize(500) circuitCodes!: string[];
  @IsISO8601() startsAt!: string;
  @IsISO8601() endsAt!: string;
}

export class GuaranteeEndedData {
  @IsUUID() guaranteeId!: string;
}

/** A planned cutover window; faults on its circuits during the window are linked to it. */
export class CutoverScheduledData {
  @IsUUID() cutoverId!: string;
  @IsString() title!: string;
  @IsString({ each: true }) @MaxLength(60, { each: true }) @ArrayMinSize(1) @ArrayMaxSize(500) circuitCodes!: string[];
  @IsISO8601() windowStart!: string;
  @IsISO8601() windowEnd!: string;
}

export const VisitsEvents = {
  guaranteeActivated: event<GuaranteeActivatedData>('evt.visits.guarantee.activated.v1', GuaranteeActivatedData),
  guaranteeEnded: event<GuaranteeEndedData>('evt.visits.guarantee.ended.v1', GuaranteeEndedData),
  cutoverScheduled: event<CutoverScheduledData>('evt.visits.cutover.scheduled.v1', CutoverScheduledData),
};
