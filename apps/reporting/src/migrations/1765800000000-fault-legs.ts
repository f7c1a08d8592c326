import { MigrationInterface, QueryRunner } from 'typeorm';

/** Which ticket each dispatch leg belongs to (from the dispatch events), so that fault statistics attribute a leg's clocks to its ticket. */
export class FaultLegs1765800000000 implements MigrationInterface {
  name = 'FaultLegs1765800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE fault_leg (leg_id uuid PRIMARY KEY, ticket_id uuid NOT NULL)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE fault_leg`);
  }
}
