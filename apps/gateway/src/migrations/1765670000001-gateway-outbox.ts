import { MigrationInterface, QueryRunner } from 'typeorm';
import { EVENT_TABLES_DOWN, EVENT_TABLES_UP } from '@app/shared';

const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The gateway publishes its users' changes (evt.gateway.user.changed.v1) through an outbox of its own, like a service.
 * Users made before it are announced once here, so the notifier's directory learns of every user there is.
 */
export class GatewayOutbox1765670000001 implements MigrationInterface {
  name = 'GatewayOutbox1765670000001';

  async up(db: QueryRunner): Promise<void> {
    for (const sql of EVENT_TABLES_UP) await db.query(sql);
    await db.query(`
      INSERT INTO outbox (id, type, envelope)
      SELECT u.event_id, 'evt.gateway.user.changed.v1', jsonb_build_object(
               'id', u.event_id,
               'type', 'evt.gateway.user.changed.v1',
               'source', 'gateway',
               'occurredAt', to_char(now() AT TIME ZONE 'UTC', ${ISO_UTC}),
               'subjectId', u.id,
               'data', jsonb_strip_nulls(jsonb_build_object(
                 'userId', u.id,
                 'username', u.username,
                 'displayName', u.display_name,
                 'roles', to_jsonb(u.roles),
                 'customerId', u.customer_id,
                 'unit', u.unit,
                 'phone', u.phone,
                 'email', u.email,
                 'active', u.active,
                 'at', to_char(u.updated_at AT TIME ZONE 'UTC', ${ISO_UTC}))))
        FROM (SELECT *, gen_random_uuid() AS event_id FROM users) u
       ORDER BY u.created_at, u.id`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const sql of EVENT_TABLES_DOWN) await db.query(sql);
  }
}
