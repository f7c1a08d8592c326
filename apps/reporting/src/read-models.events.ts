import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventConsumer } from '@app/shared';
import { REPORTING_PROJECTIONS } from './read-models';

/** Keeps every read model current from the live event consumer (the rebuild replays through the same handlers). */
@Injectable()
export class ReadModelEvents implements OnModuleInit {
  constructor(private readonly consumer: EventConsumer) {}

  onModuleInit(): void {
    for (const register of REPORTING_PROJECTIONS) register(this.consumer);
  }
}
