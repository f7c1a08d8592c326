import { Injectable, OnModuleInit } from '@nestjs/common';
import { clockEvents, EventConsumer } from '@app/shared';
import { GUARANTEE_CLOCKS } from './guarantee.rules';
import { GuaranteesService } from './guarantees.service';

/** The period's start and end arrive as the guarantee's own clocks falling due (durable clock events, not a cron). */
@Injectable()
export class GuaranteesEvents implements OnModuleInit {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly guarantees: GuaranteesService,
  ) {}

  onModuleInit(): void {
    this.consumer.on(clockEvents('visits').breached, async (d, _e, m) => {
      if (d.subjectType !== 'guarantee') return;
      const guarantee = await this.guarantees.lockIfAny(m, d.subjectId);
      if (!guarantee) return;
      const at = new Date(d.dueAt ?? d.breachedAt);
      if (d.kind === GUARANTEE_CLOCKS.start && guarantee.status === 'planned') await this.guarantees.activate(m, guarantee, at);
      if (d.kind === GUARANTEE_CLOCKS.end) {
        // A period that ends before its start clock was seen (a long outage) still starts and ends, in order.
        if (guarantee.status === 'planned') await this.guarantees.activate(m, guarantee, guarantee.startsAt);
        if (guarantee.status === 'active') await this.guarantees.end(m, guarantee, at);
      }
    });
  }
}
