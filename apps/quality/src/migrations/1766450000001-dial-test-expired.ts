import { MigrationInterface, QueryRunner } from 'typeorm';

/** A requested dial test no probe system answered in time is `expired`. */
export class DialTestExpired1766450000001 implements MigrationInterface {
  name = 'DialTestExpired1766450000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dial_test DROP CONSTRAINT dial_test_status_check,
      ADD CONSTRAINT dial_test_status_check CHECK (status IN ('requested', 'passed', 'failed', 'expired'))`);
    await q.query(`CREATE INDEX dial_test_requested_at_idx ON dial_test (requested_at) WHERE status = 'requested'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX dial_test_requested_at_idx');
    await q.query(`UPDATE dial_test SET status = 'requested' WHERE status = 'expired'`);
    await q.query(`ALTER TABLE dial_test DROP CONSTRAINT dial_test_status_check,
      ADD CONSTRAINT dial_test_status_check CHECK (status IN ('requested', 'passed', 'failed'))`);
  }
}
