import { ConsoleLogger, DynamicModule, INestMicroservice, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { loadConfig } from '../config/load-config';
import { ServiceEnv } from '../config/service-config';
import { ServiceName } from '../contracts/health';
import { RpcErrorFilter, rpcValidationPipe } from './rpc-errors';
import { CallerScopeInterceptor } from './caller-scope';
import { IdempotencyInterceptor } from './idempotency';
import { RpcLogInterceptor } from './rpc-logging';

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
 * share requests), validated payloads, and errors in the `{ code, message, details }` contract.
 */
export async function startService(service: ServiceName, module: DynamicModule, env: ServiceEnv): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    transport: Transport.NATS,
    options: { servers: env.NATS_URL, queue: service, name: `${service}-rpc`, maxReconnectAttempts: -1, reconnectTimeWait: 500 },
    logger: createLogger(env, service),
  });
  app.useGlobalPipes(rpcValidationPipe());
  app.useGlobalInterceptors(new RpcLogInterceptor(), new CallerScopeInterceptor(app.get(Reflector)), new IdempotencyInterceptor());
  app.useGlobalFilters(new RpcErrorFilter());
  app.enableShutdownHooks();
  await app.listen();
  return app;
}

/** The whole of a service's main.ts: read the configuration (failing fast), then start. */
export function runServiceMain(service: ServiceName, moduleFor: (env: ServiceEnv) => DynamicModule): void {
  const start = async () => {
    const env = loadConfig(ServiceEnv);
    await startService(service, moduleFor(env), env);
  };
  start().catch((err: unknown) => {
    console.error(`${service} failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
