import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { GatewayMetrics } from '../http/metrics';
import { ProblemFilter, RETRY_AFTER_SECONDS } from '../http/problem.filter';

/**
 * Errors of the TMF routes in TMF's shape (TMF630 Error: code, reason, message, status), from the same conversion as
 * every other route's problem details, so a code means the same on both. Nothing beyond the specification's attributes
 * (a contract test refuses any other): the message of a 400 names each field and its reason.
 */
@Catch()
@Injectable()
export class TmfErrorFilter implements ExceptionFilter {
  private readonly problems: ProblemFilter;

  constructor(metrics: GatewayMetrics) {
    this.problems = new ProblemFilter(metrics);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.problems.convert(exception, request);
    if (problem.status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    if (problem.status === 401) void reply.header('www-authenticate', `Bearer error="invalid_token"`);
    void reply
      .status(problem.status)
      .header('content-type', 'application/json; charset=utf-8')
      .send({
        '@type': 'Error',
        code: problem.code,
        reason: STATUS_CODES[problem.status] ?? 'Error',
        message: problem.detail,
        status: String(problem.status),
      });
  }
}
