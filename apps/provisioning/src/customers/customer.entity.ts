import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Industry, Tier } from '@app/shared';

@Entity({ name: 'customer' })
export class Customer {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** 客户标识码 */
  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  industry!: Industry;

  @Column({ type: 'text' })
  tier!: Tier;

  @Column({ type: 'jsonb' })
  contacts!: Array<{ name: string; role: string; phone: string; email?: string }>;

  @Column({ name: 'customer_manager', type: 'text', nullable: true })
  customerManager!: string | null;

  @Column({ name: 'customer_engineer', type: 'text', nullable: true })
  customerEngineer!: string | null;

  @Column({ type: 'text', nullable: true })
  region!: string | null;

  /** 升级列表: whom the customer escalates to, level by level. */
  @Column({ name: 'escalation_list', type: 'jsonb' })
  escalationList!: Array<{ level: number; name: string; role: string; phone: string; email?: string }>;

  @Column({ name: 'technical_background', type: 'text', nullable: true })
  technicalBackground!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
