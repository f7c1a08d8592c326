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

export const LoopbackRpc = {
  record: rpc<LoopTestRequest, object>('rpc.fault.tickets.loop-test', LoopTestRequest),
  plan: rpc<LoopbackPlanRequest, object>('rpc.fault.tickets.loopback-plan', LoopbackPlanRequest),
};
