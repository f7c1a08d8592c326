import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every version of a service's limits, with who changed what and why: the settings and their audit trail in one. */
export class SettingsTables1764800000000 implements MigrationInterface {
  name = 'SettingsTables1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE settings_version (
      version int PRIMARY KEY CHECK (version > 0),
      "values" jsonb NOT NULL,
      changes jsonb NOT NULL,
      reason text,
      changed_by text NOT NULL,
      changed_at timestamptz NOT NULL
    )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE settings_version');
  }
}
