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

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
