import { ArgumentsHost, CallHandler, Catch, ExecutionContext, Injectable, Logger, NestInterceptor, RpcExceptionFilter, ValidationPipe } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { Observable, tap, throwError } from 'rxjs';
import { REQUEST_ID_HEADER } from '../messaging/rpc-client';
import { AppError, validationError } from '../errors/app-error';
import { ErrorBody } from '../errors/error-codes';

/** Validates every RPC payload against its contract class; unknown fields are refused. */
export function rpcValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationError(errors),
  });
}

/** Turns whatever a handler threw into the `{ code, message, details }` error contract. */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcError');

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    if (exception instanceof AppError) {
      return throwError(() => exception.toBody());
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const body: ErrorBody = { code: 'INTERNAL', message: 'Internal error in the service; see its log' };
    return throwError(() => body);
  }
}

/** One log line per request/reply, carrying the request id the gateway put in the NATS headers. */
@Injectable()
export class RpcLogInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Rpc');

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc().getContext<NatsContext>();
    const subject = rpc.getSubject();
    const requestId = rpc.getHeaders()?.get(REQUEST_ID_HEADER) || '-';
    const started = Date.now();
    const line = (outcome: string) => `${subject} ${outcome} ${Date.now() - started}ms requestId=${requestId}`;
    return next.handle().pipe(
      tap({
        next: () => this.logger.log(line('ok')),
        error: (err: unknown) => this.logger.warn(line(`failed: ${(err as { code?: string }).code ?? (err as Error).message}`)),
      }),
    );
  }
}
