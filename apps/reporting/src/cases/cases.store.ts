import { EntityManager } from 'typeorm';
import { CaseCategory, CaseLink, CaseStatus, CaseView, CauseCategory, Industry, Segment, ServiceType } from '@app/shared';
import { caseTerms, CustomerIdentity } from './case.rules';

/** A row of case_entry as the service handles it. */
export interface CaseRow {
  id: string;
  number: number | null;
  importKey: string | null;
  title: string;
  category: CaseCategory;
  chapter: string | null;
  industry: Industry | null;
  serviceType: ServiceType | null;
  segment: Segment | null;
  causeCategory: CauseCategory | null;
  symptoms: string;
  whatHappened: string;
  handling: string;
  lesson: string;
  tags: string[];
  links: CaseLink[];
  status: CaseStatus;
  imported: boolean;
  keepIdentity: boolean;
  identity: CustomerIdentity | null;
  sourceTicketId: string | null;
  version: number;
  titleTerms: string[];
  symptomTerms: string[];
  terms: string[];
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
  reviewedBy: string | null;
  publishedBy: string | null;
  publishedAt: Date | null;
}

export const CASE_COLUMNS = `id, number, import_key AS "importKey", title, category, chapter, industry, service_type AS "serviceType", segment,
  cause_category AS "causeCategory", symptoms, what_happened AS "whatHappened", handling, lesson, tags, links, status, imported,
  keep_identity AS "keepIdentity", identity, source_ticket_id AS "sourceTicketId", version, title_terms AS "titleTerms",
  symptom_terms AS "symptomTerms", terms, created_by AS "createdBy", created_at AS "createdAt", updated_by AS "updatedBy",
  updated_at AS "updatedAt", reviewed_by AS "reviewedBy", published_by AS "publishedBy", published_at AS "publishedAt"`;

export function caseView(r: CaseRow, score?: number): CaseView {
  const v: CaseView = {
    id: r.id,
    title: r.title,
    category: r.category,
    symptoms: r.symptoms,
    whatHappened: r.whatHappened,
    handling: r.handling,
    lesson: r.lesson,
    tags: r.tags,
    links: r.links,
    status: r.status,
    imported: r.imported,
    keepIdentity: r.keepIdentity,
    version: r.version,
    createdBy: r.createdBy,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedBy: r.updatedBy,
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
  if (r.number !== null) v.number = r.number;
  if (r.chapter) v.chapter = r.chapter;
  if (r.industry) v.industry = r.industry;
  if (r.serviceType) v.serviceType = r.serviceType;
  if (r.segment) v.segment = r.segment;
  if (r.causeCategory) v.causeCategory = r.causeCategory;
  if (r.reviewedBy) v.reviewedBy = r.reviewedBy;
  if (r.publishedBy) v.publishedBy = r.publishedBy;
  if (r.publishedAt) v.publishedAt = new Date(r.publishedAt).toISOString();
  if (score !== undefined) v.score = Math.round(score * 1000) / 1000;
  return v;
}

export async function findCase(m: EntityManager, id: string, lock = false): Promise<CaseRow | undefined> {
  const rows = (await m.query(`SELECT ${CASE_COLUMNS} FROM case_entry WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])) as CaseRow[];
  return rows[0];
}

/** Writes the row (insert or update), its terms recomputed, and its version n with what was done. */
export async function saveCase(m: EntityManager, r: CaseRow, action: string, insert: boolean): Promise<void> {
  const t = caseTerms(r);
  Object.assign(r, { titleTerms: t.title, symptomTerms: t.symptoms, terms: t.all });
  const values = [
    r.id, r.number, r.importKey, r.title, r.category, r.chapter, r.industry, r.serviceType, r.segment, r.causeCategory, r.symptoms,
    r.whatHappened, r.handling, r.lesson, r.tags, JSON.stringify(r.links), r.status, r.imported, r.keepIdentity,
    r.identity ? JSON.stringify(r.identity) : null, r.sourceTicketId, r.version, r.titleTerms, r.symptomTerms, r.terms, r.createdBy,
    r.createdAt, r.updatedBy, r.updatedAt, r.reviewedBy, r.publishedBy, r.publishedAt,
  ];
  const columns = `id, number, import_key, title, category, chapter, industry, service_type, segment, cause_category, symptoms, what_happened,
    handling, lesson, tags, links, status, imported, keep_identity, identity, source_ticket_id, version, title_terms, symptom_terms, terms,
    created_by, created_at, updated_by, updated_at, reviewed_by, published_by, published_at`;
  const params = values.map((_, i) => `$${i + 1}`).join(', ');
  if (insert) await m.query(`INSERT INTO case_entry (${columns}) VALUES (${params})`, values);
  else await m.query(`UPDATE case_entry SET (${columns}) = ROW(${params}) WHERE id = $1`, values);
  await m.query('INSERT INTO case_version (case_id, n, status, action, by, at, snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    r.id, r.version, r.status, action, r.updatedBy, r.updatedAt, JSON.stringify(caseView(r)),
  ]);
}
