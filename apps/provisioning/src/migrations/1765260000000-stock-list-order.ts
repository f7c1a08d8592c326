import { MigrationInterface, QueryRunner } from 'typeorm';

/** The resource-stock list's default order (last updated first, the id breaking ties, as keyset pages read it). */
export class StockListOrder1765260000000 implements MigrationInterface {
  name = 'StockListOrder1765260000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX resource_stock_updated_idx ON resource_stock (updated_at DESC, id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX resource_stock_updated_idx');
  }
}
