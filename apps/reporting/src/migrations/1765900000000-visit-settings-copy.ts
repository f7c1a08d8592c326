import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reporting's copy of the after-sales limits (one row), from the visits service's settings events. */
export class VisitSettingsCopy1765900000000 implements MigrationInterface {
  name = 'VisitSettingsCopy1765900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE visit_settings_copy (id int PRIMARY KEY CHECK (id = 1), version int NOT NULL, "values" jsonb NOT NULL)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE visit_settings_copy');
  }
}
