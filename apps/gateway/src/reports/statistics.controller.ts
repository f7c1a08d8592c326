import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ComplaintStatisticsView, FaultStatisticsView, InspectionStatisticsView, ProvisioningStatisticsView, StatisticsQuery, StatisticsRpc, VisitStatisticsView } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { NatsLink } from '../http/nats-link';
import { Staff } from '../identity/access';

/** Statistics of a period (DOMAIN.md §4), staff only; every one also as CSV with `Accept: text/csv`. */
@ApiTags('reports')
@Controller('reports/statistics')
export class StatisticsController {
  constructor(private readonly nats: NatsLink) {}

  @Get('provisioning')
  @Staff()
  @ApiOperation({ summary: 'Provisioning: orders delivered, on-time rate, warnings and the warning pool, violations (missed date without warning, false completion)' })
  @ApiPage(ProvisioningStatisticsView)
  @ApiProblems(400, 422)
  provisioning(@Query() q: StatisticsQuery) {
    return this.nats.send(StatisticsRpc.provisioning, q);
  }

  @Get('visits')
  @Staff()
  @ApiOperation({ summary: 'Visits: coverage (customers visited of those known) and visits done by kind' })
  @ApiPage(VisitStatisticsView)
  @ApiProblems(400, 422)
  visits(@Query() q: StatisticsQuery) {
    return this.nats.send(StatisticsRpc.visits, q);
  }

  @Get('inspections')
  @Staff()
  @ApiOperation({ summary: 'Inspections done, hidden dangers found and fixed' })
  @ApiPage(InspectionStatisticsView)
  @ApiProblems(400, 422)
  inspections(@Query() q: StatisticsQuery) {
    return this.nats.send(StatisticsRpc.inspections, q);
  }

  @Get('complaints')
  @Staff()
  @ApiOperation({ summary: 'Complaints received and time-limit compliance per step' })
  @ApiPage(ComplaintStatisticsView)
  @ApiProblems(400, 422)
  complaints(@Query() q: StatisticsQuery) {
    return this.nats.send(StatisticsRpc.complaints, q);
  }

  @Get('faults')
  @Staff()
  @ApiOperation({ summary: 'Faults: tickets opened, closed and restored, restore times (mean, median, p90, worst minutes) and the compliance of every fault clock' })
  @ApiPage(FaultStatisticsView)
  @ApiProblems(400, 422)
  faults(@Query() q: StatisticsQuery) {
    return this.nats.send(StatisticsRpc.faults, q);
  }
}
