import { MigrationInterface, QueryRunner } from 'typeorm';

export class Circuits1764200000000 implements MigrationInterface {
  name = 'Circuits1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE circuit (
      id uuid PRIMARY KEY,
      code text NOT NULL UNIQUE,
      customer_id uuid NOT NULL REFERENCES customer (id),
      service_type text NOT NULL,
      bandwidth_mbps int NOT NULL,
      a_end jsonb NOT NULL,
      z_end jsonb NOT NULL,
      grade text NOT NULL,
      business text NOT NULL,
      importance text NOT NULL,
      protection text NOT NULL,
      backup_circuit_code text,
      state text NOT NULL,
      grade_mismatch boolean NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await db.query('CREATE INDEX circuit_customer_idx ON circuit (customer_id, created_at DESC)');
    await db.query('CREATE INDEX circuit_created_idx ON circuit (created_at DESC, id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE circuit');
  }
}
