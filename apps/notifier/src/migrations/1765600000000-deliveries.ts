import { MigrationInterface, QueryRunner } from 'typeorm';

export class Deliveries1765600000000 implements MigrationInterface {
  name = 'Deliveries1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deliveries (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        rule text NOT NULL,
        subject_type text NOT NULL,
        subject_id uuid,
        subject_number text,
        customer_id uuid,
        audience text NOT NULL CHECK (audience IN ('staff', 'customer')),
        channel text NOT NULL CHECK (channel IN ('sms', 'email', 'inbox')),
        recipient_key text NOT NULL,
        recipient_name text NOT NULL,
        recipient_user_id uuid,
        address text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        link text,
        urgent boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        held_reason text,
        lease_until timestamptz,
        last_error text,
        provider text,
        provider_id text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (event_id, recipient_key, channel)
      )`);
    // The dispatcher's scan: what is due, oldest first.
    await q.query(`CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX deliveries_leased ON deliveries (lease_until) WHERE status = 'sending'`);
    await q.query(`CREATE INDEX deliveries_subject ON deliveries (subject_id, created_at DESC)`);
    await q.query(`CREATE INDEX deliveries_customer ON deliveries (customer_id, created_at DESC)`);
    await q.query(`CREATE INDEX deliveries_created ON deliveries (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX deliveries_dead ON deliveries (updated_at DESC) WHERE status = 'dead'`);
    // The SMS rate limit counts a recipient's recent messages.
    await q.query(`CREATE INDEX deliveries_recipient_sent ON deliveries (recipient_key, sent_at DESC) WHERE channel = 'sms' AND status = 'sent'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE deliveries');
  }
}
