import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CauseCategory, Segment } from '@app/shared';

/** A major network fault (class 1) that many customers' tickets link to (seed 000 case 4). */
@Entity({ name: 'network_incident' })
export class NetworkIncident {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', unique: true }) number!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ type: 'text' }) status!: 'open' | 'restored' | 'closed';
  @Column({ name: 'opened_by', type: 'text' }) openedBy!: string;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt!: Date;
  @Column({ name: 'restored_at', type: 'timestamptz', nullable: true }) restoredAt!: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'cause_category', type: 'text', nullable: true }) causeCategory!: CauseCategory | null;
  @Column({ name: 'cause_segment', type: 'text', nullable: true }) causeSegment!: Segment | null;
  @Column({ name: 'cause_description', type: 'text', nullable: true }) causeDescription!: string | null;
}
