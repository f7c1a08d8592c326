import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BusinessImportance, CircuitGrade, CircuitState, Industry, ServiceType, Tier } from '@app/shared';

/** After-sales' copy of a customer, kept from provisioning's events. */
@Entity({ name: 'known_customer' })
export class KnownCustomer {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) code!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) industry!: Industry;
  @Column({ type: 'text' }) tier!: Tier;
  @Column({ type: 'text', nullable: true }) region!: string | null;
  @Column({ name: 'customer_manager', type: 'text', nullable: true }) customerManager!: string | null;
  @Column({ name: 'customer_engineer', type: 'text', nullable: true }) customerEngineer!: string | null;
  /** When this service first heard of the customer: visit coverage counts from it. */
  @Column({ name: 'known_since', type: 'timestamptz' }) knownSince!: Date;
}

/** After-sales' copy of a circuit, kept from provisioning's events. */
@Entity({ name: 'known_circuit' })
export class KnownCircuit {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) code!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ name: 'service_type', type: 'text' }) serviceType!: ServiceType;
  @Column({ type: 'text' }) grade!: CircuitGrade;
  @Column({ type: 'text' }) business!: string;
  @Column({ type: 'text' }) importance!: BusinessImportance;
  @Column({ type: 'text' }) state!: CircuitState;
  @Column({ name: 'a_end', type: 'jsonb' }) aEnd!: { address: string; city: string; province: string };
  @Column({ name: 'z_end', type: 'jsonb' }) zEnd!: { address: string; city: string; province: string };
}

/** After-sales' copy of a fault ticket's outcome, kept from fault's events: the customer's fault history. */
@Entity({ name: 'known_ticket' })
export class KnownTicket {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) number!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ name: 'circuit_id', type: 'uuid', nullable: true }) circuitId!: string | null;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true }) openedAt!: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'crisis_a', type: 'boolean' }) crisisA!: boolean;
  @Column({ name: 'major_classes', type: 'int', array: true }) majorClasses!: number[];
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
