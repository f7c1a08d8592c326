import { MigrationInterface, QueryRunner } from 'typeorm';

/** Special service campaigns and the visits and inspections each generated. */
export class Campaigns1765450000000 implements MigrationInterface {
  name = 'Campaigns1765450000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE SEQUENCE campaign_number_seq');
    await db.query(`CREATE TABLE campaign (
      id uuid PRIMARY KEY,
      number text NOT NULL UNIQUE,
      kind text NOT NULL,
      title text NOT NULL,
      trigger text,
      owner text NOT NULL,
      scope jsonb NOT NULL,
      status text NOT NULL,
      customer_ids uuid[] NOT NULL,
      circuit_count int NOT NULL,
      cancel_reason text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      completed_at timestamptz
    )`);
    await db.query('CREATE INDEX campaign_list_idx ON campaign (created_at DESC, id)');
    await db.query('CREATE INDEX campaign_customers_idx ON campaign USING gin (customer_ids)');
    await db.query(`CREATE TABLE campaign_item (
      id uuid PRIMARY KEY,
      campaign_id uuid NOT NULL REFERENCES campaign (id),
      kind text NOT NULL,
      ref_id uuid NOT NULL UNIQUE,
      customer_id uuid NOT NULL,
      circuit_codes text[] NOT NULL,
      owner text NOT NULL,
      status text NOT NULL
    )`);
    await db.query('CREATE INDEX campaign_item_campaign_idx ON campaign_item (campaign_id, kind, customer_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE campaign_item');
    await db.query('DROP TABLE campaign');
    await db.query('DROP SEQUENCE campaign_number_seq');
  }
}
