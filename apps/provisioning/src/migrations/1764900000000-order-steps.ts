import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10: the warning pool is no longer stored as a warning; plan segments with their own periods; the time each
 * step happened beside the time it was recorded; the whole-route report's bureau; resource stock thresholds.
 */
export class OrderSteps1764900000000 implements MigrationInterface {
  name = 'OrderSteps1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE service_order
      ADD COLUMN warning_pool_entered_at timestamptz,
      ADD COLUMN segments jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN whole_route jsonb,
      ADD COLUMN signed_by text,
      ADD COLUMN last_step_at timestamptz`);
    await db.query(`UPDATE service_order SET
      warning_pool_entered_at = (SELECT min((w->>'at')::timestamptz) FROM jsonb_array_elements(warnings) w WHERE (w->>'automatic')::boolean),
      warnings = (SELECT coalesce(jsonb_agg(w - 'automatic'), '[]') FROM jsonb_array_elements(warnings) w WHERE NOT (w->>'automatic')::boolean),
      segments = (SELECT coalesce(jsonb_agg(jsonb_build_object('name', s, 'from', required_by, 'to', required_by, 'completedAt', created_at)), '[]') FROM unnest(completed_segments) s),
      last_step_at = coalesce(whole_route_completed_at, created_at)`);
    await db.query('ALTER TABLE service_order ALTER COLUMN last_step_at SET NOT NULL, DROP COLUMN completed_segments');
    await db.query('ALTER TABLE order_record ADD COLUMN occurred_at timestamptz');
    await db.query('UPDATE order_record SET occurred_at = at');
    await db.query('ALTER TABLE order_record ALTER COLUMN occurred_at SET NOT NULL');
    await db.query(`CREATE TABLE resource_stock (
      id uuid PRIMARY KEY,
      resource_type text NOT NULL,
      area text NOT NULL,
      level int,
      threshold int,
      below boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL,
      updated_by text NOT NULL,
      UNIQUE (resource_type, area))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE resource_stock');
    await db.query('ALTER TABLE order_record DROP COLUMN occurred_at');
    await db.query(`ALTER TABLE service_order ADD COLUMN completed_segments text[] NOT NULL DEFAULT '{}'`);
    await db.query(`UPDATE service_order SET completed_segments = ARRAY(SELECT s->>'name' FROM jsonb_array_elements(segments) s WHERE s ? 'completedAt')`);
    await db.query(`ALTER TABLE service_order DROP COLUMN warning_pool_entered_at, DROP COLUMN segments, DROP COLUMN whole_route, DROP COLUMN signed_by, DROP COLUMN last_step_at`);
  }
}
