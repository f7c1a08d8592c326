import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { ClockBasis } from '../contracts/clock';

export type ClockStatus = 'running' | 'paused' | 'stopped';

const bigintAsNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** One time limit of one subject (a ticket, a dispatch leg, an order step, a visit...). */
@Entity({ name: 'deadline_clock' })
export class DeadlineClock {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'subject_type', type: 'text' }) subjectType!: string;
  @Column({ name: 'subject_id', type: 'text' }) subjectId!: string;
  @Column({ name: 'customer_id', type: 'uuid', nullable: true }) customerId!: string | null;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'text' }) basis!: ClockBasis;
  @Column({ name: 'limit_ms', type: 'bigint', transformer: bigintAsNumber }) limitMs!: number;
  /** Started with a fixed deadline (`StartClockSpec.dueAt`): a calendar change keeps the deadline and re-derives the limit. */
  @Column({ name: 'fixed_due', type: 'boolean' }) fixedDue!: boolean;
  /** Offsets before the deadline, largest first (so the i-th warning is the i-th to fire). */
  @Column({ name: 'warn_before_ms', type: 'bigint', array: true, transformer: { to: (v: number[]) => v, from: (v: string[]) => v.map(Number) } })
  warnBeforeMs!: number[];
  @Column({ type: 'text' }) status!: ClockStatus;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  /** Start of the running segment; null while paused or stopped. */
  @Column({ name: 'resumed_at', type: 'timestamptz', nullable: true }) resumedAt!: Date | null;
  /** Time counted before `resumedAt` (wall or working, per basis). */
  @Column({ name: 'used_ms', type: 'bigint', transformer: bigintAsNumber }) usedMs!: number;
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  @Column({ name: 'warnings_fired', type: 'int' }) warningsFired!: number;
  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true }) breachedAt!: Date | null;
  @Column({ name: 'next_fire_at', type: 'timestamptz', nullable: true }) nextFireAt!: Date | null;
  @Column({ name: 'calendar_versions', type: 'text', array: true }) calendarVersions!: string[];
  @Column({ type: 'boolean' }) provisional!: boolean;
  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true }) stoppedAt!: Date | null;
  @Column({ type: 'jsonb', nullable: true }) verdict!: ClockVerdict | null;
}

/** A pause of a clock, kept so that a later decision can count it as exempt or not. */
@Entity({ name: 'deadline_pause' })
export class DeadlinePause {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'clock_id', type: 'uuid' }) clockId!: string;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt!: Date | null;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'resume_reason', type: 'text', nullable: true }) resumeReason!: string | null;
}

export type ClockEventType = 'start' | 'pause' | 'resume' | 'warn' | 'breach' | 'stop' | 'decide' | 'recompute';

/** The audit trail: every change of every clock, in order. */
@Entity({ name: 'deadline_clock_event' })
export class DeadlineClockEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'clock_id', type: 'uuid' }) clockId!: string;
  @Column({ type: 'text' }) type!: ClockEventType;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'jsonb' }) detail!: Record<string, unknown>;
}

export interface ClockVerdict {
  met: boolean;
  limitMs: number;
  /** Time counted against the limit: running time plus any pause that is not exempt. */
  countedMs: number;
  runningMs: number;
  pausedMs: number;
  exemptMs: number;
  overByMs: number;
  /** When the breach fired while the clock ran; null when it did not (it may still be breached by counted pauses). */
  breachedAt: string | null;
  reason: string;
  exemptPauses: boolean;
  /** False while the exemption of the pauses is still to be decided. */
  final: boolean;
}

export const DEADLINE_ENTITIES = [DeadlineClock, DeadlinePause, DeadlineClockEvent];

export const DEADLINE_TABLES_UP = [
  `CREATE TABLE deadline_clock (
     id uuid PRIMARY KEY,
     subject_type text NOT NULL,
     subject_id text NOT NULL,
     kind text NOT NULL,
     basis text NOT NULL CHECK (basis IN ('wall', 'working')),
     limit_ms bigint NOT NULL CHECK (limit_ms >= 0),
     warn_before_ms bigint[] NOT NULL DEFAULT '{}',
     status text NOT NULL CHECK (status IN ('running', 'paused', 'stopped')),
     started_at timestamptz NOT NULL,
     resumed_at timestamptz,
     used_ms bigint NOT NULL DEFAULT 0,
     due_at timestamptz,
     warnings_fired int NOT NULL DEFAULT 0,
     breached_at timestamptz,
     next_fire_at timestamptz,
     calendar_versions text[] NOT NULL DEFAULT '{}',
     provisional boolean NOT NULL DEFAULT false,
     stopped_at timestamptz,
     verdict jsonb
   )`,
  // The engine's only hot query: what falls due now. Partial, so finished clocks cost nothing.
  `CREATE INDEX deadline_clock_fire_idx ON deadline_clock (next_fire_at) WHERE next_fire_at IS NOT NULL`,
  `CREATE INDEX deadline_clock_subject_idx ON deadline_clock (subject_type, subject_id)`,
  `CREATE INDEX deadline_clock_working_due_idx ON deadline_clock (due_at) WHERE basis = 'working' AND status = 'running'`,
  `CREATE TABLE deadline_pause (
     id bigserial PRIMARY KEY,
     clock_id uuid NOT NULL REFERENCES deadline_clock (id),
     started_at timestamptz NOT NULL,
     ended_at timestamptz,
     reason text NOT NULL,
     resume_reason text
   )`,
  `CREATE INDEX deadline_pause_clock_idx ON deadline_pause (clock_id, started_at)`,
  `CREATE TABLE deadline_clock_event (
     id bigserial PRIMARY KEY,
     clock_id uuid NOT NULL REFERENCES deadline_clock (id),
     type text NOT NULL,
     at timestamptz NOT NULL,
     detail jsonb NOT NULL
   )`,
  `CREATE INDEX deadline_clock_event_clock_idx ON deadline_clock_event (clock_id, id)`,
  `CREATE TABLE calendar_year (
     year int PRIMARY KEY,
     holidays jsonb NOT NULL,
     makeup_workdays jsonb NOT NULL,
     version int NOT NULL,
     source text NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
];

export const DEADLINE_TABLES_DOWN = ['DROP TABLE calendar_year', 'DROP TABLE deadline_clock_event', 'DROP TABLE deadline_pause', 'DROP TABLE deadline_clock'];
