import { CallHandler, createParamDecorator, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { NatsContext } from '@nestjs/microservices';
import { map, Observable } from 'rxjs';
import { AppError } from '../errors/app-error';
import { Caller, CALLER_HEADER, decodeCaller } from '../identity/caller';

/**
 * What a customer's own user may do with a request/reply handler. A handler without this mark refuses them
 * (403): customer isolation fails closed, whatever the gateway lets through.
 * - `list`: the query is confined to the caller's customer (its `field`, default `customerId`, is overwritten);
 * - `owned`: the answer must belong to the caller's customer (its `field`), or it is answered as not found;
 * - `handler`: the handler takes the caller (`@RpcCaller()`) and checks it itself;
 * - `open`: not customer data (the calendar).
 */
export type CustomerAccess = { kind: 'list' | 'owned'; field?: string } | { kind: 'handler' | 'open' };

const CUSTOMER_ACCESS = 'customerAccess';

export const ForCustomers = (access: CustomerAccess) => SetMetadata(CUSTOMER_ACCESS, access);

/** The caller decoded once per request (the interceptor and the handler's parameter both ask), by its context. */
const callers = new WeakMap<NatsContext, Caller>();

function callerOf(context: ExecutionContext): Caller {
  const rpc = context.switchToRpc().getContext<NatsContext>();
  const known = callers.get(rpc);
  if (known) return known;
  const caller = decodeCaller(rpc.getHeaders()?.get(CALLER_HEADER));
  if (!caller) throw new AppError('UNAUTHENTICATED', `No caller identity on ${rpc.getSubject()}`);
  callers.set(rpc, caller);
  return caller;
}

/** The caller of the request being handled, as the gateway authenticated it. */
export const RpcCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => callerOf(context));

/** Refuses requests without a caller and confines a customer's own users to that customer's data. */
@Injectable()
export class CallerScopeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const caller = callerOf(context);
    const customerId = caller.customerId;
    if (customerId === undefined) return next.handle();
    const access = this.reflector.get<CustomerAccess | undefined>(CUSTOMER_ACCESS, context.getHandler());
    const subject = context.switchToRpc().getContext<NatsContext>().getSubject();
    if (!access) throw new AppError('FORBIDDEN', `A customer's user may not call ${subject}`);
    if (access.kind === 'list') {
      const query = context.switchToRpc().getData<Record<string, unknown>>();
      query[access.field ?? 'customerId'] = customerId;
    }
    if (access.kind !== 'owned') return next.handle();
    const field = access.field ?? 'customerId';
    return next.handle().pipe(
      map((answer: unknown) => {
        if ((answer as Record<string, unknown> | null)?.[field] !== customerId) {
          throw new AppError('NOT_FOUND', `Not found among this customer's data (${subject})`);
        }
        return answer;
      }),
    );
  }
}
