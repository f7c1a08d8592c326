import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CircuitRpc,
  CreateCircuitRequest,
  ForCustomers,
  GetCircuitRequest,
  ListCircuitsQuery,
  UpdateCircuitRequest,
} from '@app/shared';
import { CircuitsService } from './circuits.service';

@Controller()
export class CircuitsRpc {
  constructor(private readonly circuits: CircuitsService) {}

  @MessagePattern(CircuitRpc.create.subject)
  create(@Payload() req: CreateCircuitRequest) {
    return this.circuits.create(req);
  }

  @MessagePattern(CircuitRpc.update.subject)
  update(@Payload() req: UpdateCircuitRequest) {
    return this.circuits.update(req);
  }

  @MessagePattern(CircuitRpc.get.subject)
  @ForCustomers({ kind: 'owned' })
  get(@Payload() req: GetCircuitRequest) {
    return this.circuits.get(req.id);
  }

  @MessagePattern(CircuitRpc.list.subject)
  @ForCustomers({ kind: 'list' })
  list(@Payload() q: ListCircuitsQuery) {
    return this.circuits.list(q);
  }
}
