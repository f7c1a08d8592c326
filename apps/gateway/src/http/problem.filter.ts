import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, FieldProblem, isDatabaseUnavailable } from '@app/shared';
import { httpStatusOf } from './http-status';
import { GatewayMetrics } from './metrics';

/** RFC 9457 problem details, with our error code and, for a 400, the reason for each field. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export const RETRY_AFTER_SECONDS = 2;

const PROBLEM_BASE = 'https://problems.gem-maintenance.local/';

function problemType(code: string): string {
  return PROBLEM_BASE + code.toLowerCase().replace(/_/g, '-');
}

/** A problem raised outside Nest's exception path (Fastify hooks), shaped like every other. */
export function problem(status: number, code: string, detail: string, instance: string): Problem {
  return { type: problemType(code), title: STATUS_CODES[status] ?? 'Error', status, detail, instance, code };
}

export function httpCode(status: number): string {
  return (STATUS_CODES[status] ?? 'Error').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** Every error leaves the gateway as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  constructor(private readonly metrics: GatewayMetrics) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.convert(exception, request);
    // A client that retries 503 waits this long; the platform recovers by itself (NATS reconnects, Postgres restarts).
    if (problem.status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    if (problem.status === 401) void reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${problem.detail.replace(/"/g, "'")}"`);
    void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
  }

  /** The problem an exception is answered with, counted and logged (the TMF routes answer it in TMF's shape). */
  convert(exception: unknown, request: FastifyRequest): Problem {
    const problem = this.toProblem(exception, request.url);
    this.metrics.errors.inc({ code: problem.code, status: String(problem.status) });
    if (problem.status >= 500) {
      this.logger.error(`${request.method} ${request.url} → ${problem.status} ${problem.code}: ${problem.detail}`);
    }
    return problem;
  }

  private toProblem(exception: unknown, instance: string): Problem {
    if (exception instanceof AppError) {
      const status = httpStatusOf(exception.code);
      const { fields, ...rest } = exception.details ?? {};
      // Extensions first: the standard members must never be overwritten by a detail of the same name.
      return {
        ...rest,
        type: problemType(exception.code),
        title: STATUS_CODES[status] ?? 'Error',
        status,
        detail: exception.message,
        instance,
        code: exception.code,
        ...(fields ? { errors: fields } : {}),
      };
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`Gateway database unavailable: ${(exception as Error).message}`);
      return problem(503, 'SERVICE_UNAVAILABLE', "The gateway cannot reach its database; retry shortly", instance);
    }
    const status = statusOf(exception);
    if (status !== undefined && status < 500) {
      const code = httpCode(status);
      return problem(status, code, messageOf(exception), instance);
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return problem(500, 'INTERNAL', 'Internal error; see the gateway log', instance);
  }
}

function statusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  // Errors raised by Fastify itself (unparseable JSON, body too large, unsupported media type).
  const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

function messageOf(exception: unknown): string {
  if (exception instanceof HttpException) {
    const body = exception.getResponse();
    if (typeof body === 'object' && body !== null && 'message' in body) {
      const m = (body as { message: unknown }).message;
      return Array.isArray(m) ? m.join('; ') : String(m);
    }
    return exception.message;
  }
  return exception instanceof Error ? exception.message : String(exception);
}
