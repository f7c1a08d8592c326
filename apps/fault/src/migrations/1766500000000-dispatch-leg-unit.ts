import { MigrationInterface, QueryRunner } from 'typeorm';

/** The ticket list filtered by handling unit (`unit`): a unit's legs found by its name, not by reading every ticket's legs. */
export class DispatchLegUnit1766500000000 implements MigrationInterface {
  name = 'DispatchLegUnit1766500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX dispatch_leg_unit_idx ON dispatch_leg (unit, ticket_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX dispatch_leg_unit_idx');
  }
}
