import { MigrationInterface, QueryRunner } from 'typeorm';

/** The notifier's deliveries about a ticket, one row per delivery (its latest outcome), for the ticket's timeline. */
export class TicketNotifications1765680000000 implements MigrationInterface {
  name = 'TicketNotifications1765680000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE ticket_notification (
      delivery_id uuid PRIMARY KEY, ticket_id uuid NOT NULL REFERENCES ticket (id), rule text NOT NULL, audience text NOT NULL,
      channel text NOT NULL, recipient_name text NOT NULL, title text NOT NULL, status text NOT NULL, attempts int NOT NULL, at timestamptz NOT NULL
    )`);
    await db.query('CREATE INDEX ticket_notification_ticket_idx ON ticket_notification (ticket_id, at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ticket_notification');
  }
}
