import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CauseCategory, Industry, Segment, TicketStatus, Tier } from '@app/shared';

/** Reporting's copy of a customer: what statistics group by and who reviews its reports. */
@Entity({ name: 'customer_dim' })
export class CustomerDim {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) tier!: Tier;
  @Column({ type: 'text', nullable: true }) code!: string | null;
  @Column({ type: 'text', nullable: true }) industry!: Industry | null;
  @Column({ type: 'text', nullable: true }) region!: string | null;
  @Column({ name: 'customer_engineer', type: 'text', nullable: true }) customerEngineer!: string | null;
  @Column({ name: 'customer_manager', type: 'text', nullable: true }) customerManager!: string | null;
  /** The customer's contacts and escalation list by name: what a case write-up must not name. */
  @Column({ name: 'contact_names', type: 'text', array: true, default: () => "'{}'" }) contactNames!: string[];
}

/** Reporting's copy of a circuit, from provisioning's circuit events (the last one wins). */
@Entity({ name: 'circuit_dim' })
export class CircuitDim {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) code!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ name: 'service_type', type: 'text' }) serviceType!: string;
  @Column({ name: 'bandwidth_mbps', type: 'int' }) bandwidthMbps!: number;
  @Column({ type: 'text' }) grade!: string;
  @Column({ type: 'text' }) business!: string;
  @Column({ type: 'text' }) importance!: string;
  @Column({ type: 'text' }) protection!: string;
  @Column({ name: 'a_province', type: 'text' }) aProvince!: string;
  @Column({ name: 'a_city', type: 'text' }) aCity!: string;
  @Column({ name: 'z_province', type: 'text' }) zProvince!: string;
  @Column({ name: 'z_city', type: 'text' }) zCity!: string;
  @Column({ type: 'text' }) state!: string;
  /** When the event that wrote this row occurred: an older one arriving late changes nothing. */
  @Column({ name: 'as_of', type: 'timestamptz' }) asOf!: Date;
}

/** One row per fault ticket, from the fault service's events: the ticket as it stands after its latest change. */
@Entity({ name: 'fault_fact' })
export class FaultFact {
  @PrimaryColumn({ name: 'ticket_id', type: 'uuid' }) ticketId!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt!: Date;
  @Column({ type: 'text', nullable: true }) number!: string | null;
  @Column({ name: 'circuit_id', type: 'uuid', nullable: true }) circuitId!: string | null;
  @Column({ name: 'reporter_name', type: 'text', nullable: true }) reporterName!: string | null;
  @Column({ name: 'circuit_code', type: 'text', nullable: true }) circuitCode!: string | null;
  @Column({ name: 'service_type', type: 'text', nullable: true }) serviceType!: string | null;
  @Column({ type: 'text', nullable: true }) channel!: string | null;
  @Column({ type: 'text', nullable: true }) symptom!: string | null;
  @Column({ type: 'text', nullable: true }) status!: TicketStatus | null;
  @Column({ name: 'fault_at', type: 'timestamptz', nullable: true }) faultAt!: Date | null;
  @Column({ name: 'reported_at', type: 'timestamptz', nullable: true }) reportedAt!: Date | null;
  @Column({ name: 'restored_at', type: 'timestamptz', nullable: true }) restoredAt!: Date | null;
  @Column({ name: 'repaired_at', type: 'timestamptz', nullable: true }) repairedAt!: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'cause_category', type: 'text', nullable: true }) causeCategory!: CauseCategory | null;
  @Column({ name: 'cause_segment', type: 'text', nullable: true }) causeSegment!: Segment | null;
  @Column({ name: 'cause_description', type: 'text', nullable: true }) causeDescription!: string | null;
  @Column({ name: 'customer_facing_cause', type: 'text', nullable: true }) customerFacingCause!: string | null;
  @Column({ name: 'incident_id', type: 'uuid', nullable: true }) incidentId!: string | null;
  @Column({ type: 'boolean', default: false }) suspended!: boolean;
  @Column({ name: 'closed_without_restoration', type: 'boolean', default: false }) closedWithoutRestoration!: boolean;
  /** The `at` and ticket version of the change this row reflects: a change applied late (older) changes nothing. */
  @Column({ name: 'changed_at', type: 'timestamptz', nullable: true }) changedAt!: Date | null;
  @Column({ name: 'ticket_version', type: 'int', nullable: true }) ticketVersion!: number | null;
}

/** One row per change of a ticket: what was done, when, and whether the customer was told of it. */
@Entity({ name: 'ticket_timeline' })
export class TicketTimelineRow {
  /** The event's id: a redelivered or replayed event finds its row. */
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId!: string;
  @Column({ name: 'ticket_id', type: 'uuid' }) ticketId!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ name: 'ticket_version', type: 'int', nullable: true }) ticketVersion!: number | null;
  @Column({ type: 'text' }) action!: string;
  @Column({ type: 'text' }) status!: TicketStatus;
  /** The status the customer was shown with it; null for an internal action (escalation, legs, answers). */
  @Column({ name: 'customer_visible', type: 'boolean' }) customerVisible!: boolean;
}

/** A fault clock's outcome (evt.fault.clock.stopped / breached), one row per clock. */
@Entity({ name: 'clock_fact' })
export class ClockFact {
  @PrimaryColumn({ name: 'clock_id', type: 'uuid' }) clockId!: string;
  @Column({ type: 'text' }) service!: string;
  @Column({ name: 'subject_type', type: 'text' }) subjectType!: string;
  @Column({ name: 'subject_id', type: 'text' }) subjectId!: string;
  @Column({ name: 'customer_id', type: 'uuid', nullable: true }) customerId!: string | null;
  @Column({ type: 'text' }) kind!: string;
  @Column({ name: 'limit_ms', type: 'bigint' }) limitMs!: string;
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true }) breachedAt!: Date | null;
  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true }) stoppedAt!: Date | null;
  @Column({ type: 'boolean', nullable: true }) met!: boolean | null;
  @Column({ name: 'counted_ms', type: 'bigint', nullable: true }) countedMs!: string | null;
  @Column({ name: 'exempt_ms', type: 'bigint', nullable: true }) exemptMs!: string | null;
  @Column({ name: 'stop_reason', type: 'text', nullable: true }) stopReason!: string | null;
}
