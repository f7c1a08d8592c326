import { MigrationInterface, QueryRunner } from 'typeorm';

export class Orders1764300000000 implements MigrationInterface {
  name = 'Orders1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE SEQUENCE order_number_seq');
    await db.query(`CREATE TABLE service_order (
      id uuid PRIMARY KEY, number text NOT NULL UNIQUE, step text NOT NULL, customer_id uuid NOT NULL REFERENCES customer (id),
      type text NOT NULL, circuit_code text NOT NULL, service_type text NOT NULL, bandwidth_mbps int NOT NULL,
      a_end jsonb NOT NULL, z_end jsonb NOT NULL, grade text NOT NULL, business text NOT NULL, importance text NOT NULL, protection text NOT NULL,
      required_by text NOT NULL, due_at timestamptz NOT NULL, urgent boolean NOT NULL, progress_reports_required boolean NOT NULL,
      cross_domain boolean NOT NULL, to_another_carrier boolean NOT NULL, a_end_circuit boolean NOT NULL, end_to_end_requested boolean NOT NULL,
      required_test text NOT NULL, customer_manager text NOT NULL, business_manager text NOT NULL, network_support_manager text NOT NULL,
      project_manager text, leading_bureau jsonb, in_warning_pool boolean NOT NULL, warnings jsonb NOT NULL, violations jsonb NOT NULL,
      completed_segments text[] NOT NULL, whole_route_completed_at timestamptz, completion_recorded_at timestamptz, handed_over_at timestamptz,
      signature text, circuit_id uuid, return_reason text, created_at timestamptz NOT NULL
    )`);
    await db.query('CREATE INDEX service_order_created_idx ON service_order (created_at DESC, id)');
    await db.query('CREATE INDEX service_order_customer_idx ON service_order (customer_id)');
    await db.query('CREATE INDEX service_order_due_idx ON service_order (due_at)');
    await db.query(`CREATE TABLE order_record (
      id bigserial PRIMARY KEY, order_id uuid NOT NULL REFERENCES service_order (id), at timestamptz NOT NULL,
      type text NOT NULL, by text NOT NULL, detail jsonb NOT NULL
    )`);
    await db.query('CREATE INDEX order_record_order_idx ON order_record (order_id, id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE order_record');
    await db.query('DROP TABLE service_order');
    await db.query('DROP SEQUENCE order_number_seq');
  }
}
