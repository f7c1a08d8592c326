import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customer dimension's industry and region, which statistics group by. IF NOT EXISTS: the fault-reports work
 * extends customer_dim too; whichever migration runs first adds the columns, the other leaves them.
 */
export class CustomerDimIndustryRegion1765600000001 implements MigrationInterface {
  name = 'CustomerDimIndustryRegion1765600000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE customer_dim ADD COLUMN IF NOT EXISTS industry text, ADD COLUMN IF NOT EXISTS region text`);
  }

  async down(): Promise<void> {
    // The columns may belong to the fault-reports migration as well: left in place.
  }
}
