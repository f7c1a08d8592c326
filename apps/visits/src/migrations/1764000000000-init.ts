import { MigrationInterface, QueryRunner } from 'typeorm';
import { EVENT_TABLES_DOWN, EVENT_TABLES_UP } from '@app/shared';

export class Init1764000000000 implements MigrationInterface {
  name = 'Init1764000000000';

  async up(db: QueryRunner): Promise<void> {
    for (const sql of EVENT_TABLES_UP) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const sql of EVENT_TABLES_DOWN) await db.query(sql);
  }
}
