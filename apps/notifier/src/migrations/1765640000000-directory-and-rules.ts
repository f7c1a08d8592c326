import { MigrationInterface, QueryRunner } from 'typeorm';

export class DirectoryAndRules1765640000000 implements MigrationInterface {
  name = 'DirectoryAndRules1765640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE directory_users (
        id uuid PRIMARY KEY,
        username text NOT NULL,
        display_name text NOT NULL,
        roles text[] NOT NULL,
        customer_id uuid,
        unit text,
        phone text,
        email text,
        active boolean NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX directory_users_customer ON directory_users (customer_id) WHERE active');
    await q.query('CREATE INDEX directory_users_unit ON directory_users (unit) WHERE active');
    await q.query('CREATE INDEX directory_users_roles ON directory_users USING gin (roles)');
    await q.query(`
      CREATE TABLE directory_customers (
        id uuid PRIMARY KEY,
        code text NOT NULL,
        name text NOT NULL,
        tier text NOT NULL,
        customer_manager text,
        customer_engineer text,
        contacts jsonb NOT NULL,
        escalation_list jsonb NOT NULL
      )`);
    await q.query(`
      CREATE TABLE directory_orders (
        id uuid PRIMARY KEY,
        number text NOT NULL,
        customer_id uuid NOT NULL,
        customer_manager text,
        business_manager text,
        network_support_manager text,
        project_manager text,
        version int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE directory_tickets (
        id uuid PRIMARY KEY,
        number text NOT NULL,
        customer_id uuid NOT NULL,
        circuit_code text,
        symptom text,
        status text NOT NULL,
        version int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE notification_rules (
        key text PRIMARY KEY,
        recipients jsonb,
        title_template text,
        body_template text,
        urgent boolean,
        enabled boolean,
        version int NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE notification_rules');
    await q.query('DROP TABLE directory_tickets');
    await q.query('DROP TABLE directory_orders');
    await q.query('DROP TABLE directory_customers');
    await q.query('DROP TABLE directory_users');
  }
}
