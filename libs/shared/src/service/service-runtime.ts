import { jetstream, JetStreamClient, jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  BeforeApplicationShutdown,
  Controller,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  Optional,
  Provider,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { ServiceEnv } from '../config/service-config';
import { missingNextYear } from '../calendar/calendar-horizon.rules';
import { healthRpc, HealthWarning, SchemaOwner, ServiceHealth, ServiceName } from '../contracts/health';
import { CalendarEvents } from '../contracts/calendar';
import { ClockEventContracts, ClockIdRequest, ClockService, clocksRpc, CustomerClockScope, ListClocksQuery } from '../contracts/clock';
import { CalendarService } from '../deadlines/calendar.service';
import { DeadlineEngine } from '../deadlines/deadline-engine';
import { DEADLINE_ENTITIES } from '../deadlines/deadline.entities';
import { DeadlineRuntime } from '../deadlines/deadline-runtime';
import { SubjectClocks } from '../deadlines/subject-clocks';
import { createServiceDataSource, devRolePassword, pingDatabase, serviceDatabaseUrl, serviceRole } from '../db/database';
import { EventConsumer } from '../events/event-consumer';
import { ensureEventsStream } from '../events/jetstream';
import { OutboxRelay, OutboxWriter, UnitOfWork } from '../events/outbox';
import { connectNats } from '../messaging/nats';
import { PageQuery } from '../contracts/paging';
import { PutSettingsRequest, SETTINGS_SCHEMAS, SettingsService, settingsRpc } from '../contracts/settings/settings';
import { Caller } from '../identity/caller';
import { ServiceSettings } from '../settings/service-settings';
import { AppError } from '../errors/app-error';
import { ForCustomers, RpcCaller } from './caller-scope';

export interface ServiceRuntime {
  service: ServiceName;
  env: ServiceEnv;
  clock: Clock;
  entities: Function[];
  migrations: Function[];
  /** Services that run time limits get the calendar and the deadline engine, with their clock events. */
  deadlines?: ClockEventContracts;
  /** The clocks a customer's own user may read (its own customer's, of these subject types and kinds); none when absent. */
  customerClocks?: CustomerClockScope;
}

export const SERVICE_RUNTIME = Symbol('SERVICE_RUNTIME');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const JETSTREAM = Symbol('JETSTREAM');
export const JETSTREAM_MANAGER = Symbol('JETSTREAM_MANAGER');

/**
 * The URL a service connects with. A URL that already names the service's role is used as it is; an admin
 * URL (local development) is turned into the role's login with SERVICE_DB_PASSWORD or the development default.
 */
export function resolveServiceDatabaseUrl(
  env: Pick<ServiceEnv, 'DATABASE_URL' | 'NODE_ENV' | 'SERVICE_DB_PASSWORD'>,
  service: SchemaOwner,
): string {
  if (new URL(env.DATABASE_URL).username === serviceRole(service)) return env.DATABASE_URL;
  if (env.NODE_ENV === 'production' && !env.SERVICE_DB_PASSWORD) {
    throw new Error(`In production DATABASE_URL must be the ${serviceRole(service)} login (or set SERVICE_DB_PASSWORD)`);
  }
  return serviceDatabaseUrl(env.DATABASE_URL, service, env.SERVICE_DB_PASSWORD ?? devRolePassword(service));
}

@Injectable()
export class HealthService {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly dataSource: DataSource,
    @Optional() private readonly calendars?: CalendarService,
  ) {}

  async check(): Promise<ServiceHealth> {
    let database: 'up' | 'down' = 'up';
    try {
      await pingDatabase(this.dataSource, 1000);
    } catch {
      database = 'down';
    }
    return {
      service: this.runtime.service,
      status: database === 'up' ? 'up' : 'down',
      database,
      checkedAt: new Date().toISOString(),
      version: process.env.npm_package_version ?? '0.1.0',
      warnings: database === 'up' ? await this.warnings() : [],
    };
  }

  /** A service that runs deadlines warns from 1 November while next year's working-day schedule is not loaded. */
  private async warnings(): Promise<HealthWarning[]> {
    if (!this.calendars) return [];
    await this.calendars.refresh();
    const year = missingNextYear(this.runtime.clock.now(), this.calendars.get().loadedYears());
    if (year === null) return [];
    return [
      {
        code: 'CALENDAR_NEXT_YEAR_MISSING',
        year,
        message: `The working-day schedule for ${year} is not loaded: deadlines reaching into it are provisional until an admin loads it (PUT /api/v1/calendar/years/${year})`,
      },
    ];
  }
}

