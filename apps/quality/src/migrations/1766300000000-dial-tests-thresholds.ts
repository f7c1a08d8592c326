import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dial tests (issue #15, seed 003 业务质量拨测): requested from a circuit or ticket and answered by probe systems, or
 * run by the probes on their own; the fault tickets of the circuits (from fault's events) a test may be asked from;
 * and the version of the thresholds, so that an admin's change is made against the version read.
 */
export class DialTestsThresholds1766300000000 implements MigrationInterface {
  name = 'DialTestsThresholds1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE dial_test (
      id uuid PRIMARY KEY, kind text NOT NULL CHECK (kind IN ('ping', 'throughput', 'path')),
      status text NOT NULL CHECK (status IN ('requested', 'passed', 'failed')),
      circuit_id uuid NOT NULL, circuit_code text NOT NULL, customer_id uuid NOT NULL, ticket_id uuid,
      note text, requested_by text, requested_at timestamptz, created_at timestamptz NOT NULL,
      source text, started_at timestamptz, finished_at timestamptz, recorded_at timestamptz, result jsonb
    )`);
    await q.query('CREATE INDEX dial_test_circuit_idx ON dial_test (circuit_id, created_at DESC)');
    await q.query('CREATE INDEX dial_test_customer_idx ON dial_test (customer_id, created_at DESC)');
    await q.query('CREATE INDEX dial_test_ticket_idx ON dial_test (ticket_id) WHERE ticket_id IS NOT NULL');
    await q.query(`CREATE INDEX dial_test_pending_idx ON dial_test (circuit_id) WHERE status = 'requested'`);
    await q.query(`CREATE TABLE known_ticket (
      id uuid PRIMARY KEY, number text NOT NULL, circuit_id uuid, customer_id uuid NOT NULL, status text NOT NULL, version int NOT NULL
    )`);
    await q.query('CREATE INDEX known_ticket_circuit_idx ON known_ticket (circuit_id)');
    await q.query(`CREATE TABLE threshold_version (
      id int PRIMARY KEY CHECK (id = 1), version int NOT NULL, changed_at timestamptz, changed_by text, reason text
    )`);
    await q.query('INSERT INTO threshold_version (id, version) VALUES (1, 0)');
    await q.query(`CREATE TABLE threshold_change (
      version int PRIMARY KEY, changed_at timestamptz NOT NULL, changed_by text NOT NULL, reason text, changes jsonb NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['threshold_change', 'threshold_version', 'known_ticket', 'dial_test']) await q.query(`DROP TABLE ${table}`);
  }
}
