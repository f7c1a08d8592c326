import { MigrationInterface, QueryRunner } from 'typeorm';

/** The directory keeps who reported a ticket's fault and the contact they gave: the `reporter` recipient. */
export class DirectoryReporter1766450000000 implements MigrationInterface {
  name = 'DirectoryReporter1766450000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE directory_tickets ADD COLUMN reporter_name text, ADD COLUMN reporter_contact text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE directory_tickets DROP COLUMN reporter_name, DROP COLUMN reporter_contact`);
  }
}
