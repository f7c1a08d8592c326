import { ArgumentsHost, Catch, Logger, RpcExceptionFilter, ValidationPipe } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { AppError, validationError } from '../errors/app-error';
import { isDatabaseUnavailable } from '../db/unavailable';
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
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`Database unavailable: ${(exception as Error).message}`);
      const body: ErrorBody = { code: 'SERVICE_UNAVAILABLE', message: 'The service cannot reach its database; retry shortly' };
      return throwError(() => body);
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const body: ErrorBody = { code: 'INTERNAL', message: 'Internal error in the service; see its log' };
    return throwError(() => body);
  }
}
