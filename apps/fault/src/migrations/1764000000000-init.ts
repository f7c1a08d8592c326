import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1764000000000 implements MigrationInterface {
  name = 'Init1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE known_customer (
      id uuid PRIMARY KEY,
      code text NOT NULL,
      name text NOT NULL,
      industry text NOT NULL,
      tier text NOT NULL
    )`);
    await db.query('CREATE SEQUENCE ticket_number_seq');
    await db.query(`CREATE TABLE ticket (
      id uuid PRIMARY KEY,
      number text NOT NULL UNIQUE,
      customer_id uuid NOT NULL,
      customer_name text NOT NULL,
      symptom text NOT NULL,
      channel text NOT NULL,
      status text NOT NULL,
      reporter text,
      fault_at timestamptz NOT NULL,
      opened_at timestamptz NOT NULL
    )`);
    await db.query('CREATE INDEX ticket_opened_idx ON ticket (opened_at DESC, id)');
    await db.query('CREATE INDEX ticket_customer_idx ON ticket (customer_id, opened_at DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ticket');
    await db.query('DROP SEQUENCE ticket_number_seq');
    await db.query('DROP TABLE known_customer');
  }
}
