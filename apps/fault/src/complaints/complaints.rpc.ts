import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AnswerComplaintRequest,
  ComplaintIdRequest,
  ComplaintRpc,
  ComplaintStepRequest,
  CreateComplaintRequest,
  ForCustomers,
  ListComplaintsQuery,
} from '@app/shared';
import { ComplaintsService } from './complaints.service';

@Controller()
export class ComplaintsRpc {
  constructor(private readonly complaints: ComplaintsService) {}

  @MessagePattern(ComplaintRpc.create.subject)
  create(@Payload() req: CreateComplaintRequest) {
    return this.complaints.create(req);
  }

  @MessagePattern(ComplaintRpc.get.subject)
  @ForCustomers({ kind: 'owned' })
  get(@Payload() req: ComplaintIdRequest) {
    return this.complaints.get(req.id);
  }

  @MessagePattern(ComplaintRpc.list.subject)
  @ForCustomers({ kind: 'list' })
  list(@Payload() q: ListComplaintsQuery) {
    return this.complaints.list(q);
  }

  @MessagePattern(ComplaintRpc.sort.subject)
  sort(@Payload() req: ComplaintStepRequest) {
    return this.complaints.sort(req);
  }

  @MessagePattern(ComplaintRpc.analyse.subject)
  analyse(@Payload() req: ComplaintStepRequest) {
    return this.complaints.analyse(req);
  }

  @MessagePattern(ComplaintRpc.resolve.subject)
  resolve(@Payload() req: ComplaintStepRequest) {
    return this.complaints.resolve(req);
  }

  @MessagePattern(ComplaintRpc.answer.subject)
  answer(@Payload() req: AnswerComplaintRequest) {
    return this.complaints.answer(req);
  }
}
