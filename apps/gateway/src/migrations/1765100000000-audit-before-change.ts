import { MigrationInterface, QueryRunner } from 'typeorm';

/** A change is logged before it runs; its status is filled in when it is answered (null: not recorded). */
export class AuditBeforeChange1765100000000 implements MigrationInterface {
  name = 'AuditBeforeChange1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE audit_log ALTER COLUMN status DROP NOT NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DELETE FROM audit_log WHERE status IS NULL');
    await db.query('ALTER TABLE audit_log ALTER COLUMN status SET NOT NULL');
  }
}
