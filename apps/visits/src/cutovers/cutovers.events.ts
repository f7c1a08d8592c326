import { Injectable, OnModuleInit } from '@nestjs/common';
import { clockEvents, EventConsumer } from '@app/shared';
import { NOTICE_CLOCK } from './cutover.rules';
import { CutoversService } from './cutovers.service';

/** The notices' own clocks, through the service's durable clock events: a notice not delivered by its due. */
@Injectable()
export class CutoversEvents implements OnModuleInit {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly cutovers: CutoversService,
  ) {}

  onModuleInit(): void {
    this.consumer.on(clockEvents('visits').breached, async (d, _e, m) => {
      if (d.subjectType !== NOTICE_CLOCK.subjectType || d.kind !== NOTICE_CLOCK.kind) return;
      await this.cutovers.noticeOverdue(m, d.subjectId, new Date(d.breachedAt));
    });
  }
}
