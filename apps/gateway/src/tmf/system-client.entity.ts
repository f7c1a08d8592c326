import { Column, Entity, PrimaryColumn } from 'typeorm';
import { SystemClientRole } from '@app/shared';

/**
 * A machine client of the TMF621 API (a partner carrier's system, the operator's OSS/BSS): OAuth 2.0
 * client_credentials, role tmf_client. One that belongs to a customer sees and opens that customer's tickets only.
 * A network management or probe system has the role feed_client: it posts samples and dial test results only.
 */
@Entity({ name: 'system_client' })
export class SystemClient {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  /** The OAuth client_id: unique, made by the platform. */
  @Column({ name: 'client_id', type: 'text' }) clientId!: string;
  @Column({ type: 'text' }) name!: string;
  /** scrypt, like passwords: the secret itself is shown once, when made. */
  @Column({ name: 'secret_hash', type: 'text' }) secretHash!: string;
  @Column({ name: 'customer_id', type: 'uuid', nullable: true }) customerId!: string | null;
  @Column({ type: 'text' }) role!: SystemClientRole;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
