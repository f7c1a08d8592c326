import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PutResolutionLimitsBody, ResolutionLimitRpc, ResolutionLimitsView } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { NatsLink } from '../http/nats-link';
import { Allow, Staff } from '../identity/access';

@ApiTags('faults')
@Controller('resolution-limits')
export class ResolutionLimitsController {
  constructor(private readonly nats: NatsLink) {}

  @Get()
  @Staff()
  @ApiOperation({ summary: 'Resolution limits per service type × customer tier × circuit grade' })
  @ApiOkResponse({ type: ResolutionLimitsView })
  @ApiProblems()
  get() {
    return this.nats.send(ResolutionLimitRpc.get, {});
  }

  @Put()
  @Allow()
  @ApiOperation({ summary: 'Replace the resolution-limit table (admin); new tickets use it, open ones keep their limit' })
  @ApiOkResponse({ type: ResolutionLimitsView })
  @ApiProblems(400)
  put(@Body() body: PutResolutionLimitsBody) {
    return this.nats.send(ResolutionLimitRpc.put, body);
  }
}
