import { Logger, ValidationPipe } from '@nestjs/common';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { createLogger, GatewayEnv, REQUEST_ID_HEADER, validationError } from '@app/shared';
import { GatewayModule } from './gateway.module';
import { registerIdempotency } from './http/idempotency';
import { GatewayMetrics } from './http/metrics';
import { NatsLink } from './http/nats-link';
import { ProblemFilter } from './http/problem.filter';
import { requestContext } from './http/request-context';

export const API_PREFIX = 'api/v1';

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', example: 'VALIDATION_FAILED' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, reason: { type: 'string' } } },
    },
  },
};

/** Builds the gateway without listening: main.ts listens, tests drive it with supertest. */
export async function createGatewayApp(env: GatewayEnv): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    GatewayModule.forRoot(env),
    new FastifyAdapter({
      bodyLimit: env.BODY_LIMIT_BYTES,
      // A caller's request id is kept (so a portal can correlate); otherwise the gateway makes one.
      requestIdHeader: REQUEST_ID_HEADER,
      genReqId: () => randomUUID(),
    }),
    { logger: createLogger(env, 'gateway') },
  );
  await instrument(app, env);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'metrics'] });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => validationError(errors),
    }),
  );
  app.useGlobalFilters(new ProblemFilter(app.get(GatewayMetrics)));
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  return app;
}

/** Security headers, CORS, the request id on every answer and in the NATS headers, access logs and metrics. */
async function instrument(app: NestFastifyApplication, env: GatewayEnv): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(GatewayMetrics);
  const access = new Logger('Access');
  await app.register(helmet, {
    // Swagger UI loads its own scripts and styles from /docs.
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] } },
  });
  const origins = env.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  await app.register(cors, { origin: origins.length > 0 ? origins : false, exposedHeaders: [REQUEST_ID_HEADER, 'etag', 'retry-after'] });
  await app.register(rateLimit, {
    max: env.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    // Per client address until callers are identified; orchestrators' probes and scrapes are never limited.
    allowList: (request) => request.url === '/health' || request.url === '/metrics',
    // Thrown, then answered as problem+json (TOO_MANY_REQUESTS) by the ProblemFilter like every other error.
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`More than ${context.max} requests a minute; retry after ${context.after}`), { statusCode: 429 }),
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    requestContext.enterWith({ requestId: request.id });
    done();
  });
  registerIdempotency(fastify, app.get(NatsLink), env.IDEMPOTENCY_TTL_SECONDS);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, seconds);
    access.log(`${request.method} ${request.url} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms requestId=${request.id}`);
    done();
  });
}

export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Government & enterprise network maintenance platform')
    .setDescription(
      'Fault handling, provisioning (seven steps), visits and reports for 政企客户. Errors are application/problem+json (RFC 9457).',
    )
    .setVersion('1')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA as never } };
  return document;
}
