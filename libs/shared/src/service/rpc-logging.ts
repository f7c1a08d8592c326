import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { Observable, tap } from 'rxjs';
import { REQUEST_ID_HEADER } from '../messaging/rpc-client';

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
