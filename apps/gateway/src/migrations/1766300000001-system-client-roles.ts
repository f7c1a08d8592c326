import { MigrationInterface, QueryRunner } from 'typeorm';

/** A system client's role: tmf_client (the TMF621 routes, as before) or feed_client (samples and dial test results only). */
export class SystemClientRoles1766300000001 implements MigrationInterface {
  name = 'SystemClientRoles1766300000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE system_client ADD COLUMN role text NOT NULL DEFAULT 'tmf_client' CHECK (role IN ('tmf_client', 'feed_client'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE system_client DROP COLUMN role');
  }
}
