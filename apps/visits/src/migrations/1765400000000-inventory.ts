import { MigrationInterface, QueryRunner } from 'typeorm';

/** After-sales' own copies of customers, circuits and fault outcomes, kept from the other services' events. */
export class Inventory1765400000000 implements MigrationInterface {
  name = 'Inventory1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE known_customer (
      id uuid PRIMARY KEY,
      code text NOT NULL,
      name text NOT NULL,
      industry text NOT NULL,
      tier text NOT NULL,
      region text,
      customer_manager text,
      customer_engineer text,
      known_since timestamptz NOT NULL
    )`);
    await db.query('CREATE INDEX known_customer_tier_idx ON known_customer (tier, industry)');
    await db.query(`CREATE TABLE known_circuit (
      id uuid PRIMARY KEY,
      code text NOT NULL UNIQUE,
      customer_id uuid NOT NULL,
      service_type text NOT NULL,
      grade text NOT NULL,
      business text NOT NULL,
      importance text NOT NULL,
      state text NOT NULL,
      a_end jsonb NOT NULL,
      z_end jsonb NOT NULL
    )`);
    await db.query('CREATE INDEX known_circuit_customer_idx ON known_circuit (customer_id)');
    await db.query(`CREATE TABLE known_ticket (
      id uuid PRIMARY KEY,
      number text NOT NULL,
      customer_id uuid NOT NULL,
      circuit_id uuid,
      status text NOT NULL,
      opened_at timestamptz,
      closed_at timestamptz,
      crisis_a boolean NOT NULL DEFAULT false,
      major_classes int[] NOT NULL DEFAULT '{}',
      updated_at timestamptz NOT NULL
    )`);
    await db.query('CREATE INDEX known_ticket_customer_idx ON known_ticket (customer_id, opened_at DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE known_ticket');
    await db.query('DROP TABLE known_circuit');
    await db.query('DROP TABLE known_customer');
  }
}
