import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsObject, Max, Min, ValidateNested } from 'class-validator';
import { EmptyRequest, rpc } from '../contract';
import { Omittable } from '../mixins';
import { SERVICE_TYPES, ServiceType } from '../provisioning/circuit';
import { TIERS, Tier } from '../provisioning/customer';

/** The resolution-limit table (per service type × tier × grade), with its own route. */
export class ResolutionLimitDto {
  @ApiPropertyOptional({ enum: SERVICE_TYPES, description: 'Omit to match any service type' })
  @Omittable()
  @IsIn(SERVICE_TYPES)
  serviceType?: ServiceType;

  @ApiPropertyOptional({ enum: TIERS, description: 'Omit to match any tier' })
  @Omittable()
  @IsIn(TIERS)
  tier?: Tier;

  @ApiPropertyOptional({ enum: ['AAA', 'AA', 'A', 'B'], description: 'Omit to match any circuit grade' })
  @Omittable()
  @IsIn(['AAA', 'AA', 'A', 'B'])
  grade?: string;

  @ApiProperty({ example: 240 })
  @IsInt()
  @Min(1)
  @Max(10_080)
  limitMinutes!: number;
}

export class PutResolutionLimitsBody {
  @ApiProperty({ type: [ResolutionLimitDto], description: 'The whole table; the most specific matching row applies; one row must match everything' })
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ResolutionLimitDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  rows!: ResolutionLimitDto[];
}

export class ResolutionLimitsView {
  @ApiProperty({ type: [ResolutionLimitDto] }) rows!: ResolutionLimitDto[];
}

export const ResolutionLimitRpc = {
  get: rpc<EmptyRequest, ResolutionLimitsView>('rpc.fault.resolution-limits.get', EmptyRequest),
  put: rpc<PutResolutionLimitsBody, ResolutionLimitsView>('rpc.fault.resolution-limits.put', PutResolutionLimitsBody),
};
