import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@app/shared';

/** A person outside the platform: a customer's contact, or a leader on its escalation list (with the rung). */
export interface OutsidePerson {
  name: string;
  role: string;
  phone: string;
  email?: string;
  level?: number;
}

/** A platform user, from the gateway's user events. */
@Entity({ name: 'directory_users' })
export class DirectoryUser {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) username!: string;
  @Column({ name: 'display_name', type: 'text' }) displayName!: string;
  @Column({ type: 'text', array: true }) roles!: Role[];
  @Column({ name: 'customer_id', type: 'uuid', nullable: true }) customerId!: string | null;
  /** The handling unit a handling_unit user works for, as dispatch legs name it. */
  @Column({ type: 'text', nullable: true }) unit!: string | null;
  @Column({ type: 'text', nullable: true }) phone!: string | null;
  @Column({ type: 'text', nullable: true }) email!: string | null;
  @Column({ type: 'boolean' }) active!: boolean;
  /** When the gateway changed it: an older event arriving late changes nothing. */
  @Column({ name: 'changed_at', type: 'timestamptz' }) changedAt!: Date;
}

/** A customer record, from provisioning: whom the customer record names, its contacts and escalation list. */
@Entity({ name: 'directory_customers' })
export class DirectoryCustomer {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) code!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) tier!: string;
  /** By display name, as the record names them ('王经理'). */
  @Column({ name: 'customer_manager', type: 'text', nullable: true }) customerManager!: string | null;
  @Column({ name: 'customer_engineer', type: 'text', nullable: true }) customerEngineer!: string | null;
  @Column({ type: 'jsonb' }) contacts!: OutsidePerson[];
  @Column({ name: 'escalation_list', type: 'jsonb' }) escalationList!: OutsidePerson[];
}

/** A provisioning order's managers, by name, from its change events. */
@Entity({ name: 'directory_orders' })
export class DirectoryOrder {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) number!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ name: 'customer_manager', type: 'text', nullable: true }) customerManager!: string | null;
  @Column({ name: 'business_manager', type: 'text', nullable: true }) businessManager!: string | null;
  @Column({ name: 'network_support_manager', type: 'text', nullable: true }) networkSupportManager!: string | null;
  @Column({ name: 'project_manager', type: 'text', nullable: true }) projectManager!: string | null;
  @Column({ type: 'int' }) version!: number;
}

/** A ticket as the later events about it (clock warnings, escalations) need it rendered. */
@Entity({ name: 'directory_tickets' })
export class DirectoryTicket {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) number!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ name: 'circuit_code', type: 'text', nullable: true }) circuitCode!: string | null;
  @Column({ type: 'text', nullable: true }) symptom!: string | null;
  /** Who reported the fault and the phone they gave: the `reporter` recipient. */
  @Column({ name: 'reporter_name', type: 'text', nullable: true }) reporterName!: string | null;
  @Column({ name: 'reporter_contact', type: 'text', nullable: true }) reporterContact!: string | null;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'int' }) version!: number;
}
