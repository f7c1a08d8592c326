import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_RESOLUTION_LIMITS } from '../tickets/ticket.rules';

export class Init1764000000000 implements MigrationInterface {
  name = 'Init1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE known_customer (id uuid PRIMARY KEY, code text NOT NULL, name text NOT NULL, industry text NOT NULL, tier text NOT NULL)`);
    await db.query('CREATE INDEX known_customer_code_idx ON known_customer (code)');
    await db.query(`CREATE TABLE known_circuit (
      id uuid PRIMARY KEY, code text NOT NULL UNIQUE, customer_id uuid NOT NULL, service_type text NOT NULL,
      grade text NOT NULL, importance text NOT NULL, state text NOT NULL
    )`);
    await db.query(`CREATE TABLE guarantee (
      id uuid PRIMARY KEY, customer_id uuid NOT NULL, title text NOT NULL, circuit_codes text[] NOT NULL,
      starts_at timestamptz NOT NULL, ends_at timestamptz NOT NULL, ended boolean NOT NULL
    )`);
    await db.query('CREATE INDEX guarantee_circuits_idx ON guarantee USING gin (circuit_codes)');
    await db.query(`CREATE TABLE cutover (
      id uuid PRIMARY KEY, title text NOT NULL, circuit_codes text[] NOT NULL, window_start timestamptz NOT NULL, window_end timestamptz NOT NULL
    )`);
    await db.query('CREATE INDEX cutover_circuits_idx ON cutover USING gin (circuit_codes)');
    await db.query('CREATE SEQUENCE ticket_number_seq');
    await db.query(`CREATE TABLE ticket (
      id uuid PRIMARY KEY,
      number text NOT NULL UNIQUE,
      status text NOT NULL,
      customer_id uuid NOT NULL,
      customer_code text NOT NULL,
      customer_name text NOT NULL,
      customer_tier text NOT NULL,
      circuit_id uuid NOT NULL,
      circuit_code text NOT NULL,
      service_type text NOT NULL,
      direction text NOT NULL,
      symptom text NOT NULL,
      channel text NOT NULL,
      first_asked_unit text,
      reporter_name text NOT NULL,
      reporter_contact text NOT NULL,
      hq_outage boolean NOT NULL,
      fault_at timestamptz NOT NULL,
      opened_at timestamptz NOT NULL,
      dispatched_at timestamptz,
      restored_at timestamptz,
      repaired_at timestamptz,
      closed_at timestamptz,
      resolution_limit_minutes int NOT NULL,
      cause_category text,
      cause_segment text,
      cause_description text,
      customer_facing_cause text,
      closed_without_restoration boolean NOT NULL,
      duplicate_reports int NOT NULL,
      reopen_count int NOT NULL,
      escalation_level text,
      joint_handling boolean NOT NULL,
      under_guarantee boolean NOT NULL,
      cutover_id uuid,
      crisis_a boolean NOT NULL,
      version int NOT NULL
    )`);
    await db.query('CREATE INDEX ticket_opened_idx ON ticket (opened_at DESC, id)');
    await db.query('CREATE INDEX ticket_customer_idx ON ticket (customer_id, opened_at DESC)');
    // At most one open ticket per circuit: a second report of the same circuit is linked to it.
    await db.query(`CREATE UNIQUE INDEX ticket_open_circuit_idx ON ticket (circuit_id) WHERE status NOT IN ('closed', 'cancelled')`);
    await db.query(`CREATE TABLE dispatch_leg (
      id uuid PRIMARY KEY,
      ticket_id uuid NOT NULL REFERENCES ticket (id),
      unit text NOT NULL,
      segment text NOT NULL,
      status text NOT NULL,
      dispatched_at timestamptz NOT NULL,
      accepted_at timestamptz,
      result text,
      findings text,
      test_report text,
      result_at timestamptz,
      progress_every_minutes int NOT NULL
    )`);
    await db.query('CREATE INDEX dispatch_leg_ticket_idx ON dispatch_leg (ticket_id)');
    await db.query(`CREATE TABLE ticket_record (
      id bigserial PRIMARY KEY, ticket_id uuid NOT NULL REFERENCES ticket (id), leg_id uuid, at timestamptz NOT NULL,
      type text NOT NULL, by text NOT NULL, detail jsonb NOT NULL
    )`);
    await db.query('CREATE INDEX ticket_record_ticket_idx ON ticket_record (ticket_id, id)');
    await db.query(`CREATE TABLE ticket_escalation (
      id bigserial PRIMARY KEY, ticket_id uuid NOT NULL REFERENCES ticket (id), level text NOT NULL, trigger text NOT NULL,
      reason text NOT NULL, at timestamptz NOT NULL, by text NOT NULL, notify text[] NOT NULL
    )`);
    await db.query('CREATE INDEX ticket_escalation_ticket_idx ON ticket_escalation (ticket_id, id)');
    await db.query(`CREATE TABLE resolution_limit (
      id serial PRIMARY KEY, service_type text, tier text, grade text, limit_minutes int NOT NULL CHECK (limit_minutes > 0),
      UNIQUE NULLS NOT DISTINCT (service_type, tier, grade)
    )`);
    for (const row of DEFAULT_RESOLUTION_LIMITS) {
      await db.query('INSERT INTO resolution_limit (service_type, tier, grade, limit_minutes) VALUES ($1, $2, $3, $4)', [
        row.serviceType,
        row.tier,
        row.grade,
        row.limitMinutes,
      ]);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['resolution_limit', 'ticket_escalation', 'ticket_record', 'dispatch_leg', 'ticket', 'cutover', 'guarantee', 'known_circuit', 'known_customer']) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query('DROP SEQUENCE ticket_number_seq');
  }
}
