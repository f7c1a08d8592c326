import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1764000000000 implements MigrationInterface {
  name = 'Init1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE customer (
      id uuid PRIMARY KEY,
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      industry text NOT NULL,
      tier text NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await db.query('CREATE INDEX customer_created_idx ON customer (created_at DESC, id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE customer');
  }
}
