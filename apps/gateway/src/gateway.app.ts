import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger, ValidationPipe } from '@nestjs/common';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Clock, createLogger, GatewayEnv, rememberValidationTargets, REQUEST_ID_HEADER, ROLE_DESCRIPTIONS, ROLES, SystemClock, validationError } from '@app/shared';
import { registerConsole } from './console/console-static';
import { GatewayModule } from './gateway.module';
import { registerCsvNegotiation } from './http/csv-negotiation';
import { registerIdempotency } from './http/idempotency';
import { registerJsonBody } from './http/json-body';
import { GatewayMetrics } from './http/metrics';
import { NatsLink } from './http/nats-link';
import { httpCode, problem, ProblemFilter } from './http/problem.filter';
import { requestContext } from './http/request-context';
import { ROLES_EXTENSION } from './identity/access';
import { AuditLog } from './identity/audit';
import { authOf, registerAuthentication } from './identity/authenticate';
import { TokenService } from './identity/tokens';
import { tmfWithoutTrailingSlash } from './tmf/tmf-http.rules';

export const API_PREFIX = 'api/v1';

/** Everything under /api/v1 but the probes and TM Forum's APIs (at the paths TMF specifies). */
function setPrefix(app: NestFastifyApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/live', 'metrics', 'tmf-api/{*path}'] });
}

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

/** Node's parser refused the request: 431 for headers (the URL included) too large, else 400, as problem+json. */
function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const detail = tooLarge ? 'The request line and headers are longer than the gateway reads (about 16 KB): send long values in a body' : 'The request is not valid HTTP';
  const body = JSON.stringify(problem(status, httpCode(status), detail, ''));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/problem+json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Builds the gateway without listening: main.ts listens, tests drive it with supertest. */
export async function createGatewayApp(env: GatewayEnv, opts: { clock?: Clock } = {}): Promise<NestFastifyApplication> {
  rememberValidationTargets();
  const app = await NestFactory.create<NestFastifyApplication>(
    GatewayModule.forRoot(env, opts.clock ?? new SystemClock()),
    new FastifyAdapter({
      bodyLimit: env.BODY_LIMIT_BYTES,
      // A caller's request id is kept (so a portal can correlate); otherwise the gateway makes one.
      requestIdHeader: REQUEST_ID_HEADER,
      genReqId: () => randomUUID(),
      // TM Forum's clients (its conformance kit among them) may end a collection's path with a slash.
      rewriteUrl: (request: { url?: string }) => tmfWithoutTrailingSlash(request.url ?? '/'),
      // What Fastify's router refuses before any route runs (a malformed URL, a path segment over maxParamLength) is a problem too.
      frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
        const status = error.statusCode ?? 400;
        void reply.status(status).header('content-type', 'application/problem+json; charset=utf-8').send(problem(status, httpCode(status), error.message, request.url));
      },
      // What Node's HTTP parser refuses before Fastify sees a request (headers or a URL over ~16 KB): a problem as well.
      clientErrorHandler: answerClientError,
    }),
    // The gateway's own JSON parser (http/json-body.ts) replaces Nest's.
    { logger: createLogger(env, 'gateway'), bodyParser: false },
  );
  await instrument(app, env);
  setPrefix(app);
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
  await registerConsole(app.getHttpAdapter().getInstance());
  SwaggerModule.setup('docs', app, () => openApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'GEM maintenance platform API',
    // Tags start collapsed: with every tag open Swagger UI resolves every operation in one batch, which it does not
    // finish on a document of this size; a reader opens the tag they need.
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true, docExpansion: 'none', filter: true },
  });
  return app;
}

/** Security headers, CORS, the request id on every answer and in the NATS headers, access logs and metrics. */
async function instrument(app: NestFastifyApplication, env: GatewayEnv): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(GatewayMetrics);
  const access = new Logger('Access');
  registerJsonBody(fastify, env.BODY_LIMIT_BYTES, [`/${API_PREFIX}/auth/token`]);
  registerCsvNegotiation(fastify);
  await app.register(helmet, {
    // Swagger UI (/docs) and the console (/console) load their own scripts and styles, and nothing from elsewhere.
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] } },
  });
  const origins = env.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  await app.register(cors, { origin: origins.length > 0 ? origins : false, exposedHeaders: [REQUEST_ID_HEADER, 'etag', 'retry-after'] });
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    requestContext.enterWith({ requestId: request.id });
    done();
  });
  registerAuthentication(fastify, app.get(TokenService));
  await app.register(rateLimit, {
    max: env.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    // After authentication, so the limit is per user (per address before sign-in).
    hook: 'preHandler',
    keyGenerator: (request) => authOf(request).caller?.sub ?? request.ip,
    // Orchestrators' probes and scrapes are never limited.
    allowList: (request) => request.url === '/health' || request.url === '/health/live' || request.url === '/metrics',
    // Thrown, then answered as problem+json (TOO_MANY_REQUESTS) by the ProblemFilter like every other error.
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`More than ${context.max} requests a minute; retry after ${context.after}`), { statusCode: 429 }),
  });
  registerIdempotency(fastify, app.get(NatsLink), { ttlSeconds: env.IDEMPOTENCY_TTL_SECONDS, leaseMs: env.RPC_TIMEOUT_MS + 2000, clock: app.get(Clock) });
  app.get(AuditLog).register(fastify);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, seconds);
    // The line is built only when it will be written (LOG_LEVEL log or finer).
    if (Logger.isLevelEnabled('log')) {
      access.log(`${request.method} ${request.url.replace(/access_token=[^&]*/, 'access_token=***')} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms requestId=${request.id}`);
    }
    done();
  });
}

/**
 * The OpenAPI document from the routes alone, without a database or NATS (Nest's preview mode builds the module
 * graph without creating providers): what `npm run openapi` writes.
 */
export async function openApiDocumentOffline(env: GatewayEnv): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(env, new SystemClock()), new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  setPrefix(app);
  const document = openApiDocument(app);
  await app.close();
  return document;
}

export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Government & enterprise network maintenance platform')
    .setDescription(
      'Fault handling, provisioning (seven steps), visits and reports for 政企客户. Errors are application/problem+json (RFC 9457).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from POST /api/v1/auth/login' }, 'bearer')
    .addOAuth2(
      {
        type: 'oauth2',
        description: 'Sign in with your username and password (leave client_id and client_secret empty)',
        flows: { password: { tokenUrl: `/${API_PREFIX}/auth/token`, refreshUrl: `/${API_PREFIX}/auth/token`, scopes: {} } },
      },
      'oauth2',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  describeRoles(document);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA as never } };
  return document;
}

/** Each operation's description ends with who may call it, from the roles its access rule declares. */
function describeRoles(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const op of [item.get, item.put, item.post, item.patch, item.delete]) {
      const roles = (op as Record<string, unknown> | undefined)?.[ROLES_EXTENSION] as string[] | undefined;
      if (!op || !roles) continue;
      const who = roles[0] === 'public' ? 'anyone, without signing in' : roles.map((r) => `\`${r}\``).join(', ');
      op.description = `${op.description ? `${op.description}\n\n` : ''}**Roles:** ${who}`;
    }
  }
  const roles = ROLES.map((r) => `- \`${r}\`: ${ROLE_DESCRIPTIONS[r]}`).join('\n');
  document.info.description = `${document.info.description}\n\n**Signing in:** press **Authorize**, then under *oauth2* enter a username and password (a fresh installation has the administrator from \`ADMIN_USERNAME\`/\`ADMIN_PASSWORD\`, in development \`admin\` / \`admin-dev-password\`).\n\n**Roles:**\n${roles}`;
}
