import { MigrationInterface, QueryRunner } from 'typeorm';

/** A handling unit's test report as a file on its leg result (staff only), beside the test report as text. */
export class LegTestReportFile1766530000000 implements MigrationInterface {
  name = 'LegTestReportFile1766530000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE dispatch_leg
      ADD COLUMN test_report_file_name text,
      ADD COLUMN test_report_file_type text,
      ADD COLUMN test_report_file bytea`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE dispatch_leg DROP COLUMN test_report_file_name, DROP COLUMN test_report_file_type, DROP COLUMN test_report_file');
  }
}
