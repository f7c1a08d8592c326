import { MigrationInterface, QueryRunner } from 'typeorm';

/** The customer's service history reads each feature's rows of one customer. */
export class HistoryIndexes1765460000000 implements MigrationInterface {
  name = 'HistoryIndexes1765460000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX hidden_danger_customer_idx ON hidden_danger (customer_id, found_at DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX hidden_danger_customer_idx');
  }
}
