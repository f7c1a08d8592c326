import { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models of statistics: order facts (provisioning), visits, inspections, hidden dangers, complaints and complaint clocks (after-sales). */
export class Statistics1765600000000 implements MigrationInterface {
  name = 'Statistics1765600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE order_fact (
      order_id uuid PRIMARY KEY, version int NOT NULL, customer_id uuid NOT NULL, service_type text, step text NOT NULL,
      due_at timestamptz, completed_at timestamptz, on_time boolean, pool_entered_at timestamptz,
      warnings jsonb NOT NULL DEFAULT '[]', violations jsonb NOT NULL DEFAULT '[]')`);
    await db.query(`CREATE INDEX order_fact_customer ON order_fact (customer_id)`);
    await db.query(`CREATE TABLE visit_fact (visit_id uuid PRIMARY KEY, customer_id uuid NOT NULL, kind text NOT NULL, done_at timestamptz)`);
    await db.query(`CREATE INDEX visit_fact_done ON visit_fact (done_at) WHERE done_at IS NOT NULL`);
    await db.query(`CREATE TABLE inspection_fact (inspection_id uuid PRIMARY KEY, customer_id uuid NOT NULL, done_at timestamptz)`);
    await db.query(`CREATE INDEX inspection_fact_done ON inspection_fact (done_at) WHERE done_at IS NOT NULL`);
    await db.query(`CREATE TABLE danger_fact (
      danger_id uuid PRIMARY KEY, customer_id uuid NOT NULL, found_at timestamptz NOT NULL, status text NOT NULL,
      fixed_at timestamptz, status_recorded_at timestamptz NOT NULL)`);
    await db.query(`CREATE TABLE complaint_fact (complaint_id uuid PRIMARY KEY, customer_id uuid NOT NULL, important boolean NOT NULL, received_at timestamptz NOT NULL)`);
    await db.query(`CREATE TABLE complaint_clock_fact (
      clock_id uuid PRIMARY KEY, complaint_id uuid NOT NULL, customer_id uuid, kind text NOT NULL,
      breached_at timestamptz, stopped_at timestamptz, met boolean)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const t of ['complaint_clock_fact', 'complaint_fact', 'danger_fact', 'inspection_fact', 'visit_fact', 'order_fact']) await db.query(`DROP TABLE ${t}`);
  }
}
