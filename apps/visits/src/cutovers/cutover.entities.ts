import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CutoverAnswerKind, CutoverStatus, NoticeChannel } from '@app/shared';

/** One window of a cutover: the first, and each reschedule after a refusal or a proposal. */
export interface CutoverRound {
  round: number;
  windowStart: string;
  windowEnd: string;
  shortNotice: boolean;
  reason?: string;
  by: string;
  at: string;
}

/** A planned cutover (割接): its current window, its affected circuits and customers, and what became of it. */
@Entity({ name: 'cutover' })
export class Cutover {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ name: 'circuit_codes', type: 'text', array: true }) circuitCodes!: string[];
  /** Each affected circuit with its customer, as the inventory copy had it when the cutover was planned. */
  @Column({ type: 'jsonb' }) circuits!: Array<{ code: string; customerId: string }>;
  @Column({ name: 'customer_ids', type: 'uuid', array: true }) customerIds!: string[];
  @Column({ name: 'window_start', type: 'timestamptz' }) windowStart!: Date;
  @Column({ name: 'window_end', type: 'timestamptz' }) windowEnd!: Date;
  @Column({ type: 'text' }) owner!: string;
  @Column({ type: 'text' }) status!: CutoverStatus;
  @Column({ type: 'int' }) round!: number;
  @Column({ name: 'short_notice', type: 'boolean' }) shortNotice!: boolean;
  @Column({ type: 'jsonb' }) rounds!: CutoverRound[];
  @Column({ name: 'executed_start', type: 'timestamptz', nullable: true }) executedStart!: Date | null;
  @Column({ name: 'executed_end', type: 'timestamptz', nullable: true }) executedEnd!: Date | null;
  @Column({ name: 'execution_note', type: 'text', nullable: true }) executionNote!: string | null;
  @Column({ type: 'jsonb', nullable: true }) deviation!: { early?: number; late?: number } | null;
  @Column({ name: 'cancel_reason', type: 'text', nullable: true }) cancelReason!: string | null;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** The notice of one round to one affected customer: due the lead time before the window, its delivery recorded. */
@Entity({ name: 'cutover_notice' })
export class CutoverNotice {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'cutover_id', type: 'uuid' }) cutoverId!: string;
  @Column({ type: 'int' }) round!: number;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ name: 'circuit_codes', type: 'text', array: true }) circuitCodes!: string[];
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  @Column({ name: 'short_notice', type: 'boolean' }) shortNotice!: boolean;
  @Column({ type: 'boolean' }) provisional!: boolean;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) channel!: NoticeChannel | null;
  @Column({ name: 'sent_to', type: 'text', nullable: true }) sentTo!: string | null;
  @Column({ name: 'sent_by', type: 'text', nullable: true }) sentBy!: string | null;
  @Column({ type: 'boolean', nullable: true }) late!: boolean | null;
  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true }) breachedAt!: Date | null;
}

/** A customer's answer in a round (agree, refuse with a reason, or propose another window); its last one counts. */
@Entity({ name: 'cutover_answer' })
export class CutoverAnswer {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  /** The order the answers were given in (several may share an instant). */
  @Column({ type: 'bigint', insert: false, update: false }) seq!: string;
  @Column({ name: 'cutover_id', type: 'uuid' }) cutoverId!: string;
  @Column({ type: 'int' }) round!: number;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ type: 'text' }) answer!: CutoverAnswerKind;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'proposed_start', type: 'timestamptz', nullable: true }) proposedStart!: Date | null;
  @Column({ name: 'proposed_end', type: 'timestamptz', nullable: true }) proposedEnd!: Date | null;
  @Column({ name: 'answered_by', type: 'text' }) answeredBy!: string;
  @Column({ name: 'on_behalf', type: 'boolean' }) onBehalf!: boolean;
  @Column({ name: 'answered_at', type: 'timestamptz' }) answeredAt!: Date;
}
