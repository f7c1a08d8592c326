import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { StatisticsQuery, StatisticsRpc } from '@app/shared';
import { StatisticsService } from './statistics.service';

/** Staff only: no handler has @ForCustomers, so customer users are refused (their own customer's figures come with the analysis report). */
@Controller()
export class StatisticsRpcController {
  constructor(private readonly statistics: StatisticsService) {}

  @MessagePattern(StatisticsRpc.provisioning.subject)
  provisioning(@Payload() q: StatisticsQuery) {
    return this.statistics.provisioning(q);
  }

  @MessagePattern(StatisticsRpc.visits.subject)
  visits(@Payload() q: StatisticsQuery) {
    return this.statistics.visits(q);
  }

  @MessagePattern(StatisticsRpc.inspections.subject)
  inspections(@Payload() q: StatisticsQuery) {
    return this.statistics.inspections(q);
  }

  @MessagePattern(StatisticsRpc.complaints.subject)
  complaints(@Payload() q: StatisticsQuery) {
    return this.statistics.complaints(q);
  }

  @MessagePattern(StatisticsRpc.faults.subject)
  faults(@Payload() q: StatisticsQuery) {
    return this.statistics.faults(q);
  }
}
