import { jetstreamManager } from '@nats-io/jetstream';
import { INestMicroservice } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import {
  CLOCK_SERVICES,
  Clock,
  connectNats,
  DeadlineRuntime,
  EVENTS_STREAM,
  GatewayEnv,
  healthRpc,
  loadConfig,
  ManualClock,
  QUALITY_DIAL_RESULTS_STREAM,
  QUALITY_SAMPLES_STREAM,
  RpcClient,
  ServiceEnv,
  ServiceName,
  startService,
  SYSTEM_CALLER,
} from '@app/shared';
import { FaultModule } from '../../apps/fault/src/fault.module';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app';
import { NatsLink } from '../../apps/gateway/src/http/nats-link';
import { ProvisioningModule } from '../../apps/provisioning/src/provisioning.module';
import { ReportingModule } from '../../apps/reporting/src/reporting.module';
import { VisitsModule } from '../../apps/visits/src/visits.module';
import { NotifierEnv } from '../../apps/notifier/src/notifier.env';
import { NotifierModule } from '../../apps/notifier/src/notifier.module';
import { QualityEnv } from '../../apps/quality/src/quality.env';
import { QualityModule } from '../../apps/quality/src/quality.module';
import { ensureDatabase } from '../../tools/infra';
import { migrateAll } from '../../tools/migrate';
import { expectEventually } from './eventually';
import { useFactoryClock } from './factories';

const MODULES = {
  fault: FaultModule,
  provisioning: ProvisioningModule,
  visits: VisitsModule,
  reporting: ReportingModule,
  notifier: NotifierModule,
  quality: QualityModule,
};

export function testInfraUrls(): { adminUrl: string; natsUrl: string } {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const natsUrl = process.env.TEST_NATS_URL;
  if (!adminUrl || !natsUrl) throw new Error('Test infrastructure is not set up (run through jest, which runs test/support/global-setup)');
  return { adminUrl, natsUrl };
}

/** A database of its own for one test file, migrated like production, and a JetStream emptied of earlier runs. */
export async function freshEnvironment(): Promise<{ databaseUrl: string; natsUrl: string; drop: () => Promise<void> }> {
  const { adminUrl, natsUrl } = testInfraUrls();
  const url = new URL(adminUrl);
  const name = `gem_t_${randomBytes(4).toString('hex')}`;
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await migrateAll(databaseUrl, { NODE_ENV: 'test' }, () => undefined);
  await resetEventsStream(natsUrl);
  const drop = async () => {
    const admin = new URL(adminUrl);
    admin.pathname = '/postgres';
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  return { databaseUrl, natsUrl, drop };
}

export async function resetEventsStream(natsUrl: string): Promise<void> {
  const nc = await connectNats(natsUrl, 'test-reset');
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(EVENTS_STREAM).catch(() => false);
    // The gateway's idempotency records live in a key-value bucket on the same server.
    await jsm.streams.delete('KV_idempotency').catch(() => false);
    await jsm.streams.delete(QUALITY_SAMPLES_STREAM).catch(() => false);
    await jsm.streams.delete(QUALITY_DIAL_RESULTS_STREAM).catch(() => false);
  } finally {
    await nc.close();
  }
}

export const ADMIN_PASSWORD = 'test-admin-password';

/** The verbs of a supertest agent; `client(server, token)` sends the token with each. */
export type ApiClient = Pick<ReturnType<typeof request>, 'get' | 'post' | 'put' | 'patch' | 'delete'>;

export function client(server: Parameters<typeof request>[0], token?: string): ApiClient {
  const agent = request(server);
  const sign = <T extends request.Test>(test: T): T => (token ? test.set('Authorization', `Bearer ${token}`) : test);
  return {
    get: (url: string) => sign(agent.get(url)),
    post: (url: string) => sign(agent.post(url)),
    put: (url: string) => sign(agent.put(url)),
    patch: (url: string) => sign(agent.patch(url)),
    delete: (url: string) => sign(agent.delete(url)),
  } as ApiClient;
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
  token: string;
  refreshToken: string;
  http: () => ApiClient;
}

export interface TestPlatform {
  /** The services' clock: business time limits. */
  clock: ManualClock;
  /** The gateway's clock: token lifetimes (kept apart, so moving business time does not expire the tests' tokens). */
  gatewayClock: ManualClock;
  databaseUrl: string;
  natsUrl: string;
  /** Requests as the administrator (every role may be exercised through it). */
  http: () => ApiClient;
  /** Requests without a token. */
  anonymous: () => ApiClient;
  /** Requests with this bearer token. */
  as: (token: string) => ApiClient;
  /** A new user with these roles (a customer user names its customer; `extra`: more fields, a unit), signed in. */
  user: (roles: string[], customerId?: string, extra?: Record<string, unknown>) => Promise<TestUser>;
  gateway: NestFastifyApplication;
  /** Waits until every running deadline engine has polled since now, so a deadline not fired by then was not due. */
  deadlinesPolled(): Promise<void>;
  /** A running service's application (to wait on one of its loops); throws when it is not running. */
  service(name: ServiceName): INestMicroservice;
  startService(name: ServiceName): Promise<void>;
  stopService(name: ServiceName): Promise<void>;
  close(): Promise<void>;
}

