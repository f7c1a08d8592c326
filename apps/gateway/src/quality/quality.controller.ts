import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IngestReply, IngestSamplesRequest, ListWarningsQuery, QualityRpc, SampleDto, TrendQuery, TrendView, WarningView, WorstCircuitsQuery, WorstCircuitsView } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow, AnyUser } from '../identity/access';

/**
 * Quality monitoring (issue #15, seed 003): KPI samples of circuits, their trends at 5 minutes, 15 minutes and 1 hour,
 * the worst circuits of a customer, and fluctuation warnings. Large feeds send samples over JetStream
 * (`quality.samples.<source>`, see the README); this route is for smaller ones.
 */
@ApiTags('quality')
@ApiExtraModels(SampleDto)
@Controller('quality')
export class QualityController {
  constructor(private readonly nats: NatsLink) {}

  @Post('samples')
  @HttpCode(200)
  @Allow('noc')
  @ApiOperation({
    summary: 'Ingest a batch of KPI samples (NOC, admin)',
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
}
