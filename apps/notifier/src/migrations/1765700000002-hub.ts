import { MigrationInterface, QueryRunner } from 'typeorm';

/** The TMF621 event hub: subscriptions and each event's delivery to each of them. */
export class Hub1765700000002 implements MigrationInterface {
  name = 'Hub1765700000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE hub_subscription (
      id uuid PRIMARY KEY,
      version text NOT NULL,
      callback text NOT NULL,
      query text,
      event_types text[],
      customer_id uuid,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL)`);
    await db.query(`CREATE TABLE hub_delivery (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL,
      subscription_id uuid NOT NULL REFERENCES hub_subscription(id) ON DELETE CASCADE,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL,
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      last_error text,
      created_at timestamptz NOT NULL,
      sent_at timestamptz,
      UNIQUE (subscription_id, event_id))`);
    await db.query(`CREATE INDEX hub_delivery_pending_idx ON hub_delivery (subscription_id, seq) WHERE status = 'pending'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE hub_delivery');
    await db.query('DROP TABLE hub_subscription');
  }
}
