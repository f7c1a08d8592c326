import { MigrationInterface, QueryRunner } from 'typeorm';

/** Important-period guarantees with their fixed staff, and their pre-checks and joint tests. */
export class Guarantees1765440000000 implements MigrationInterface {
  name = 'Guarantees1765440000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE SEQUENCE guarantee_number_seq');
    await db.query(`CREATE TABLE guarantee (
      id uuid PRIMARY KEY,
      number text NOT NULL UNIQUE,
      customer_id uuid NOT NULL,
      title text NOT NULL,
      description text,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
      circuit_codes text[] NOT NULL,
      staff jsonb NOT NULL,
      staff_changes jsonb NOT NULL DEFAULT '[]',
      status text NOT NULL,
      activated_at timestamptz,
      activated_unready boolean NOT NULL DEFAULT false,
      ended_at timestamptz,
      cancel_reason text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await db.query('CREATE INDEX guarantee_list_idx ON guarantee (starts_at DESC, id)');
    await db.query('CREATE INDEX guarantee_customer_idx ON guarantee (customer_id, starts_at DESC)');
    await db.query('CREATE INDEX guarantee_circuits_idx ON guarantee USING gin (circuit_codes)');
    await db.query(`CREATE TABLE guarantee_check (
      id uuid PRIMARY KEY,
      guarantee_id uuid NOT NULL REFERENCES guarantee (id),
      kind text NOT NULL,
      title text NOT NULL,
      outcome text NOT NULL,
      findings text,
      performed_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      by text NOT NULL
    )`);
    await db.query('CREATE INDEX guarantee_check_guarantee_idx ON guarantee_check (guarantee_id, performed_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE guarantee_check');
    await db.query('DROP TABLE guarantee');
    await db.query('DROP SEQUENCE guarantee_number_seq');
  }
}