function healthController(service: ServiceName): Function {
  @Controller()
  class HealthRpc {
    constructor(private readonly health: HealthService) {}

    @MessagePattern(healthRpc(service).subject)
    check(): Promise<ServiceHealth> {
      return this.health.check();
    }
  }
  return HealthRpc;
}

/**
 * The clock list and explanations of a service. A customer's own user reads only what the service declared
 * customer-facing (`ServiceRuntime.customerClocks`) of its own customer, without the audit trail; where the service
 * declared nothing, it is refused.
 */
function clocksController(service: ClockService, scope: CustomerClockScope | undefined): Function {
  const subjects = clocksRpc(service);
  const customerFilter = (caller: Caller) => {
    if (caller.customerId === undefined) return undefined;
    if (!scope) throw new AppError('FORBIDDEN', `A customer's user may not read the ${service} clocks`);
    return { ...scope, customerId: caller.customerId };
  };
  @Controller()
  class ClocksRpc {
    constructor(private readonly engine: DeadlineEngine) {}

    @MessagePattern(subjects.explain.subject)
    @ForCustomers({ kind: 'handler' })
    explain(@Payload() req: ClockIdRequest, @RpcCaller() caller: Caller) {
      const customer = customerFilter(caller);
      return customer ? this.engine.explainToCustomer(req.id, customer) : this.engine.explain(req.id);
    }

    @MessagePattern(subjects.list.subject)
    @ForCustomers({ kind: 'handler' })
    list(@Payload() q: ListClocksQuery, @RpcCaller() caller: Caller) {
      return this.engine.list(q, customerFilter(caller));
    }
  }
  return ClocksRpc;
}

function hasSettings(service: ServiceName): service is SettingsService {
  return service in SETTINGS_SCHEMAS;
}

function settingsController(service: SettingsService): Function {
  const subjects = settingsRpc(service);
  @Controller()
  class SettingsRpc {
    constructor(private readonly settings: ServiceSettings<object>) {}

    @MessagePattern(subjects.get.subject)
    get() {
      return this.settings.view();
    }

    @MessagePattern(subjects.put.subject)
    put(@Payload() req: PutSettingsRequest, @RpcCaller() caller: Caller) {
      return this.settings.put(req, caller);
    }

    @MessagePattern(subjects.history.subject)
    history(@Payload() q: PageQuery) {
      return this.settings.history(q);
    }
  }
  return SettingsRpc;
}

function settingsProviders(service: ServiceName): Provider[] {
  if (!hasSettings(service)) return [];
  return [
    {
      provide: ServiceSettings,
      useFactory: (ds: DataSource, uow: UnitOfWork, outbox: OutboxWriter, clock: Clock) =>
        new ServiceSettings<object>(service, SETTINGS_SCHEMAS[service] as never, ds, uow, outbox, clock),
      inject: [DataSource, UnitOfWork, OutboxWriter, Clock],
    },
  ];
}

/** Starts the outbox relay and the event consumer once the service is wired, and stops them in order. */
@Injectable()
class ServiceLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Service');

  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly consumer: EventConsumer,
    @Optional() private readonly deadlines?: DeadlineRuntime,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.deadlines) {
      const deadlines = this.deadlines;
      this.consumer.on(CalendarEvents.yearUpdated, async (data, _envelope, m) => {
        await deadlines.applyCalendarYear(m, data);
      });
      await deadlines.start();
    }
    this.relay.start();
    await this.consumer.start();
    this.logger.log(`${this.runtime.service} service ready`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.deadlines?.stop();
    await this.consumer.stop();
    await this.relay.stop();
    await this.nc.drain().catch(() => undefined);
    await this.dataSource.destroy();
  }
}

