import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The people a case write-up may name: the customer's contacts and escalation list (from the customer-created event)
 * and the ticket's reporter (from the ticket-opened event), so anonymisation replaces their names as well.
 */
export class CasePeople1766550000000 implements MigrationInterface {
  name = 'CasePeople1766550000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE customer_dim ADD COLUMN contact_names text[] NOT NULL DEFAULT '{}'`);
    await db.query(`ALTER TABLE fault_fact ADD COLUMN reporter_name text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE fault_fact DROP COLUMN reporter_name`);
    await db.query(`ALTER TABLE customer_dim DROP COLUMN contact_names`);
  }
}
