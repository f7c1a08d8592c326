import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BusinessImportance, CircuitGrade, CircuitState, Industry, ServiceType, Tier } from '@app/shared';

/** The fault service's copy of a customer, kept from provisioning's events. */
@Entity({ name: 'known_customer' })
export class KnownCustomer {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) code!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) industry!: Industry;
  @Column({ type: 'text' }) tier!: Tier;
}

/** The fault service's copy of a circuit, kept from provisioning's events. */
@Entity({ name: 'known_circuit' })
export class KnownCircuit {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) code!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ name: 'service_type', type: 'text' }) serviceType!: ServiceType;
  @Column({ type: 'text' }) grade!: CircuitGrade;
  @Column({ type: 'text' }) importance!: BusinessImportance;
  @Column({ type: 'text' }) state!: CircuitState;
}

/** An important-period guarantee (§3) as announced by the visits service. */
@Entity({ name: 'guarantee' })
export class Guarantee {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'circuit_codes', type: 'text', array: true }) circuitCodes!: string[];
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt!: Date;
  @Column({ name: 'ends_at', type: 'timestamptz' }) endsAt!: Date;
  @Column({ type: 'boolean' }) ended!: boolean;
}

/** A planned cutover window (§3) as announced by the visits service. */
@Entity({ name: 'cutover' })
export class Cutover {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'circuit_codes', type: 'text', array: true }) circuitCodes!: string[];
  @Column({ name: 'window_start', type: 'timestamptz' }) windowStart!: Date;
  @Column({ name: 'window_end', type: 'timestamptz' }) windowEnd!: Date;
}