/** A service's variables; the notifier and quality read their own too (SMS_GATEWAY_URL, SMTP_URL, QUALITY_…), which `ServiceEnv` drops. */
export function serviceEnv<E extends ServiceEnv = ServiceEnv>(databaseUrl: string, natsUrl: string, overrides: Record<string, string> = {}, schema: new () => E = ServiceEnv as new () => E): E {
  return loadConfig(schema, {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    OUTBOX_POLL_MS: '200',
    LOG_LEVEL: 'error',
    ...overrides,
  });
}

export async function startTestService(name: ServiceName, env: ServiceEnv, clock: Clock): Promise<INestMicroservice> {
  return startService(name, MODULES[name].forRoot({ env, clock }), env);
}

/** The whole platform in this process: every service and the gateway, on real Postgres and NATS. */
export async function startPlatform(opts: { services?: ServiceName[]; gatewayEnv?: Record<string, string>; serviceEnv?: Record<string, string> } = {}): Promise<TestPlatform> {
  const { databaseUrl, natsUrl, drop } = await freshEnvironment();
  const clock = new ManualClock('2026-11-02T02:00:00Z');
  useFactoryClock(() => clock.now());
  const envOf = (name: ServiceName): ServiceEnv =>
    serviceEnv(databaseUrl, natsUrl, opts.serviceEnv, name === 'notifier' ? NotifierEnv : name === 'quality' ? QualityEnv : ServiceEnv);
  const running = new Map<ServiceName, INestMicroservice>();
  const probe = await connectNats(natsUrl, 'test-platform');
  const health = new RpcClient(probe, 1000);
  const start = async (name: ServiceName) => {
    if (running.has(name)) return;
    running.set(name, await startTestService(name, envOf(name), clock));
    // Started means answering: its subscriptions have reached the server once its health check replies.
    await expectEventually(() => health.send(healthRpc(name), {}, { caller: SYSTEM_CALLER }).then(() => undefined), 10_000, 50);
  };
  const stop = async (name: ServiceName) => {
    await running.get(name)?.close();
    running.delete(name);
  };
  for (const name of opts.services ?? (['provisioning', 'fault', 'visits', 'reporting', 'notifier', 'quality'] as const)) await start(name);

  const gatewayClock = new ManualClock('2026-11-02T02:00:00Z');
  const gateway = await createGatewayApp(
    // Tests drive many requests from one address; the rate-limit test sets its own limit.
    loadConfig(GatewayEnv, {
      NODE_ENV: 'test',
      NATS_URL: natsUrl,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'error',
      RATE_LIMIT_PER_MINUTE: '1000000',
      ADMIN_PASSWORD,
      PASSWORD_HASH_COST: '10',
      ...opts.gatewayEnv,
    }),
    { clock: gatewayClock },
  );
  await gateway.init();
  await gateway.getHttpAdapter().getInstance().ready();
  await gateway.get(NatsLink).ready();
  const server = gateway.getHttpServer();
  const signIn = async (username: string, password: string) =>
    (await client(server).post('/api/v1/auth/login').send({ username, password }).expect(200)).body as { accessToken: string; refreshToken: string };
  const admin = await signIn('admin', ADMIN_PASSWORD);
  let users = 0;

  return {
    clock,
    databaseUrl,
    natsUrl,
    gatewayClock,
    gateway,
    http: () => client(server, admin.accessToken),
    anonymous: () => client(server),
    as: (token: string) => client(server, token),
    user: async (roles: string[], customerId?: string, extra: Record<string, unknown> = {}) => {
      const username = `${roles.join('-')}-${++users}`;
      const password = `password-of-${username}`;
      const created = await client(server, admin.accessToken)
        .post('/api/v1/users')
        .send({ username, displayName: username, password, roles, ...(customerId ? { customerId } : {}), ...extra })
        .expect(201);
      const session = await signIn(username, password);
      return { id: created.body.id, username, password, token: session.accessToken, refreshToken: session.refreshToken, http: () => client(server, session.accessToken) };
    },
    deadlinesPolled: async () => {
      const engines = [...running.entries()].filter(([name]) => (CLOCK_SERVICES as readonly string[]).includes(name)).map(([, app]) => app.get(DeadlineRuntime));
      await Promise.all(engines.map((e) => e.afterNextPoll()));
    },
    service: (name: ServiceName) => {
      const app = running.get(name);
      if (!app) throw new Error(`The ${name} service is not running`);
      return app;
    },
    startService: start,
    stopService: stop,
    close: async () => {
      await gateway.close();
      for (const name of [...running.keys()]) await stop(name);
      await probe.close();
      await drop();
    },
  };
}
