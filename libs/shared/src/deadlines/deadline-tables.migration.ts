import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEADLINE_TABLES_DOWN, DEADLINE_TABLES_UP } from './deadline.entities';

/** Clocks, pauses, their audit trail and the local calendar copy; listed by every service that runs deadlines. */
export class DeadlineTables1764100000000 implements MigrationInterface {
  name = 'DeadlineTables1764100000000';

  async up(db: QueryRunner): Promise<void> {
    for (const sql of DEADLINE_TABLES_UP) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const sql of DEADLINE_TABLES_DOWN) await db.query(sql);
  }
}

/** Clocks name the customer whose business they time, so their events can reach that customer's portal. */
export class DeadlineClockCustomer1764700000000 implements MigrationInterface {
  name = 'DeadlineClockCustomer1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE deadline_clock ADD COLUMN customer_id uuid');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE deadline_clock DROP COLUMN customer_id');
  }
}

/**
 * Clocks counted in whole working days (basis 'working-days', recomputed with working-time clocks), and clocks started
 * with a fixed deadline.
 */
export class DeadlineWorkingDays1764810000000 implements MigrationInterface {
  name = 'DeadlineWorkingDays1764810000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE deadline_clock DROP CONSTRAINT deadline_clock_basis_check');
    await db.query(`ALTER TABLE deadline_clock ADD CONSTRAINT deadline_clock_basis_check CHECK (basis IN ('wall', 'working', 'working-days'))`);
    await db.query('DROP INDEX deadline_clock_working_due_idx');
    await db.query(`CREATE INDEX deadline_clock_working_due_idx ON deadline_clock (due_at) WHERE basis <> 'wall' AND status = 'running'`);
    await db.query('ALTER TABLE deadline_clock ADD COLUMN fixed_due boolean NOT NULL DEFAULT false');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE deadline_clock DROP COLUMN fixed_due');
    await db.query('DROP INDEX deadline_clock_working_due_idx');
    await db.query(`CREATE INDEX deadline_clock_working_due_idx ON deadline_clock (due_at) WHERE basis = 'working' AND status = 'running'`);
    await db.query('ALTER TABLE deadline_clock DROP CONSTRAINT deadline_clock_basis_check');
    await db.query(`ALTER TABLE deadline_clock ADD CONSTRAINT deadline_clock_basis_check CHECK (basis IN ('wall', 'working'))`);
  }
}

/**
 * Indexes for reading clocks by page: the list's default order (newest started first, the id breaking ties, as
 * keyset pages read it), and the breached clocks of a page of subjects, looked up by subject id alone.
 */
export class DeadlineClockIndexes1765250000000 implements MigrationInterface {
  name = 'DeadlineClockIndexes1765250000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX deadline_clock_started_idx ON deadline_clock (started_at DESC, id)');
    await db.query('CREATE INDEX deadline_clock_subject_id_idx ON deadline_clock (subject_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX deadline_clock_subject_id_idx');
    await db.query('DROP INDEX deadline_clock_started_idx');
  }
}
