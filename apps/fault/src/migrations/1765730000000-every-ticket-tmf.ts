import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every fault ticket is a TMF621 TroubleTicket: a TMF report records whether it opened its fault ticket (the others
 * joined one as duplicate reports), and a ticket no TMF report opened keeps the TMF status last announced to the hub.
 */
export class EveryTicketTmf1765730000000 implements MigrationInterface {
  name = 'EveryTicketTmf1765730000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE tmf_ticket ADD COLUMN opens_ticket boolean NOT NULL DEFAULT false');
    // Before this, the TMF report was written just after the intake opened its ticket: the first report of a ticket
    // opened through the partner or OSS channel within a minute of it is the one that opened it.
    await db.query(`UPDATE tmf_ticket x SET opens_ticket = true
      FROM ticket t
      WHERE t.id = x.ticket_id AND t.channel IN ('partner', 'oss') AND x.created_at BETWEEN t.opened_at - interval '1 minute' AND t.opened_at + interval '1 minute'
        AND x.id = (SELECT y.id FROM tmf_ticket y WHERE y.ticket_id = x.ticket_id ORDER BY y.created_at, y.id LIMIT 1)`);
    await db.query('CREATE UNIQUE INDEX tmf_ticket_opens_idx ON tmf_ticket (ticket_id) WHERE opens_ticket');
    await db.query(`CREATE TABLE tmf_ticket_announced (
      ticket_id uuid PRIMARY KEY REFERENCES ticket(id),
      notified_status text NOT NULL)`);
    // Tickets already there are not announced as new: the hub hears of their next change of status.
    await db.query(`INSERT INTO tmf_ticket_announced (ticket_id, notified_status)
      SELECT t.id, CASE t.status WHEN 'open' THEN 'acknowledged' WHEN 'dispatched' THEN 'inProgress' WHEN 'suspended' THEN 'held'
        WHEN 'restored' THEN 'resolved' WHEN 'closed' THEN 'closed' ELSE 'cancelled' END
      FROM ticket t WHERE NOT EXISTS (SELECT 1 FROM tmf_ticket x WHERE x.ticket_id = t.id AND x.opens_ticket)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE tmf_ticket_announced');
    await db.query('ALTER TABLE tmf_ticket DROP COLUMN opens_ticket');
  }
}
