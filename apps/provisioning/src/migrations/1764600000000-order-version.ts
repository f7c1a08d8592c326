import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderVersion1764600000000 implements MigrationInterface {
  name = 'OrderVersion1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE service_order ADD COLUMN version int NOT NULL DEFAULT 0');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE service_order DROP COLUMN version');
  }
}
