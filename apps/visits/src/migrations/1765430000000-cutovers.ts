import { MigrationInterface, QueryRunner } from 'typeorm';

/** Cutover coordination: cutovers with their rounds, the notice of each round to each affected customer, and the answers. */
export class Cutovers1765430000000 implements MigrationInterface {
  name = 'Cutovers1765430000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE cutover (
      id uuid PRIMARY KEY,
      title text NOT NULL,
      description text NOT NULL,
      circuit_codes text[] NOT NULL,
      circuits jsonb NOT NULL,
      customer_ids uuid[] NOT NULL,
      window_start timestamptz NOT NULL,
      window_end timestamptz NOT NULL,
      owner text NOT NULL,
      status text NOT NULL,
      round int NOT NULL,
      short_notice boolean NOT NULL,
      rounds jsonb NOT NULL,
      executed_start timestamptz,
      executed_end timestamptz,
      execution_note text,
      deviation jsonb,
      cancel_reason text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await db.query('CREATE INDEX cutover_window_idx ON cutover (window_start)');
    await db.query('CREATE INDEX cutover_customers_idx ON cutover USING gin (customer_ids)');
    await db.query('CREATE INDEX cutover_circuits_idx ON cutover USING gin (circuit_codes)');
    await db.query(`CREATE TABLE cutover_notice (
      id uuid PRIMARY KEY,
      cutover_id uuid NOT NULL REFERENCES cutover (id),
      round int NOT NULL,
      customer_id uuid NOT NULL,
      circuit_codes text[] NOT NULL,
      due_at timestamptz NOT NULL,
      short_notice boolean NOT NULL,
      provisional boolean NOT NULL,
      created_at timestamptz NOT NULL,
      sent_at timestamptz,
      recorded_at timestamptz,
      channel text,
      sent_to text,
      sent_by text,
      late boolean,
      breached_at timestamptz,
      UNIQUE (cutover_id, round, customer_id)
    )`);
    await db.query(`CREATE TABLE cutover_answer (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL,
      cutover_id uuid NOT NULL REFERENCES cutover (id),
      round int NOT NULL,
      customer_id uuid NOT NULL,
      answer text NOT NULL,
      reason text,
      proposed_start timestamptz,
      proposed_end timestamptz,
      answered_by text NOT NULL,
      on_behalf boolean NOT NULL,
      answered_at timestamptz NOT NULL
    )`);
    await db.query('CREATE INDEX cutover_answer_cutover_idx ON cutover_answer (cutover_id, seq)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE cutover_answer');
    await db.query('DROP TABLE cutover_notice');
    await db.query('DROP TABLE cutover');
  }
}
