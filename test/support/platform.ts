import { jetstreamManager } from '@nats-io/jetstream';
import { INestMicroservice } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import {
  Clock,
  connectNats,
  DeadlineRuntime,
  EVENTS_STREAM,
  GatewayEnv,
  loadConfig,
  ManualClock,
  ServiceEnv,
  ServiceName,
  startService,
} from '@app/shared';
import { FaultModule } from '../../apps/fault/src/fault.module';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app';
import { NatsLink } from '../../apps/gateway/src/http/nats-link';
import { ProvisioningModule } from '../../apps/provisioning/src/provisioning.module';
import { ReportingModule } from '../../apps/reporting/src/reporting.module';
import { VisitsModule } from '../../apps/visits/src/visits.module';
import { ensureDatabase } from '../../tools/infra';
import { migrateAll } from '../../tools/migrate';

const MODULES = {
  fault: FaultModule,
  provisioning: ProvisioningModule,
  visits: VisitsModule,
  reporting: ReportingModule,
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
  } finally {
    await nc.close();
  }
}

export interface TestPlatform {
  clock: ManualClock;
  databaseUrl: string;
  natsUrl: string;
  http: () => ReturnType<typeof request>;
  gateway: NestFastifyApplication;
  /** Waits until every running deadline engine has polled since now, so a deadline not fired by then was not due. */
  deadlinesPolled(): Promise<void>;
  startService(name: ServiceName): Promise<void>;
  stopService(name: ServiceName): Promise<void>;
  close(): Promise<void>;
}

export function serviceEnv(databaseUrl: string, natsUrl: string, overrides: Record<string, string> = {}): ServiceEnv {
  return loadConfig(ServiceEnv, {
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

/** The whole platform in this process: the four services and the gateway, on real Postgres and NATS. */
export async function startPlatform(opts: { services?: ServiceName[]; gatewayEnv?: Record<string, string>; serviceEnv?: Record<string, string> } = {}): Promise<TestPlatform> {
  const { databaseUrl, natsUrl, drop } = await freshEnvironment();
  const clock = new ManualClock('2026-11-02T02:00:00Z');
  const env = serviceEnv(databaseUrl, natsUrl, opts.serviceEnv);
  const running = new Map<ServiceName, INestMicroservice>();
  const start = async (name: ServiceName) => {
    if (running.has(name)) return;
    running.set(name, await startTestService(name, env, clock));
  };
  const stop = async (name: ServiceName) => {
    await running.get(name)?.close();
    running.delete(name);
  };
  for (const name of opts.services ?? (['provisioning', 'fault', 'visits', 'reporting'] as const)) await start(name);

  const gateway = await createGatewayApp(
    // Tests drive many requests from one address; the rate-limit test sets its own limit.
    loadConfig(GatewayEnv, { NODE_ENV: 'test', NATS_URL: natsUrl, LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '1000000', ...opts.gatewayEnv }),
  );
  await gateway.init();
  await gateway.getHttpAdapter().getInstance().ready();
  await gateway.get(NatsLink).ready();

  return {
    clock,
    databaseUrl,
    natsUrl,
    gateway,
    http: () => request(gateway.getHttpServer()),
    deadlinesPolled: async () => {
      const engines = [...running.entries()].filter(([name]) => name !== 'reporting').map(([, app]) => app.get(DeadlineRuntime));
      await Promise.all(engines.map((e) => e.afterNextPoll()));
    },
    startService: start,
    stopService: stop,
    close: async () => {
      await gateway.close();
      for (const name of [...running.keys()]) await stop(name);
      await drop();
    },
  };
}
