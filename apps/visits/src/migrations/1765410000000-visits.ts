import { MigrationInterface, QueryRunner } from 'typeorm';

/** Visits with their follow-up actions, and drills and exchange activities (§3). */
export class Visits1765410000000 implements MigrationInterface {
  name = 'Visits1765410000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE visit (
      id uuid PRIMARY KEY,
      customer_id uuid NOT NULL,
      kind text NOT NULL,
      status text NOT NULL,
      owner text NOT NULL,
      planned_date date NOT NULL,
      purpose text,
      origin_type text,
      origin_id uuid,
      origin_number text,
      due_at timestamptz,
      breached_at timestamptz,
      booking jsonb,
      occurred_at timestamptz,
      recorded_at timestamptz,
      recorded_by text,
      met jsonb,
      topics jsonb,
      problems jsonb,
      satisfaction int CHECK (satisfaction BETWEEN 1 AND 5),
      cancel_reason text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    // One crisis visit per ticket or complaint: a redelivered event plans nothing twice.
    await db.query('CREATE UNIQUE INDEX visit_origin_uq ON visit (origin_id) WHERE origin_id IS NOT NULL');
    await db.query('CREATE INDEX visit_customer_idx ON visit (customer_id, created_at DESC)');
    await db.query(`CREATE INDEX visit_done_idx ON visit (customer_id, occurred_at DESC) WHERE status = 'done'`);
    await db.query(`CREATE INDEX visit_open_owner_idx ON visit (owner, planned_date) WHERE status IN ('planned', 'booked')`);
    await db.query(`CREATE TABLE follow_up (
      id uuid PRIMARY KEY,
      visit_id uuid NOT NULL REFERENCES visit (id),
      customer_id uuid NOT NULL,
      position int NOT NULL,
      action text NOT NULL,
      owner text NOT NULL,
      due_date date,
      due_at timestamptz,
      status text NOT NULL,
      breached_at timestamptz,
      closed_at timestamptz,
      closed_by text,
      note text,
      created_at timestamptz NOT NULL
    )`);
    await db.query('CREATE INDEX follow_up_visit_idx ON follow_up (visit_id, position)');
    await db.query(`CREATE INDEX follow_up_open_owner_idx ON follow_up (owner, due_at) WHERE status = 'open'`);
    await db.query('CREATE INDEX follow_up_customer_idx ON follow_up (customer_id, created_at DESC)');
    await db.query(`CREATE TABLE activity (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      customer_id uuid NOT NULL,
      title text NOT NULL,
      planned_date date NOT NULL,
      participants jsonb NOT NULL,
      status text NOT NULL,
      occurred_at timestamptz,
      findings text,
      recorded_by text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await db.query('CREATE INDEX activity_customer_idx ON activity (customer_id, created_at DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE activity');
    await db.query('DROP TABLE follow_up');
    await db.query('DROP TABLE visit');
  }
}
