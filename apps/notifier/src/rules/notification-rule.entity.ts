import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RecipientSpec } from '@app/shared';

/** An admin's change to a default rule: the fields set replace the default's; a rule without a row is the default. */
@Entity({ name: 'notification_rules' })
export class NotificationRuleOverride {
  @PrimaryColumn({ type: 'text' }) key!: string;
  @Column({ type: 'jsonb', nullable: true }) recipients!: RecipientSpec[] | null;
  @Column({ name: 'title_template', type: 'text', nullable: true }) titleTemplate!: string | null;
  @Column({ name: 'body_template', type: 'text', nullable: true }) bodyTemplate!: string | null;
  @Column({ type: 'boolean', nullable: true }) urgent!: boolean | null;
  @Column({ type: 'boolean', nullable: true }) enabled!: boolean | null;
  @Column({ type: 'int' }) version!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'updated_by', type: 'text' }) updatedBy!: string;
}
