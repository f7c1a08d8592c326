import { IsISO8601, IsObject, IsString, IsUUID, Matches } from 'class-validator';

/** What every durable event looks like on the wire. `type` is also the JetStream subject. */
export class EventEnvelope<T = unknown> {
  @IsUUID()
  id!: string;

  @Matches(/^evt\.[a-z]+\.[a-z-]+\.[a-z-]+\.v\d+$/)
  type!: string;

  @IsString()
  source!: string;

  @IsISO8601()
  occurredAt!: string;

  /** The id of the entity the event is about (a ticket, a customer...). */
  @IsString()
  subjectId!: string;

  @IsObject()
  data!: T;
}
