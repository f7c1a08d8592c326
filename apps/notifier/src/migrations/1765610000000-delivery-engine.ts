import { MigrationInterface, QueryRunner } from 'typeorm';

/** The in-app inbox, the local outbox of development, and the SMS rate limit's count per number. */
export class DeliveryEngine1765610000000 implements MigrationInterface {
  name = 'DeliveryEngine1765610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inbox_messages (
        id uuid PRIMARY KEY,
        user_id text NOT NULL,
        customer_id uuid,
        delivery_id uuid NOT NULL UNIQUE,
        title text NOT NULL,
        body text NOT NULL,
        link text,
        subject_type text NOT NULL,
        subject_id uuid,
        subject_number text,
        urgent boolean NOT NULL,
        created_at timestamptz NOT NULL,
        read_at timestamptz
      )`);
    await q.query('CREATE INDEX inbox_messages_user ON inbox_messages (user_id, created_at DESC, id DESC)');
    await q.query('CREATE INDEX inbox_messages_unread ON inbox_messages (user_id) WHERE read_at IS NULL');
    await q.query(`
      CREATE TABLE local_outbox (
        id uuid PRIMARY KEY,
        delivery_id uuid NOT NULL UNIQUE,
        channel text NOT NULL CHECK (channel IN ('sms', 'email')),
        to_address text NOT NULL,
        subject text,
        body text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX local_outbox_created ON local_outbox (created_at DESC, id DESC)');
    // The rate limit counts what went (or is going) to one number within the hour.
    await q.query(`CREATE INDEX deliveries_sms_number ON deliveries (address, sent_at) WHERE channel = 'sms' AND status IN ('sent', 'sending')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX deliveries_sms_number');
    await q.query('DROP TABLE local_outbox');
    await q.query('DROP TABLE inbox_messages');
  }
}
