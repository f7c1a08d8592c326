import { DataSource } from 'typeorm';
import {
  CalendarService,
  clockEvents,
  ClockService,
  createServiceDataSource,
  DEADLINE_ENTITIES,
  DeadlineEngine,
  OutboxRelay,
  OutboxWriter,
  serviceDatabaseUrl,
  UnitOfWork,
  UnknownYearPolicy,
} from '@app/shared';
import { TestPlatform } from './platform';

/**
 * A deadline engine on a running service's schema, for tests that start clocks directly and read them through the
 * gateway. Its relay never starts: the service's own relay publishes the outbox.
 */
export async function serviceClocks(
  platform: TestPlatform,
  service: ClockService,
  unknownYear: UnknownYearPolicy = 'weekdays',
): Promise<{ db: DataSource; uow: UnitOfWork; engine: DeadlineEngine }> {
  const db = await createServiceDataSource({ url: serviceDatabaseUrl(platform.databaseUrl, service), schema: service, entities: DEADLINE_ENTITIES, migrations: [] }).initialize();
  const uow = new UnitOfWork(db, new OutboxRelay(db, undefined as never, 1000));
  const calendars = new CalendarService(db, { workingHours: '09:00-17:00', unknownYear });
  const engine = new DeadlineEngine(db, uow, new OutboxWriter(platform.clock), platform.clock, calendars, clockEvents(service));
  return { db, uow, engine };
}
