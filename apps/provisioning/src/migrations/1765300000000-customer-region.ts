import { MigrationInterface, QueryRunner } from 'typeorm';

/** The region a customer is served in: after-sales campaigns and statistics select customers by it. */
export class CustomerRegion1765300000000 implements MigrationInterface {
  name = 'CustomerRegion1765300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE customer ADD COLUMN region text');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE customer DROP COLUMN region');
  }
}
