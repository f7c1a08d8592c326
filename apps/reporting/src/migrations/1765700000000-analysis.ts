import { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes of the analysis report: one customer's clocks settled in a period, its visits, inspections and dangers. */
export class Analysis1765700000000 implements MigrationInterface {
  name = 'Analysis1765700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX clock_fact_customer_settled ON clock_fact (customer_id, (LEAST(breached_at, stopped_at)))`);
    await db.query(`CREATE INDEX visit_fact_customer ON visit_fact (customer_id, done_at)`);
    await db.query(`CREATE INDEX inspection_fact_customer ON inspection_fact (customer_id, done_at)`);
    await db.query(`CREATE INDEX danger_fact_customer ON danger_fact (customer_id, found_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const i of ['danger_fact_customer', 'inspection_fact_customer', 'visit_fact_customer', 'clock_fact_customer_settled']) await db.query(`DROP INDEX ${i}`);
  }
}
