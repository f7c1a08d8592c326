import { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models of faults (customers, circuits, tickets, their timelines and clocks) and the fault reports' versions. */
export class FaultReports1765500000000 implements MigrationInterface {
  name = 'FaultReports1765500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE customer_dim ADD COLUMN code text, ADD COLUMN industry text, ADD COLUMN region text,
      ADD COLUMN customer_engineer text, ADD COLUMN customer_manager text`);
    await db.query(`CREATE TABLE circuit_dim (id uuid PRIMARY KEY, code text NOT NULL, customer_id uuid NOT NULL, service_type text NOT NULL,
      bandwidth_mbps int NOT NULL, grade text NOT NULL, business text NOT NULL, importance text NOT NULL, protection text NOT NULL,
      a_province text NOT NULL, a_city text NOT NULL, z_province text NOT NULL, z_city text NOT NULL, state text NOT NULL, as_of timestamptz NOT NULL)`);
    await db.query(`CREATE INDEX circuit_dim_customer ON circuit_dim (customer_id)`);
    await db.query(`ALTER TABLE fault_fact ADD COLUMN number text, ADD COLUMN circuit_id uuid, ADD COLUMN circuit_code text, ADD COLUMN service_type text,
      ADD COLUMN channel text, ADD COLUMN symptom text, ADD COLUMN status text, ADD COLUMN fault_at timestamptz, ADD COLUMN reported_at timestamptz,
      ADD COLUMN restored_at timestamptz, ADD COLUMN repaired_at timestamptz, ADD COLUMN closed_at timestamptz, ADD COLUMN cause_category text,
      ADD COLUMN cause_segment text, ADD COLUMN cause_description text, ADD COLUMN customer_facing_cause text, ADD COLUMN incident_id uuid,
      ADD COLUMN suspended boolean NOT NULL DEFAULT false, ADD COLUMN closed_without_restoration boolean NOT NULL DEFAULT false,
      ADD COLUMN changed_at timestamptz, ADD COLUMN ticket_version int`);
    await db.query(`CREATE INDEX fault_fact_customer_fault_at ON fault_fact (customer_id, fault_at)`);
    await db.query(`CREATE INDEX fault_fact_circuit ON fault_fact (circuit_id)`);
    await db.query(`CREATE TABLE ticket_timeline (event_id uuid PRIMARY KEY, ticket_id uuid NOT NULL, at timestamptz NOT NULL, ticket_version int,
      action text NOT NULL, status text NOT NULL, customer_visible boolean NOT NULL)`);
    await db.query(`CREATE INDEX ticket_timeline_ticket ON ticket_timeline (ticket_id, at, ticket_version)`);
    await db.query(`CREATE TABLE clock_fact (clock_id uuid PRIMARY KEY, service text NOT NULL, subject_type text NOT NULL, subject_id text NOT NULL,
      customer_id uuid, kind text NOT NULL, limit_ms bigint NOT NULL, due_at timestamptz, breached_at timestamptz, stopped_at timestamptz,
      met boolean, counted_ms bigint, exempt_ms bigint, stop_reason text)`);
    await db.query(`CREATE INDEX clock_fact_subject ON clock_fact (subject_id)`);
    await db.query(`CREATE TABLE fault_report_version (ticket_id uuid NOT NULL, n int NOT NULL, kind text NOT NULL, status text NOT NULL,
      customer_id uuid NOT NULL, measures text NOT NULL, preventive_measures text NOT NULL, summary text, stated jsonb NOT NULL,
      review_required boolean NOT NULL, created_by text NOT NULL, created_at timestamptz NOT NULL, reviewed_by text, reviewed_at timestamptz,
      submitted_by text, submitted_at timestamptz, PRIMARY KEY (ticket_id, n))`);
    await db.query(`CREATE INDEX fault_report_version_customer ON fault_report_version (customer_id, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE fault_report_version');
    await db.query('DROP TABLE clock_fact');
    await db.query('DROP TABLE ticket_timeline');
    await db.query('DROP TABLE circuit_dim');
    await db.query(`ALTER TABLE fault_fact DROP COLUMN number, DROP COLUMN circuit_id, DROP COLUMN circuit_code, DROP COLUMN service_type, DROP COLUMN channel,
      DROP COLUMN symptom, DROP COLUMN status, DROP COLUMN fault_at, DROP COLUMN reported_at, DROP COLUMN restored_at, DROP COLUMN repaired_at,
      DROP COLUMN closed_at, DROP COLUMN cause_category, DROP COLUMN cause_segment, DROP COLUMN cause_description, DROP COLUMN customer_facing_cause,
      DROP COLUMN incident_id, DROP COLUMN suspended, DROP COLUMN closed_without_restoration, DROP COLUMN changed_at, DROP COLUMN ticket_version`);
    await db.query(`ALTER TABLE customer_dim DROP COLUMN code, DROP COLUMN industry, DROP COLUMN region, DROP COLUMN customer_engineer, DROP COLUMN customer_manager`);
  }
}
