import { MigrationInterface, QueryRunner } from 'typeorm';

export class Presale1764400000000 implements MigrationInterface {
  name = 'Presale1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE demand (
      id uuid PRIMARY KEY, number text NOT NULL UNIQUE, customer_id uuid NOT NULL REFERENCES customer (id), kind text NOT NULL,
      service_type text NOT NULL, bandwidth_mbps int NOT NULL, a_end jsonb NOT NULL, z_end jsonb NOT NULL, description text NOT NULL,
      created_by text NOT NULL, created_at timestamptz NOT NULL
    )`);
    await db.query('CREATE INDEX demand_created_idx ON demand (created_at DESC, id)');
    await db.query(`CREATE TABLE resource_check (
      id uuid PRIMARY KEY, demand_id uuid NOT NULL REFERENCES demand (id), segments jsonb NOT NULL,
      checked_at timestamptz NOT NULL, valid_until timestamptz NOT NULL, by text NOT NULL
    )`);
    await db.query('CREATE INDEX resource_check_demand_idx ON resource_check (demand_id)');
    await db.query(`CREATE TABLE demand_problem (
      id uuid PRIMARY KEY, demand_id uuid NOT NULL REFERENCES demand (id), description text NOT NULL, target text NOT NULL,
      due_date text NOT NULL, owner text NOT NULL, status text NOT NULL, history jsonb NOT NULL, updated_at timestamptz NOT NULL
    )`);
    await db.query('CREATE INDEX demand_problem_demand_idx ON demand_problem (demand_id)');
    await db.query('CREATE SEQUENCE demand_number_seq');
    await db.query('ALTER TABLE service_order ADD COLUMN resource_check_id uuid REFERENCES resource_check (id)');
    await db.query('ALTER TABLE service_order ADD COLUMN report_every_hours int');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE service_order DROP COLUMN report_every_hours');
    await db.query('ALTER TABLE service_order DROP COLUMN resource_check_id');
    await db.query('DROP SEQUENCE demand_number_seq');
    await db.query('DROP TABLE demand_problem');
    await db.query('DROP TABLE resource_check');
    await db.query('DROP TABLE demand');
  }
}
