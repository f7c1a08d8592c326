import { MigrationInterface, QueryRunner } from 'typeorm';

/** A customer's rating of its closed ticket: one per ticket (the primary key refuses a second). */
export class TicketRating1766540000000 implements MigrationInterface {
  name = 'TicketRating1766540000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE ticket_rating (
      ticket_id uuid PRIMARY KEY REFERENCES ticket (id), score smallint NOT NULL CHECK (score BETWEEN 1 AND 5), comment text,
      rated_by text NOT NULL, rated_by_sub text NOT NULL, rated_at timestamptz NOT NULL
    )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ticket_rating');
  }
}
