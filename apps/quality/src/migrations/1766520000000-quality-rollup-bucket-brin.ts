import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The roll-ups' index on the bucket alone (what retention deletes by, and statistics over every circuit scan by) is a
 * BRIN index instead of a B-tree: every roll-up write (a new bucket, or an upserted one — never a HOT update, the
 * primary key covering the roll-up columns) added an entry to that B-tree too, about a tenth of a batch's roll-up
 * cost. Buckets are written in time order, so block ranges hold narrow spans of buckets and the BRIN index stays small
 * and selective.
 */
export class QualityRollupBucketBrin1766520000000 implements MigrationInterface {
  name = 'QualityRollupBucketBrin1766520000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['rollup_15m', 'rollup_1h']) {
      await q.query(`DROP INDEX ${table}_bucket_idx`);
      await q.query(`CREATE INDEX ${table}_bucket_idx ON ${table} USING brin (bucket) WITH (pages_per_range = 32)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['rollup_15m', 'rollup_1h']) {
      await q.query(`DROP INDEX ${table}_bucket_idx`);
      await q.query(`CREATE INDEX ${table}_bucket_idx ON ${table} (bucket)`);
    }
  }
}
