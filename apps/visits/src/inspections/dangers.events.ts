import { Injectable, OnModuleInit } from '@nestjs/common';
import { clockEvents, EventConsumer } from '@app/shared';
import { DangersService } from './dangers.service';
import { RECTIFICATION } from './inspection.rules';

/** The rectification clock, through the service's own durable clock events: an overdue rectification is recorded once. */
@Injectable()
export class DangersEvents implements OnModuleInit {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly dangers: DangersService,
  ) {}

  onModuleInit(): void {
    this.consumer.on(clockEvents('visits').breached, async (d, _e, m) => {
      if (d.subjectType !== RECTIFICATION.subjectType || d.kind !== RECTIFICATION.kind) return;
      await this.dangers.breached(m, d.subjectId, d.clockId, new Date(d.breachedAt));
    });
  }
}
