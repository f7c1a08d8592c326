import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Column, CreateDateColumn, Entity, MigrationInterface, PrimaryColumn, QueryRunner } from 'typeorm';
import { Observable } from 'rxjs';

/** The gateway's idempotency key of a request (already scoped to the user, method and path) and its body's fingerprint. */
export const IDEMPOTENCY_KEY_HEADER = 'x-idempotency-key';
export const IDEMPOTENCY_FINGERPRINT_HEADER = 'x-idempotency-fingerprint';

export interface IdempotentRequest {
  key: string;
  fingerprint: string;
  /** Set once the request's first transaction has committed with its answer recorded. */
  settled: boolean;
}

/** The idempotency key of the request being handled, for the UnitOfWork that runs its transaction. */
export const idempotencyContext = new AsyncLocalStorage<IdempotentRequest>();

/**
 * Carries a request's Idempotency-Key into its handler: the first transaction the handler runs records its answer
 * under the key, in that same transaction, and a retry gets the recorded answer instead of running again. So a
 * request runs exactly once whatever happens to the gateway, NATS or the service between attempts.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const headers = context.switchToRpc().getContext<NatsContext>().getHeaders();
    const key = headers?.get(IDEMPOTENCY_KEY_HEADER);
    if (!key) return next.handle();
    const request: IdempotentRequest = { key, fingerprint: headers?.get(IDEMPOTENCY_FINGERPRINT_HEADER) ?? '', settled: false };
    return new Observable((subscriber) => idempotencyContext.run(request, () => next.handle().subscribe(subscriber)));
  }
}

/** An answer recorded under an idempotency key, in the service's own schema. */
@Entity({ name: 'idempotency_record' })
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'text' }) key!: string;
  @Column({ type: 'text' }) fingerprint!: string;
  @Column({ type: 'jsonb', nullable: true }) response!: unknown;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt?: Date;
}

/** Answers recorded under idempotency keys, in each service's own schema. */
export class IdempotencyRecords1765000000000 implements MigrationInterface {
  name = 'IdempotencyRecords1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE idempotency_record (
      key text PRIMARY KEY,
      fingerprint text NOT NULL,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query('CREATE INDEX idempotency_record_created ON idempotency_record (created_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE idempotency_record');
  }
}
