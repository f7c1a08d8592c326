import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Industry, Tier } from '@app/shared';

/** The fault service's copy of a customer, kept from provisioning's events. */
@Entity({ name: 'known_customer' })
export class KnownCustomer {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  industry!: Industry;

  @Column({ type: 'text' })
  tier!: Tier;
}
