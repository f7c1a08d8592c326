import { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1764500000000 implements MigrationInterface {
  name = 'Identity1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        username text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        customer_id uuid,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (('customer_user' = ANY (roles)) = (customer_id IS NOT NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX users_username_key ON users (lower(username))`);
    await db.query(`CREATE INDEX users_customer_idx ON users (customer_id) WHERE customer_id IS NOT NULL`);
    await db.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await db.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        user_id text,
        username text,
        roles text[] NOT NULL,
        customer_id uuid,
        method text NOT NULL,
        path text NOT NULL,
        route text NOT NULL,
        status int NOT NULL,
        request_id text NOT NULL,
        ip text NOT NULL,
        user_agent text,
        body jsonb
      )`);
    await db.query(`CREATE INDEX audit_log_at_idx ON audit_log (at DESC)`);
    await db.query(`CREATE INDEX audit_log_user_idx ON audit_log (user_id, at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE audit_log');
    await db.query('DROP TABLE refresh_tokens');
    await db.query('DROP TABLE users');
  }
}
