import { MigrationInterface, QueryRunner } from 'typeorm';

/** A visit planned by a special service campaign names it. */
export class VisitCampaign1765470000000 implements MigrationInterface {
  name = 'VisitCampaign1765470000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE visit ADD COLUMN campaign_id uuid');
    await db.query('CREATE INDEX visit_campaign_idx ON visit (campaign_id) WHERE campaign_id IS NOT NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE visit DROP COLUMN campaign_id');
  }
}
