import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TmfAttachment, TmfCharacteristic, TmfNote, TmfRef } from './tmf-ticket.rules';

/**
 * An outside party's trouble ticket (TMF621): its own report of a fault, linked to the fault ticket the NOC handles.
 * Two reports of one circuit are two TMF tickets of one fault ticket (a duplicate report is linked, as at intake).
 */
@Entity({ name: 'tmf_ticket' })
export class TmfTicketRecord {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'ticket_id', type: 'uuid' }) ticketId!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ type: 'text' }) channel!: string;
  @Column({ type: 'text', nullable: true }) name!: string | null;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'text' }) severity!: string;
  @Column({ name: 'ticket_type', type: 'text' }) ticketType!: string;
  @Column({ type: 'text', nullable: true }) priority!: string | null;
  @Column({ name: 'external_id', type: 'text', nullable: true }) externalId!: string | null;
  @Column({ name: 'requested_resolution_date', type: 'timestamptz', nullable: true }) requestedResolutionDate!: Date | null;
  @Column({ type: 'jsonb' }) notes!: TmfNote[];
  @Column({ type: 'jsonb' }) attachments!: TmfAttachment[];
  @Column({ name: 'related_party', type: 'jsonb' }) relatedParty!: TmfRef[];
  @Column({ name: 'related_entity', type: 'jsonb' }) relatedEntity!: TmfRef[];
  @Column({ type: 'jsonb' }) characteristics!: TmfCharacteristic[];
  @Column({ type: 'jsonb' }) relationships!: object[];
  @Column({ type: 'jsonb', nullable: true }) specification!: object | null;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ type: 'int' }) version!: number;
  /** This report opened its fault ticket (the others joined an open one as duplicate reports). */
  @Column({ name: 'opens_ticket', type: 'boolean' }) opensTicket!: boolean;
  /** The TMF status last announced to the hub (a second dispatch announces nothing). */
  @Column({ name: 'notified_status', type: 'text', nullable: true }) notifiedStatus!: string | null;
  /** The client withdrew the report (DELETE): it is kept as a record and no longer served. */
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt!: Date | null;
  @Column({ name: 'withdrawn_by', type: 'text', nullable: true }) withdrawnBy!: string | null;
}

/** Notes and attachments that clients added through TMF621 to a ticket the operator opened (it has no TMF report). */
@Entity({ name: 'tmf_ticket_addition' })
export class TmfTicketAddition {
  @PrimaryColumn({ name: 'ticket_id', type: 'uuid' }) ticketId!: string;
  @Column({ type: 'jsonb' }) notes!: TmfNote[];
  @Column({ type: 'jsonb' }) attachments!: TmfAttachment[];
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ type: 'int' }) version!: number;
}
