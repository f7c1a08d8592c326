import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  IngestReply,
  IngestSamplesRequest,
  KpiStatistics,
  ListWarningsQuery,
  PageQuery,
  PutThresholdsBody,
  QualityRpc,
  QualityStatisticsQuery,
  QualityStatisticsView,
  RemoveThresholdQuery,
  SampleDto,
  ThresholdKeyParam,
  ThresholdsHistoryEntry,
  ThresholdsQuery,
  ThresholdsView,
  TrendQuery,
  TrendView,
  WarningView,
  WorstCircuitsQuery,
  WorstCircuitsView,
} from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow, AnyUser, Staff } from '../identity/access';

/**
 * Quality monitoring (issue #15, seed 003): KPI samples of circuits, their trends at 5 minutes, 15 minutes and 1 hour,
 * the worst circuits of a customer, and fluctuation warnings. Large feeds send samples over JetStream
 * (`quality.samples.<source>`, see the README); this route is for smaller ones.
 */
@ApiTags('quality')
@ApiExtraModels(SampleDto, KpiStatistics)
@Controller('quality')
export class QualityController {
  constructor(private readonly nats: NatsLink) {}

  @Post('samples')
  @HttpCode(200)
  @Allow('noc', 'feed_client')
  @ApiOperation({
    summary: 'Ingest a batch of KPI samples (a network management system signed in as a feed client, NOC, admin)',
    description:
      'Each sample is checked on its own: the answer counts those accepted, those already stored (duplicates), those of circuits not in the inventory (with the codes) and lists the bad ones by index with the reason. The same batch id again answers as the first time and stores nothing.',
  })
  @ApiOkResponse({ type: IngestReply })
  @ApiProblems(400)
  ingest(@Body() body: IngestSamplesRequest) {
    return this.nats.send(QualityRpc.ingest, body);
  }

  @Get('circuits/:id/trend')
  @AnyUser()
  @ApiOperation({
    summary: "A circuit's KPI trend at 5 min (samples), 15 min or 1 h (roll-ups): the last N points, or a range (a customer's user: its own circuits)",
    description: 'Per KPI asked (`kpis`, default all) a series of points `[at, avg, min, max, samples]`, oldest first.',
  })
  @ApiOkResponse({ type: TrendView })
  @ApiProblems(400, 404)
  trend(@Param() { id }: IdParam, @Query() query: TrendQuery) {
    return this.nats.send(QualityRpc.trend, { ...query, circuitId: id });
  }

  @Get('customers/:id/worst-circuits')
  @AnyUser()
  @ApiOperation({ summary: "A customer's circuits worst first by the average of one KPI over a range (a customer's user: its own)" })
  @ApiOkResponse({ type: WorstCircuitsView })
  @ApiProblems(400, 404)
  worst(@Param() { id }: IdParam, @Query() query: WorstCircuitsQuery) {
    return this.nats.send(QualityRpc.worstCircuits, { ...query, customerId: id });
  }

  @Get('warnings')
  @AnyUser()
  @ApiOperation({ summary: "Fluctuation warnings, newest first, active and cleared (a customer's user: its own circuits')" })
  @ApiPage(WarningView)
  @ApiProblems(400)
  warnings(@Query() query: ListWarningsQuery) {
    return this.nats.send(QualityRpc.listWarnings, query);
  }

  @Get('thresholds')
  @Staff()
  @ApiOperation({ summary: 'The static thresholds per service type, grade and KPI, with their version, and the fluctuation rule (the quality settings)' })
  @ApiOkResponse({ type: ThresholdsView })
  @ApiProblems(400)
  thresholds(@Query() query: ThresholdsQuery) {
    return this.nats.send(QualityRpc.getThresholds, query);
  }

  @Put('thresholds')
  @Allow()
  @ApiOperation({
    summary: 'Set or change thresholds (admin): those sent are set, the others keep theirs; from the next batch of samples on',
    description:
      "Send expectedVersion (the version read): a change made meanwhile gets 412 STALE_VERSION. A limit outside the range its KPI's samples may have is refused (400, naming the field). Each change that changes a limit is a new version, kept with who made it (the signed-in admin), when and why (GET /api/v1/quality/thresholds/history) and announced as the event evt.quality.thresholds.changed.v1; sending the limits in force changes nothing and makes no version. A threshold is removed with DELETE /api/v1/quality/thresholds/{serviceType}/{grade}/{kpi}. The fluctuation rule's parameters are changed at PUT /api/v1/settings/quality.",
  })
  @ApiOkResponse({ type: ThresholdsView })
  @ApiProblems(400, 412)
  putThresholds(@Body() body: PutThresholdsBody) {
    return this.nats.send(QualityRpc.putThresholds, body);
  }

  @Delete('thresholds/:serviceType/:grade/:kpi')
  @Allow()
  @ApiOperation({
    summary: 'Remove a threshold (admin): circuits of that service type and grade are no longer judged on that KPI against a static limit',
    description:
      'A new version, kept with who removed it, when and why (GET /api/v1/quality/thresholds/history) and announced as evt.quality.thresholds.changed.v1 (action `removed`). Send expectedVersion (the version read): a change made meanwhile gets 412 STALE_VERSION. The active warnings of that threshold clear (evt.quality.warning.cleared.v1, no samples). A threshold that does not exist: 404. Set it again with PUT.',
  })
  @ApiOkResponse({ type: ThresholdsView })
  @ApiProblems(400, 404, 412)
  removeThreshold(@Param() key: ThresholdKeyParam, @Query() query: RemoveThresholdQuery) {
    return this.nats.send(QualityRpc.removeThreshold, { ...key, ...query });
  }

  @Get('thresholds/history')
  @Allow()
  @ApiPage(ThresholdsHistoryEntry)
  @ApiOperation({ summary: 'Every version of the thresholds, newest first: who (the signed-in admin), when, why, and each threshold set, changed or removed, from → to (admin)' })
  @ApiProblems(400)
  thresholdsHistory(@Query() query: PageQuery) {
    return this.nats.send(QualityRpc.thresholdsHistory, query);
  }

  @Get('statistics')
  @AnyUser()
  @ApiOperation({
    summary: "Quality statistics by customer, service type, region or circuit over a period: availability and KPI averages and percentiles (a customer's user: its own circuits)",
    description: 'From the hourly roll-ups. Percentiles are of the circuits’ hourly averages. The period is at most the setting statisticsMaxDays.',
  })
  @ApiOkResponse({ type: QualityStatisticsView })
  @ApiProblems(400)
  statistics(@Query() query: QualityStatisticsQuery) {
    return this.nats.send(QualityRpc.statistics, query);
  }
}
