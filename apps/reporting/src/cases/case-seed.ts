import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EntityManager } from 'typeorm';
import { CaseSeedResult } from '@app/shared';
import { parseSeedCases } from './case.rules';
import { CaseRow, saveCase } from './cases.store';

const SEED_FILE = '000-cases.txt';

/** Seed 000 as the repository carries it (next to the sources; in dist/ the build leaves it at the source path). */
export function readSeed000(): string {
  const candidates = [
    join(__dirname, 'seed', SEED_FILE),
    join(__dirname, '../../../../apps/reporting/src/cases/seed', SEED_FILE),
    join(process.cwd(), 'apps/reporting/src/cases/seed', SEED_FILE),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`seed 000 not found (looked in ${candidates.join(', ')})`);
  return readFileSync(found, 'utf8');
}

/**
 * Loads seed 000 as published, imported cases in Chinese: titles, chapters and industries of all 44, the bodies the
 * seed holds. Idempotent: a case already loaded (by its import key) is left as it is, edits included.
 */
export async function loadSeedCases(m: EntityManager, seed: string, by: string, now: Date): Promise<CaseSeedResult> {
  const cases = parseSeedCases(seed);
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('reporting.case-seed-000'))`);
  const existing = new Set(((await m.query(`SELECT import_key FROM case_entry WHERE import_key LIKE 'seed-000/%'`)) as { import_key: string }[]).map((r) => r.import_key));
  let created = 0;
  for (const c of cases) {
    const importKey = `seed-000/${c.number}`;
    if (existing.has(importKey)) continue;
    const row: CaseRow = {
      id: randomUUID(),
      number: c.number,
      importKey,
      title: c.title,
      category: c.category,
      chapter: c.chapter,
      industry: c.industry,
      serviceType: null,
      segment: null,
      causeCategory: null,
      symptoms: c.body?.whatHappened ?? '',
      whatHappened: c.body ? [c.body.eventName ? `事件名称:${c.body.eventName}` : '', c.body.whatHappened].filter(Boolean).join('\n') : '',
      handling: c.body?.handling ?? '',
      lesson: c.body?.lesson ?? '',
      tags: [c.industryLabel, c.chapter].filter(Boolean),
      links: [],
      status: 'published',
      imported: true,
      keepIdentity: false,
      identity: null,
      sourceTicketId: null,
      version: 1,
      titleTerms: [],
      symptomTerms: [],
      terms: [],
      createdBy: by,
      createdAt: now,
      updatedBy: by,
      updatedAt: now,
      reviewedBy: by,
      publishedBy: by,
      publishedAt: now,
    };
    await saveCase(m, row, 'import', true);
    created += 1;
  }
  return { cases: cases.length, created, withBody: cases.filter((c) => c.body).length };
}
