import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateCustomerRequest,
  ForCustomers,
  GetCustomerRequest,
  ListCustomersQuery,
  ProvisioningRpc,
} from '@app/shared';
import { CustomersService } from './customers.service';

@Controller()
export class CustomersRpc {
  constructor(private readonly customers: CustomersService) {}

  @MessagePattern(ProvisioningRpc.createCustomer.subject)
  create(@Payload() req: CreateCustomerRequest) {
    return this.customers.create(req);
  }

  @MessagePattern(ProvisioningRpc.getCustomer.subject)
  @ForCustomers({ kind: 'owned', field: 'id' })
  get(@Payload() req: GetCustomerRequest) {
    return this.customers.get(req.id);
  }

  @MessagePattern(ProvisioningRpc.listCustomers.subject)
  list(@Payload() q: ListCustomersQuery) {
    return this.customers.list(q);
  }
}
