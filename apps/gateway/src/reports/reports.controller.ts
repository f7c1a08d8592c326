import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReportingRpc, SummaryView } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { NatsLink } from '../http/nats-link';
import { Staff } from '../identity/access';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly nats: NatsLink) {}

  @Get('summary')
  @Staff()
  @ApiOperation({ summary: 'Platform-wide counts, as reporting has learned them from events' })
  @ApiOkResponse({ type: SummaryView })
  @ApiProblems()
  summary() {
    return this.nats.send(ReportingRpc.summary, {});
  }
}
