import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateCustomerRequest, CustomerView, ListCustomersQuery, ProvisioningRpc } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow, AnyUser, Staff } from '../identity/access';

@ApiTags('customers')
@Controller('customers')
export class CustomersController {
  constructor(private readonly nats: NatsLink) {}

  @Post()
  @Allow('customer_manager')
  @ApiOperation({ summary: 'Create a customer (owned by provisioning)' })
  @ApiCreatedResponse({ type: CustomerView })
  @ApiProblems(400, 409)
  create(@Body() body: CreateCustomerRequest) {
    return this.nats.send(ProvisioningRpc.createCustomer, body);
  }

  @Get()
  @Staff()
  @ApiOperation({ summary: 'List customers, paged and filtered' })
  @ApiPage(CustomerView)
  @ApiProblems(400)
  list(@Query() query: ListCustomersQuery) {
    return this.nats.send(ProvisioningRpc.listCustomers, query);
  }

  @Get(':id')
  @AnyUser()
  @ApiOperation({ summary: 'One customer' })
  @ApiOkResponse({ type: CustomerView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(ProvisioningRpc.getCustomer, { id });
  }
}