function deadlineProviders(runtime: ServiceRuntime): Provider[] {
  const events = runtime.deadlines;
  if (!events) return [];
  const { env } = runtime;
  return [
    {
      provide: CalendarService,
      useFactory: (ds: DataSource) => new CalendarService(ds, { workingHours: env.WORKING_HOURS, unknownYear: env.CALENDAR_UNKNOWN_YEAR }),
      inject: [DataSource],
    },
    {
      provide: DeadlineEngine,
      useFactory: (ds: DataSource, uow: UnitOfWork, outbox: OutboxWriter, clock: Clock, calendars: CalendarService) =>
        new DeadlineEngine(ds, uow, outbox, clock, calendars, events, env.DEADLINE_BATCH, runtime.customerClocks),
      inject: [DataSource, UnitOfWork, OutboxWriter, Clock, CalendarService],
    },
    SubjectClocks,
    {
      provide: DeadlineRuntime,
      useFactory: (engine: DeadlineEngine, calendars: CalendarService) => new DeadlineRuntime(engine, calendars, env.DEADLINE_POLL_MS, env.DEADLINE_BATCH),
      inject: [DeadlineEngine, CalendarService],
    },
  ];
}

@Global()
@Module({})
export class ServiceRuntimeModule {
  static register(runtime: ServiceRuntime): DynamicModule {
    const { env, service } = runtime;
    return {
      module: ServiceRuntimeModule,
      controllers: [
        healthController(service),
        ...(runtime.deadlines ? [clocksController(service as ClockService, runtime.customerClocks)] : []),
        ...(hasSettings(service) ? [settingsController(service)] : []),
      ] as Array<new () => unknown>,
      providers: [
        { provide: SERVICE_RUNTIME, useValue: runtime },
        { provide: Clock, useValue: runtime.clock },
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = createServiceDataSource({
              url: resolveServiceDatabaseUrl(env, service),
              schema: service,
              entities: [...(runtime.deadlines ? DEADLINE_ENTITIES : []), ...runtime.entities],
              migrations: runtime.migrations,
              statementTimeoutMs: env.STATEMENT_TIMEOUT_MS,
              connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
            });
            return dataSource.initialize();
          },
        },
        { provide: NATS_CONNECTION, useFactory: () => connectNats(env.NATS_URL, `${service}-events`) },
        { provide: JETSTREAM, useFactory: (nc: NatsConnection) => jetstream(nc), inject: [NATS_CONNECTION] },
        {
          provide: JETSTREAM_MANAGER,
          useFactory: async (nc: NatsConnection) => {
            const jsm = await jetstreamManager(nc);
            await ensureEventsStream(jsm, env.JETSTREAM_REPLICAS);
            return jsm;
          },
          inject: [NATS_CONNECTION],
        },
        { provide: OutboxWriter, useFactory: (clock: Clock) => new OutboxWriter(clock), inject: [Clock] },
        {
          provide: OutboxRelay,
          // Depends on the manager so the stream exists before the first publication.
          useFactory: (ds: DataSource, js: JetStreamClient, _jsm: JetStreamManager) => new OutboxRelay(ds, js, env.OUTBOX_POLL_MS),
          inject: [DataSource, JETSTREAM, JETSTREAM_MANAGER],
        },
        {
          provide: UnitOfWork,
          useFactory: (ds: DataSource, relay: OutboxRelay) => new UnitOfWork(ds, relay),
          inject: [DataSource, OutboxRelay],
        },
        {
          provide: EventConsumer,
          useFactory: (ds: DataSource, js: JetStreamClient, jsm: JetStreamManager) =>
            new EventConsumer(service, ds, js, jsm, env.EVENT_MAX_ATTEMPTS),
          inject: [DataSource, JETSTREAM, JETSTREAM_MANAGER],
        },
        HealthService,
        ServiceLifecycle,
        ...deadlineProviders(runtime),
        ...settingsProviders(service),
      ],
      exports: [
        SERVICE_RUNTIME,
        Clock,
        DataSource,
        NATS_CONNECTION,
        OutboxWriter,
        UnitOfWork,
        EventConsumer,
        HealthService,
        ...(runtime.deadlines ? [CalendarService, DeadlineEngine, DeadlineRuntime, SubjectClocks] : []),
        ...(hasSettings(service) ? [ServiceSettings] : []),
      ],
    };
  }
}
