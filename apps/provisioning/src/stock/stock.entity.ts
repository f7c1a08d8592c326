import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The stock of one resource type in one area, its threshold and whether it is below it. */
@Entity({ name: 'resource_stock' })
export class ResourceStock {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'resource_type', type: 'text' }) resourceType!: string;
  @Column({ type: 'text' }) area!: string;
  @Column({ type: 'int', nullable: true }) level!: number | null;
  @Column({ type: 'int', nullable: true }) threshold!: number | null;
  @Column({ type: 'boolean' }) below!: boolean;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'updated_by', type: 'text' }) updatedBy!: string;
}
