import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DialTestResultBody, DialTestResultReply, DialTestView, ListDialTestsQuery, QualityRpc, RequestCircuitDialTestBody, RequestDialTestBody } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow, AnyUser } from '../identity/access';

/** Who may ask for a dial test: the NOC, the handling units locating a fault, and customer engineers. */
const MayRequest = () => Allow('noc', 'handling_unit', 'customer_engineer');

/**
 * Dial tests (issue #15, seed 003 业务质量拨测): asked for a circuit or from its open ticket, run by probe systems
 * (which consume the event `evt.quality.dial-test.requested.v1` and answer on `quality.dial-results.<source>` or
 * here), and listed per circuit and ticket. A failed one is added to the circuit's open ticket as evidence.
 */
@ApiTags('quality')
@Controller()
export class DialTestsController {
  constructor(private readonly nats: NatsLink) {}

  @Post('quality/dial-tests')
  @MayRequest()
  @ApiOperation({ summary: 'Ask the probe systems for a dial test (ping, throughput, path) of a circuit, optionally for one of its open tickets' })
  @ApiCreatedResponse({ type: DialTestView })
  @ApiProblems(400, 404, 409, 422)
  request(@Body() body: RequestCircuitDialTestBody) {
    return this.nats.send(QualityRpc.requestDialTest, body);
  }

  @Post('faults/:id/dial-tests')
  @MayRequest()
  @ApiOperation({ summary: "Ask for a dial test of an open ticket's circuit: its failed result is added to the ticket as evidence of the faulty segment" })
  @ApiCreatedResponse({ type: DialTestView })
  @ApiProblems(400, 404, 409, 422)
  requestForTicket(@Param() { id }: IdParam, @Body() body: RequestDialTestBody) {
    return this.nats.send(QualityRpc.requestDialTest, { ...body, ticketId: id });
  }

  @Post('quality/dial-tests/results')
  @HttpCode(200)
  @Allow('noc', 'feed_client')
  @ApiOperation({
    summary: 'Record a dial test result (a probe system signed in as a feed client)',
    description:
      'Answers the request of that dialTestId, or, with circuitCode and kind, records a test the probe ran on its own. The same dialTestId again answers as the first time and records nothing. Larger probe systems send the same body on JetStream `quality.dial-results.<source>`.',
  })
  @ApiOkResponse({ type: DialTestResultReply })
  @ApiProblems(400, 422)
  result(@Body() body: DialTestResultBody) {
    return this.nats.send(QualityRpc.recordDialTestResult, body);
  }

  @Get('quality/dial-tests')
  @AnyUser()
  @ApiOperation({ summary: "Dial tests, newest first, by circuit, ticket, kind and status (a customer's user: its own circuits', without the internal parts)" })
  @ApiPage(DialTestView)
  @ApiProblems(400)
  list(@Query() query: ListDialTestsQuery) {
    return this.nats.send(QualityRpc.listDialTests, query);
  }

  @Get('quality/dial-tests/:id')
  @AnyUser()
  @ApiOperation({ summary: "One dial test (a customer's user: of its own circuits)" })
  @ApiOkResponse({ type: DialTestView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(QualityRpc.getDialTest, { id });
  }

  @Get('faults/:id/dial-tests')
  @AnyUser()
  @ApiOperation({ summary: "A ticket's dial tests: those asked from it and the failed ones recorded as its evidence (a customer's user: its own tickets')" })
  @ApiPage(DialTestView)
  @ApiProblems(400, 404)
  listForTicket(@Param() { id }: IdParam, @Query() query: ListDialTestsQuery) {
    return this.nats.send(QualityRpc.ticketDialTests, { ...query, id });
  }
}
