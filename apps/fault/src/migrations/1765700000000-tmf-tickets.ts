import { MigrationInterface, QueryRunner } from 'typeorm';

/** TMF621 trouble tickets: an outside party's report, linked to the fault ticket it opened or joined. */
export class TmfTickets1765700000000 implements MigrationInterface {
  name = 'TmfTickets1765700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE tmf_ticket (
      id uuid PRIMARY KEY,
      ticket_id uuid NOT NULL REFERENCES ticket(id),
      customer_id uuid NOT NULL,
      channel text NOT NULL,
      name text,
      description text NOT NULL,
      severity text NOT NULL,
      ticket_type text NOT NULL,
      priority text,
      external_id text,
      requested_resolution_date timestamptz,
      notes jsonb NOT NULL DEFAULT '[]',
      attachments jsonb NOT NULL DEFAULT '[]',
      related_party jsonb NOT NULL DEFAULT '[]',
      related_entity jsonb NOT NULL DEFAULT '[]',
      characteristics jsonb NOT NULL DEFAULT '[]',
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      version int NOT NULL DEFAULT 1,
      notified_status text)`);
    await db.query('CREATE INDEX tmf_ticket_customer_idx ON tmf_ticket (customer_id, created_at, id)');
    await db.query('CREATE INDEX tmf_ticket_created_idx ON tmf_ticket (created_at, id)');
    await db.query('CREATE INDEX tmf_ticket_ticket_idx ON tmf_ticket (ticket_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE tmf_ticket');
  }
}
