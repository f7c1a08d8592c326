import { EntityManager } from 'typeorm';
import { clockEvents, ClockBreachedData } from '../contracts/clock';
import { EventEnvelope } from '../contracts/envelope';
import { EventConsumer, EventHandler, retryDelayMs } from './event-consumer';

describe('retryDelayMs', () => {
  it('doubles from one second and stops at a minute', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 60_000, 60_000, 60_000]);
  });
});

describe('EventConsumer.on', () => {
  it('runs every handler registered for one event, in the order registered (features sharing their service clock events)', async () => {
    const consumer = new EventConsumer('test', undefined as never, undefined as never, undefined as never, 5);
    const ran: string[] = [];
    const breached = clockEvents('visits').breached;
    consumer.on(breached, async (d) => void ran.push(`follow-ups:${d.subjectType}`));
    consumer.on(breached, async (d) => void ran.push(`dangers:${d.subjectType}`));
    const handler = (consumer as unknown as { handlers: Map<string, { handler: EventHandler<ClockBreachedData> }> }).handlers.get(breached.type)!.handler;
    await handler({ subjectType: 'danger' } as ClockBreachedData, {} as EventEnvelope<ClockBreachedData>, {} as EntityManager);
    expect(ran).toEqual(['follow-ups:danger', 'dangers:danger']);
  });
});
