import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Tier } from '@app/shared';

/** Reporting's copy of a customer: what statistics group by. */
@Entity({ name: 'customer_dim' })
export class CustomerDim {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  tier!: Tier;
}

/** One row per fault ticket opened, from the fault service's events. */
@Entity({ name: 'fault_fact' })
export class FaultFact {
  @PrimaryColumn({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId!: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;
}
