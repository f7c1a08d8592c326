import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case library (典型案例): cases with their search terms (Chinese bigrams and English words, computed in code,
 * GIN-indexed), every version kept, and the NOC's feedback on suggestions. Reporting's own data: a rebuild keeps it.
 */
export class Cases1766000000000 implements MigrationInterface {
  name = 'Cases1766000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE case_entry (id uuid PRIMARY KEY, number int, import_key text UNIQUE, title text NOT NULL, category text NOT NULL,
      chapter text, industry text, service_type text, segment text, cause_category text, symptoms text NOT NULL, what_happened text NOT NULL,
      handling text NOT NULL, lesson text NOT NULL, tags text[] NOT NULL, links jsonb NOT NULL, status text NOT NULL, imported boolean NOT NULL,
      keep_identity boolean NOT NULL, identity jsonb, source_ticket_id uuid, version int NOT NULL,
      title_terms text[] NOT NULL, symptom_terms text[] NOT NULL, terms text[] NOT NULL,
      created_by text NOT NULL, created_at timestamptz NOT NULL, updated_by text NOT NULL, updated_at timestamptz NOT NULL,
      reviewed_by text, published_by text, published_at timestamptz)`);
    await db.query('CREATE INDEX case_entry_terms ON case_entry USING gin (terms)');
    await db.query('CREATE INDEX case_entry_status_updated ON case_entry (status, updated_at DESC)');
    await db.query('CREATE INDEX case_entry_source_ticket ON case_entry (source_ticket_id)');
    await db.query(`CREATE TABLE case_version (case_id uuid NOT NULL REFERENCES case_entry (id), n int NOT NULL, status text NOT NULL, action text NOT NULL,
      by text NOT NULL, at timestamptz NOT NULL, snapshot jsonb NOT NULL, PRIMARY KEY (case_id, n))`);
    await db.query(`CREATE TABLE case_feedback (case_id uuid NOT NULL REFERENCES case_entry (id), subject text NOT NULL, by text NOT NULL,
      helpful boolean NOT NULL, at timestamptz NOT NULL, PRIMARY KEY (case_id, subject, by))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE case_feedback');
    await db.query('DROP TABLE case_version');
    await db.query('DROP TABLE case_entry');
  }
}
