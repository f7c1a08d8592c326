import { MigrationInterface, QueryRunner } from 'typeorm';

export class Incidents1764300000000 implements MigrationInterface {
  name = 'Incidents1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE network_incident (
      id uuid PRIMARY KEY, number text NOT NULL UNIQUE, title text NOT NULL, kind text NOT NULL, description text,
      status text NOT NULL, opened_by text NOT NULL, opened_at timestamptz NOT NULL, restored_at timestamptz, closed_at timestamptz,
      cause_category text, cause_segment text, cause_description text
    )`);
    await db.query('CREATE INDEX network_incident_opened_idx ON network_incident (opened_at DESC, id)');
    await db.query('ALTER TABLE ticket ADD COLUMN incident_id uuid REFERENCES network_incident (id)');
    await db.query('CREATE INDEX ticket_incident_idx ON ticket (incident_id) WHERE incident_id IS NOT NULL');
    await db.query('CREATE INDEX ticket_circuit_opened_idx ON ticket (circuit_id, opened_at DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX ticket_circuit_opened_idx');
    await db.query('ALTER TABLE ticket DROP COLUMN incident_id');
    await db.query('DROP TABLE network_incident');
  }
}
