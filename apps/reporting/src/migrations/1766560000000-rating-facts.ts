import { MigrationInterface, QueryRunner } from 'typeorm';

/** Customers' ratings of their closed tickets (满意度评价), one per ticket, from the fault service's rated events. */
export class RatingFacts1766560000000 implements MigrationInterface {
  name = 'RatingFacts1766560000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE rating_fact (
      ticket_id uuid PRIMARY KEY,
      customer_id uuid NOT NULL,
      number text NOT NULL,
      circuit_code text,
      score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
      comment text,
      rated_at timestamptz NOT NULL,
      closed_at timestamptz
    )`);
    await db.query(`CREATE INDEX rating_fact_customer ON rating_fact (customer_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rating_fact`);
  }
}
