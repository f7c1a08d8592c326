import { MigrationInterface, QueryRunner } from 'typeorm';
import { EVENT_TABLES_DOWN, EVENT_TABLES_UP } from './event-tables';

/** Outbox, inbox and dead letters; the first migration of every service. */
export class EventTables1763900000000 implements MigrationInterface {
  name = 'EventTables1763900000000';

  async up(db: QueryRunner): Promise<void> {
    for (const sql of EVENT_TABLES_UP) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const sql of EVENT_TABLES_DOWN) await db.query(sql);
  }
}
