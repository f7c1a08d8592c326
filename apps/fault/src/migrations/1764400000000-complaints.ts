import { MigrationInterface, QueryRunner } from 'typeorm';

export class Complaints1764400000000 implements MigrationInterface {
  name = 'Complaints1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE complaint (
      id uuid PRIMARY KEY, number text NOT NULL UNIQUE, customer_id uuid NOT NULL, ticket_id uuid REFERENCES ticket (id),
      important boolean NOT NULL, involves_other_departments boolean NOT NULL, description text NOT NULL, status text NOT NULL,
      received_at timestamptz NOT NULL, received_by text NOT NULL, steps jsonb NOT NULL
    )`);
    await db.query('CREATE INDEX complaint_received_idx ON complaint (received_at DESC, id)');
    await db.query('CREATE INDEX complaint_customer_idx ON complaint (customer_id, received_at DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE complaint');
  }
}
