import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CampaignItemKind, CampaignKind, CampaignScopeDto, CampaignStatus } from '@app/shared';
import { ItemStatus } from './campaign.rules';

/** A special service campaign (专项服务活动) and the scope it was created for. */
@Entity({ name: 'campaign' })
export class Campaign {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', unique: true }) number!: string;
  @Column({ type: 'text' }) kind!: CampaignKind;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text', nullable: true }) trigger!: string | null;
  @Column({ type: 'text' }) owner!: string;
  @Column({ type: 'jsonb' }) scope!: CampaignScopeDto;
  @Column({ type: 'text' }) status!: CampaignStatus;
  @Column({ name: 'customer_ids', type: 'uuid', array: true }) customerIds!: string[];
  @Column({ name: 'circuit_count', type: 'int' }) circuitCount!: number;
  @Column({ name: 'cancel_reason', type: 'text', nullable: true }) cancelReason!: string | null;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
}

/** One piece of a campaign's work: a visit or an inspection it generated, followed to done or cancelled. */
@Entity({ name: 'campaign_item' })
export class CampaignItem {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ type: 'text' }) kind!: CampaignItemKind;
  @Column({ name: 'ref_id', type: 'uuid', unique: true }) refId!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ name: 'circuit_codes', type: 'text', array: true }) circuitCodes!: string[];
  @Column({ type: 'text' }) owner!: string;
  @Column({ type: 'text' }) status!: ItemStatus;
}
