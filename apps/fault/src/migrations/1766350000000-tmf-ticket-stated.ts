import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * TMF621: what a client states that fault handling does not interpret (links to other tickets, the ticket
 * specification it names), a report the client withdrew (DELETE: kept, no longer served), and the notes and
 * attachments clients add to a ticket the operator opened (it has no TMF report of its own).
 */
export class TmfTicketStated1766350000000 implements MigrationInterface {
  name = 'TmfTicketStated1766350000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tmf_ticket
      ADD COLUMN relationships jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN specification jsonb,
      ADD COLUMN withdrawn_at timestamptz,
      ADD COLUMN withdrawn_by text`);
    await db.query(`CREATE TABLE tmf_ticket_addition (
      ticket_id uuid PRIMARY KEY REFERENCES ticket(id),
      notes jsonb NOT NULL DEFAULT '[]',
      attachments jsonb NOT NULL DEFAULT '[]',
      updated_at timestamptz NOT NULL,
      version int NOT NULL DEFAULT 1)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE tmf_ticket_addition');
    await db.query('ALTER TABLE tmf_ticket DROP COLUMN relationships, DROP COLUMN specification, DROP COLUMN withdrawn_at, DROP COLUMN withdrawn_by');
  }
}
