import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DialTestKind, DialTestStatus } from '@app/shared';
import { DialTestResult } from './dial-test.rules';

/** A dial test of a circuit: requested (from the circuit or one of its tickets) until a probe system answers it. */
@Entity({ name: 'dial_test' })
export class DialTest {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) kind!: DialTestKind;
  @Column({ type: 'text' }) status!: DialTestStatus;
  @Column({ name: 'circuit_id', type: 'uuid' }) circuitId!: string;
  @Column({ name: 'circuit_code', type: 'text' }) circuitCode!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ name: 'ticket_id', type: 'uuid', nullable: true }) ticketId!: string | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'requested_by', type: 'text', nullable: true }) requestedBy!: string | null;
  @Column({ name: 'requested_at', type: 'timestamptz', nullable: true }) requestedAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'text', nullable: true }) source!: string | null;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @Column({ type: 'jsonb', nullable: true }) result!: DialTestResult | null;
}
