import { MigrationInterface, QueryRunner } from 'typeorm';

export class CustomerRecords1764500000000 implements MigrationInterface {
  name = 'CustomerRecords1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE customer
      ADD COLUMN contacts jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN customer_manager text,
      ADD COLUMN customer_engineer text,
      ADD COLUMN escalation_list jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN technical_background text`);
    await db.query(`ALTER TABLE circuit ADD COLUMN segments jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE circuit DROP COLUMN segments');
    await db.query(`ALTER TABLE customer DROP COLUMN contacts, DROP COLUMN customer_manager, DROP COLUMN customer_engineer,
      DROP COLUMN escalation_list, DROP COLUMN technical_background`);
  }
}
