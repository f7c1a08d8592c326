import { ConsoleLogger, DynamicModule, INestMicroservice, Logger, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { loadConfig } from '../config/load-config';
import { ServiceEnv } from '../config/service-config';
import { replicaHealthRpc, ServiceName } from '../contracts/health';
import { natsServers } from '../messaging/nats';
import { DrainingNatsServer } from './draining-nats-server';
import { RpcErrorFilter, rpcValidationPipe } from './rpc-errors';
import { CallerScopeInterceptor } from './caller-scope';
import { IdempotencyInterceptor } from './idempotency';
import { RpcLogInterceptor } from './rpc-logging';
import { HealthService } from './service-runtime';
import { rememberValidationTargets } from './validation-metadata';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export function logLevels(level: LogLevel): LogLevel[] {
  return LEVELS.slice(0, LEVELS.indexOf(level) + 1);
}

/** The process's logger: levels from LOG_LEVEL, one JSON object per line when LOG_FORMAT=json. */
export function createLogger(env: { LOG_LEVEL: LogLevel; LOG_FORMAT: 'pretty' | 'json' }, name: string): LoggerService {
  return new ConsoleLogger({ logLevels: logLevels(env.LOG_LEVEL), json: env.LOG_FORMAT === 'json', prefix: name });
}

/**
 * Creates and starts a service: Nest's NATS transport with the service name as queue group (so replicas
 * share requests), validated payloads, and errors in the `{ code, message, details }` contract. Its close() stops
 * in the order a replica must: the RPC subscriptions first (drained: new requests go to the other replicas, the ones
 * taken are answered), then the deadline engine, the event consumer, the outbox relay and the database pool.
 */
export async function startService(service: ServiceName, module: DynamicModule, env: ServiceEnv): Promise<INestMicroservice> {
  rememberValidationTargets();
  const server = new DrainingNatsServer(
    { servers: natsServers(env.NATS_URL), queue: service, name: `${service}-rpc`, maxReconnectAttempts: -1, reconnectTimeWait: 500 },
    env.RPC_DRAIN_MS,
  );
  const app = await NestFactory.createMicroservice(module, { strategy: server, logger: createLogger(env, service) });
  app.useGlobalPipes(rpcValidationPipe());
  app.useGlobalInterceptors(new RpcLogInterceptor(), new CallerScopeInterceptor(app.get(Reflector)), new IdempotencyInterceptor());
  app.useGlobalFilters(new RpcErrorFilter());
  // This replica's own health subject, for its container's health check (the queue group picks any replica).
  const health = app.get(HealthService);
  server.addHandler(replicaHealthRpc(service, env.INSTANCE_ID).subject, () => health.check());
  await app.listen();
  return app;
}

/**
 * SIGTERM or SIGINT closes the service with app.close(), and then the process exits. Not Nest's
 * enableShutdownHooks(): on a signal it runs the providers' teardown (closing the database pool) before it closes
 * the transport, so the requests still arriving until then would fail; app.close() closes the transport first.
 */
function closeOnSignals(service: ServiceName, app: INestMicroservice): void {
  const logger = new Logger('Shutdown');
  let closing = false;
  const close = (signal: NodeJS.Signals) => {
    // A second signal (Ctrl-C reaches the whole process group, then tools/start.ts sends SIGTERM) lets the drain finish.
    if (closing) return;
    closing = true;
    logger.log(`${signal}: ${service} stops taking requests and drains`);
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error(`${service} did not stop cleanly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', close).on('SIGINT', close);
}

/**
 * The whole of a service's main.ts: read the configuration (failing fast), start, and stop cleanly on a signal. A
 * service with variables of its own names its env class (a subclass of ServiceEnv).
 */
export function runServiceMain<E extends ServiceEnv = ServiceEnv>(
  service: ServiceName,
  moduleFor: (env: E) => DynamicModule,
  schema: new () => E = ServiceEnv as new () => E,
): void {
  const start = async () => {
    const env = loadConfig(schema);
    closeOnSignals(service, await startService(service, moduleFor(env), env));
  };
  start().catch((err: unknown) => {
    console.error(`${service} failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
