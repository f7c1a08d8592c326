import { MigrationInterface, QueryRunner } from 'typeorm';

/** The notifier's deliveries about an order, one row per delivery (its latest outcome), for the order's timeline. */
export class OrderNotifications1765690000000 implements MigrationInterface {
  name = 'OrderNotifications1765690000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE order_notification (
      delivery_id uuid PRIMARY KEY, order_id uuid NOT NULL REFERENCES service_order (id), rule text NOT NULL, audience text NOT NULL,
      channel text NOT NULL, recipient_name text NOT NULL, title text NOT NULL, status text NOT NULL, attempts int NOT NULL, at timestamptz NOT NULL
    )`);
    await db.query('CREATE INDEX order_notification_order_idx ON order_notification (order_id, at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE order_notification');
  }
}
