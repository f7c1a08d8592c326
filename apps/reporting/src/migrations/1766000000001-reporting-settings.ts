import { MigrationInterface, QueryRunner } from 'typeorm';
import { SettingsTables1764800000000 } from '@app/shared';

/** Reporting's own limits (the case library's search and suggestions): the settings table every service with limits has. */
export class ReportingSettings1766000000001 implements MigrationInterface {
  name = 'ReportingSettings1766000000001';

  async up(db: QueryRunner): Promise<void> {
    await new SettingsTables1764800000000().up(db);
  }

  async down(db: QueryRunner): Promise<void> {
    await new SettingsTables1764800000000().down(db);
  }
}
