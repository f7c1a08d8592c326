import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateGuaranteeBody, GuaranteeCheckBody, GuaranteeReasonBody, GuaranteeRpc, GuaranteeStaffBody, GuaranteeView, ListGuaranteesQuery } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow, AnyUser } from '../identity/access';

@ApiTags('guarantees')
@Controller('guarantees')
export class GuaranteesController {
  constructor(private readonly nats: NatsLink) {}

  @Post()
  @Allow('customer_engineer', 'customer_manager')
  @ApiOperation({
    summary: 'Plan an important-period guarantee (重要时期通信保障): period, guaranteed circuits, fixed staff',
    description: 'At startsAt the guarantee becomes active and fault escalates at once any fault on its circuits; at endsAt it ends. A period already begun is active at once.',
  })
  @ApiCreatedResponse({ type: GuaranteeView })
  @ApiProblems(400, 422)
  create(@Body() body: CreateGuaranteeBody) {
    return this.nats.send(GuaranteeRpc.create, body);
  }

  @Get()
  @AnyUser()
  @ApiOperation({ summary: 'List guarantees, paged and filtered (customer, status, circuit, period)' })
  @ApiPage(GuaranteeView)
  @ApiProblems(400)
  list(@Query() query: ListGuaranteesQuery) {
    return this.nats.send(GuaranteeRpc.list, query);
  }

  @Get(':id')
  @AnyUser()
  @ApiOperation({ summary: 'One guarantee with its checks, readiness and staff changes' })
  @ApiOkResponse({ type: GuaranteeView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(GuaranteeRpc.get, { id });
  }

  @Post(':id/checks')
  @Allow('customer_engineer', 'customer_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a pre-check or a joint test and its result (cases 37–38)' })
  @ApiOkResponse({ type: GuaranteeView })
  @ApiProblems(400, 404, 409, 422)
  check(@Param() { id }: IdParam, @Body() body: GuaranteeCheckBody) {
    return this.nats.send(GuaranteeRpc.check, { ...body, id });
  }

  @Post(':id/staff')
  @Allow('customer_engineer', 'customer_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the fixed guarantee staff, with a reason (case 40: flagged when changed during the period)' })
  @ApiOkResponse({ type: GuaranteeView })
  @ApiProblems(400, 404, 409)
  staff(@Param() { id }: IdParam, @Body() body: GuaranteeStaffBody) {
    return this.nats.send(GuaranteeRpc.staff, { ...body, id });
  }

  @Post(':id/cancel')
  @Allow('customer_engineer', 'customer_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a planned or active guarantee (an active one ends at once for fault)' })
  @ApiOkResponse({ type: GuaranteeView })
  @ApiProblems(400, 404, 409)
  cancel(@Param() { id }: IdParam, @Body() body: GuaranteeReasonBody) {
    return this.nats.send(GuaranteeRpc.cancel, { ...body, id });
  }
}
