import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsObject, IsOptional, IsUUID, ValidateIf, ValidateNested } from 'class-validator';
import { rpc } from '../contract';
import { withIdAndVersion } from '../mixins';

/** Loop-back testing (打环测试, §2.3.1.5): the vocabulary of the guided test plan. */
export const LOOP_ENDS = ['A', 'Z'] as const;
export const LOOP_SITES = ['customerSiteDevice', 'nearestOffice', 'backboneExit'] as const;
export const LOOP_DIRECTIONS = ['towardCustomer', 'towardBackbone', 'towardFarEnd'] as const;
export const LOOP_RESULTS = ['received', 'notReceived'] as const;
export const COOPERATION_KINDS = ['bothEnds', 'oneEnd', 'neitherEnd'] as const;

export class LoopResultsDto {
  @ApiPropertyOptional({ enum: LOOP_RESULTS }) @IsOptional() @IsIn(LOOP_RESULTS) A?: (typeof LOOP_RESULTS)[number];
  @ApiPropertyOptional({ enum: LOOP_RESULTS }) @IsOptional() @IsIn(LOOP_RESULTS) Z?: (typeof LOOP_RESULTS)[number];
}

/** Which ends' customers can cooperate with testing, and where dispatched staff have arrived. */
export class CooperationDto {
  @ApiProperty({ enum: COOPERATION_KINDS })
  @IsIn(COOPERATION_KINDS)
  cooperation!: (typeof COOPERATION_KINDS)[number];

  @ApiPropertyOptional({ enum: LOOP_ENDS, description: 'Required when cooperation is oneEnd' })
  @ValidateIf((o: CooperationDto) => o.cooperation === 'oneEnd' || o.cooperatingEnd !== undefined)
  @IsIn(LOOP_ENDS)
  cooperatingEnd?: (typeof LOOP_ENDS)[number];

  @ApiPropertyOptional({ enum: LOOP_ENDS, isArray: true, description: 'Ends where dispatched staff are on site' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsIn(LOOP_ENDS, { each: true })
  @ArrayMaxSize(LOOP_ENDS.length)
  staffOnSite?: (typeof LOOP_ENDS)[number][];
}

export class LoopTestBody {
  @ApiProperty({ type: CooperationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CooperationDto)
  situation!: CooperationDto;

  @ApiProperty({ enum: LOOP_ENDS, description: 'The end where the loop was set' }) @IsIn(LOOP_ENDS) end!: (typeof LOOP_ENDS)[number];
  @ApiProperty({ enum: LOOP_SITES }) @IsIn(LOOP_SITES) site!: (typeof LOOP_SITES)[number];
  @ApiProperty({ enum: LOOP_DIRECTIONS }) @IsIn(LOOP_DIRECTIONS) direction!: (typeof LOOP_DIRECTIONS)[number];

  @ApiProperty({ type: LoopResultsDto, description: 'What each observing end saw' })
  @IsObject()
  @ValidateNested()
  @Type(() => LoopResultsDto)
  results!: LoopResultsDto;
}

export class LoopTestRequest extends withIdAndVersion(LoopTestBody) {}

export class LoopbackPlanRequest extends CooperationDto {
  @IsUUID() id!: string;
}

export const LOOP_OBSERVERS = ['customer', 'dispatchedStaff', 'testSetAtBackboneExit'] as const;
export const FAULTY_SEGMENTS = ['nearestOfficeToSiteDevice', 'siteDeviceToCustomerEquipment', 'backboneExitToNearestOffice', 'backbone'] as const;
export const LOOPBACK_PLAN_KINDS = ['nextTest', 'faultLocalised', 'sendStaffToBothSites'] as const;

export class LoopObserverView {
  @ApiProperty({ enum: LOOP_ENDS }) end!: (typeof LOOP_ENDS)[number];
  @ApiProperty({ enum: LOOP_OBSERVERS, description: 'The customer or the dispatched staff at the customer site, or a test set hung at the backbone exit' }) by!: (typeof LOOP_OBSERVERS)[number];
}

export class PlannedLoopView {
  @ApiProperty({ enum: LOOP_ENDS }) end!: (typeof LOOP_ENDS)[number];
  @ApiProperty({ enum: LOOP_SITES }) site!: (typeof LOOP_SITES)[number];
  @ApiProperty({ enum: LOOP_DIRECTIONS }) direction!: (typeof LOOP_DIRECTIONS)[number];
  @ApiProperty({ type: LoopObserverView }) observedBy!: LoopObserverView;
  @ApiProperty({ description: 'The same loop set from the other end serves as well' }) mayBeSetFromOtherEnd!: boolean;
  @ApiProperty({ description: 'What to ask the people at the ends, in words' }) ask!: string;
}

export class FaultySegmentView {
  @ApiProperty({ enum: FAULTY_SEGMENTS }) segment!: (typeof FAULTY_SEGMENTS)[number];
  @ApiPropertyOptional({ enum: LOOP_ENDS, description: 'The end, for all but the backbone' }) end?: (typeof LOOP_ENDS)[number];
  @ApiPropertyOptional({ enum: ['movingLoopTowardCustomer', 'movingLoopTowardBackboneExit'], description: 'How the exact section is found' }) narrowBy?: string;
  @ApiProperty({ description: 'The item of §2.3.1.5 三 followed, e.g. 1(2)' }) rule!: string;
}

/** The next loop test, or the conclusion: nextTest has rule, loops and dispatchStaffTo; faultLocalised has faults; sendStaffToBothSites has rule. */
export class LoopbackPlanView {
  @ApiProperty({ enum: LOOPBACK_PLAN_KINDS }) kind!: (typeof LOOPBACK_PLAN_KINDS)[number];
  @ApiPropertyOptional({ description: 'The item of §2.3.1.5 三 followed, e.g. 1(1)' }) rule?: string;
  @ApiPropertyOptional({ type: [PlannedLoopView], description: 'nextTest: the loops to set at the same time, those not recorded yet' }) loops?: PlannedLoopView[];
  @ApiPropertyOptional({ enum: LOOP_ENDS, isArray: true, description: 'nextTest: ends that should send staff to the customer site now' }) dispatchStaffTo?: (typeof LOOP_ENDS)[number][];
  @ApiPropertyOptional({ type: [FaultySegmentView], description: 'faultLocalised: the faulty segment of each end' }) faults?: FaultySegmentView[];
}

export const LoopbackRpc = {
  record: rpc<LoopTestRequest, LoopbackPlanView>('rpc.fault.tickets.loop-test', LoopTestRequest),
  plan: rpc<LoopbackPlanRequest, LoopbackPlanView>('rpc.fault.tickets.loopback-plan', LoopbackPlanRequest),
};
