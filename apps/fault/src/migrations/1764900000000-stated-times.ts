import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Times stated by the recorder beside the recording time and recorder: a ticket's report time (every clock runs
 * from it), the hotline's answer wait, the local pre-check and escalation to the province, the major-fault report;
 * an escalation's skip reason and expected restoration time; a complaint's recording time.
 */
export class StatedTimes1764900000000 implements MigrationInterface {
  name = 'StatedTimes1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE ticket
      ADD COLUMN reported_at timestamptz, ADD COLUMN opened_by text, ADD COLUMN hotline_wait_seconds int, ADD COLUMN hotline_answer_late boolean,
      ADD COLUMN province_escalation jsonb, ADD COLUMN major_reported_at timestamptz`);
    await db.query(`UPDATE ticket SET reported_at = opened_at, opened_by = (SELECT r.by FROM ticket_record r WHERE r.ticket_id = ticket.id AND r.type = 'intake' LIMIT 1)`);
    await db.query(`UPDATE ticket SET opened_by = reporter_name WHERE opened_by IS NULL`);
    await db.query('ALTER TABLE ticket ALTER COLUMN reported_at SET NOT NULL, ALTER COLUMN opened_by SET NOT NULL');
    await db.query('ALTER TABLE ticket_escalation ADD COLUMN skip_reason text, ADD COLUMN expected_restoration_at timestamptz');
    await db.query('ALTER TABLE complaint ADD COLUMN recorded_at timestamptz');
    await db.query('UPDATE complaint SET recorded_at = received_at');
    await db.query('ALTER TABLE complaint ALTER COLUMN recorded_at SET NOT NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE complaint DROP COLUMN recorded_at');
    await db.query('ALTER TABLE ticket_escalation DROP COLUMN skip_reason, DROP COLUMN expected_restoration_at');
    await db.query('ALTER TABLE ticket DROP COLUMN reported_at, DROP COLUMN opened_by, DROP COLUMN hotline_wait_seconds, DROP COLUMN hotline_answer_late, DROP COLUMN province_escalation, DROP COLUMN major_reported_at');
  }
}
