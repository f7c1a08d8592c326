import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1764000000000 implements MigrationInterface {
  name = 'Init1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE customer_dim (id uuid PRIMARY KEY, name text NOT NULL, tier text NOT NULL)`);
    await db.query(`CREATE TABLE fault_fact (ticket_id uuid PRIMARY KEY, customer_id uuid NOT NULL, opened_at timestamptz NOT NULL)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE fault_fact');
    await db.query('DROP TABLE customer_dim');
  }
}
