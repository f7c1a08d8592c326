import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An event written in the same transaction as the change it describes, published later by the relay. */
@Entity({ name: 'outbox' })
export class OutboxRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'uuid', unique: true })
  id!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb' })
  envelope!: object;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}

/** Each event id applied by this service; inserted in the same transaction as the event's effect. */
@Entity({ name: 'inbox' })
export class InboxRecord {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'applied_at', type: 'timestamptz', default: () => 'now()' })
  appliedAt!: Date;
}

/** A message that could not be applied after every retry, or could not be read at all. Kept for an operator. */
@Entity({ name: 'dead_letter' })
export class DeadLetterRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'event_id', type: 'text', nullable: true })
  eventId!: string | null;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'stream_seq', type: 'bigint' })
  streamSeq!: string;

  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'text' })
  error!: string;

  @Column({ type: 'int' })
  attempts!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

export const EVENT_ENTITIES = [OutboxRecord, InboxRecord, DeadLetterRecord];

/** DDL for the event tables, used by each service's first migration (tables land in the service's schema). */
export const EVENT_TABLES_UP = [
  `CREATE TABLE outbox (
     seq bigserial PRIMARY KEY,
     id uuid NOT NULL UNIQUE,
     type text NOT NULL,
     envelope jsonb NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     published_at timestamptz,
     attempts int NOT NULL DEFAULT 0,
     last_error text
   )`,
  `CREATE INDEX outbox_unpublished_idx ON outbox (seq) WHERE published_at IS NULL`,
  `CREATE TABLE inbox (
     event_id uuid PRIMARY KEY,
     type text NOT NULL,
     applied_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE dead_letter (
     id bigserial PRIMARY KEY,
     event_id text,
     subject text NOT NULL,
     stream_seq bigint NOT NULL,
     payload text NOT NULL,
     error text NOT NULL,
     attempts int NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
];

export const EVENT_TABLES_DOWN = ['DROP TABLE dead_letter', 'DROP TABLE inbox', 'DROP TABLE outbox'];
