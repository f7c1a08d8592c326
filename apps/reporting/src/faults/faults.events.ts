import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventConsumer } from '@app/shared';
import { registerFaultProjections } from './fault-projections';

/** Keeps the fault read models current from the live event consumer (the rebuild replays through the same handlers). */
@Injectable()
export class FaultsEvents implements OnModuleInit {
  constructor(private readonly consumer: EventConsumer) {}

  onModuleInit(): void {
    registerFaultProjections(this.consumer);
  }
}
