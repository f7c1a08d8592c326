import { MigrationInterface, QueryRunner } from 'typeorm';

/** System clients of the TMF621 API (OAuth 2.0 client_credentials). */
export class SystemClients1765700000001 implements MigrationInterface {
  name = 'SystemClients1765700000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE system_client (
      id uuid PRIMARY KEY,
      client_id text NOT NULL UNIQUE,
      name text NOT NULL,
      secret_hash text NOT NULL,
      customer_id uuid,
      active boolean NOT NULL DEFAULT true,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE system_client');
  }
}
