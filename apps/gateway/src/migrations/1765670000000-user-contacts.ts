import { MigrationInterface, QueryRunner } from 'typeorm';

/** How a user is reached (mobile for SMS, e-mail) and the handling unit a unit's user works for (issue #14). */
export class UserContacts1765670000000 implements MigrationInterface {
  name = 'UserContacts1765670000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE users ADD COLUMN phone text, ADD COLUMN email text, ADD COLUMN unit text');
    // A customer's user works for its customer, never for a handling unit.
    await db.query(`ALTER TABLE users ADD CONSTRAINT users_unit_not_customer CHECK (unit IS NULL OR NOT ('customer_user' = ANY (roles)))`);
    await db.query('CREATE INDEX users_unit_idx ON users (unit) WHERE unit IS NOT NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX users_unit_idx');
    await db.query('ALTER TABLE users DROP CONSTRAINT users_unit_not_customer');
    await db.query('ALTER TABLE users DROP COLUMN unit, DROP COLUMN email, DROP COLUMN phone');
  }
}
