import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { ReportingRpc } from '@app/shared';
import { SummaryService } from './summary.service';

@Controller()
export class SummaryRpc {
  constructor(private readonly summaries: SummaryService) {}

  @MessagePattern(ReportingRpc.summary.subject)
  summary() {
    return this.summaries.summary();
  }
}
