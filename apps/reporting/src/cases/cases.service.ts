import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  Caller,
  CaseFeedbackBody,
  CaseFeedbackView,
  CaseFields,
  CaseRequest,
  CaseSeedResult,
  CaseSuggestionsQuery,
  CaseSuggestionsView,
  CaseVersionsView,
  CaseView,
  Clock,
  CreateCaseBody,
  ListCasesQuery,
  offsetPage,
  Page,
  pageBounds,
  ReportingSettings,
  ServiceSettings,
  UnitOfWork,
  UpdateCaseRequest,
  WriteUpRequest,
} from '@app/shared';
import { CustomerDim, FaultFact, TicketTimelineRow } from '../faults/reporting-tables.entity';
import { FaultReportVersion } from '../fault-reports/fault-report-version.entity';
import { anonymise, identityReplacements, matchTerms, nextCaseStatus, suggestionScore, suggestionWeights, terms } from './case.rules';
import { loadSeedCases, readSeed000 } from './case-seed';
import { CASE_COLUMNS, CaseRow, caseView, findCase, saveCase } from './cases.store';
import { writeUpText } from './write-up.rules';

const notFound = (id: string) => new AppError('CASE_NOT_FOUND', `No case ${id}`);

const SORTS: Record<string, string> = { number: 'number', updatedAt: 'updated_at', title: 'title', createdAt: 'created_at' };

const TEXT_FIELDS = ['title', 'symptoms', 'whatHappened', 'handling', 'lesson'] as const;

/** The case library (典型案例库): cases, their versions, search, suggestions for tickets and write-ups from them. */
@Injectable()
export class CasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly settings: ServiceSettings<ReportingSettings>,
  ) {}

  async get(req: CaseRequest): Promise<CaseView> {
    const row = await findCase(this.dataSource.manager, req.id);
    if (!row) throw notFound(req.id);
    return caseView(row);
  }

  async versions(req: CaseRequest): Promise<CaseVersionsView> {
    const m = this.dataSource.manager;
    if (!(await findCase(m, req.id))) throw notFound(req.id);
    const rows = (await m.query('SELECT n, status, action, by, at, snapshot FROM case_version WHERE case_id = $1 ORDER BY n', [req.id])) as {
      n: number;
      status: CaseView['status'];
      action: string;
      by: string;
      at: Date;
      snapshot: CaseView;
    }[];
    return { id: req.id, versions: rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() })) };
  }

  async list(q: ListCasesQuery): Promise<Page<CaseView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.category) add('category = ?', q.category);
    if (q.serviceType) add('service_type = ?', q.serviceType);
    if (q.causeCategory) add('cause_category = ?', q.causeCategory);
    if (q.segment) add('segment = ?', q.segment);
    if (q.industry) add('industry = ?', q.industry);
    if (q.status) add('status = ?', q.status);
    if (q.tag) add('? = ANY(tags)', q.tag);
    const m = this.dataSource.manager;
    const { limit, offset } = pageBounds(q);
    if (q.q !== undefined) {
      const query = terms(q.q);
      if (query.length === 0) return { items: [], limit, offset, hasMore: false, ...(q.count === 'exact' ? { total: 0 } : {}) };
      add('terms && ?::text[]', query);
      const { values: limits } = await this.settings.get();
      const rows = (await m.query(`SELECT ${CASE_COLUMNS} FROM case_entry WHERE ${where.join(' AND ')} LIMIT ${limits.caseCandidatesMax}`, params)) as CaseRow[];
      const { df, n } = await this.frequencies(m, query, null);
      const hits = rows
        .map((r) => ({ r, match: matchTerms(query, { title: r.titleTerms, symptoms: r.symptomTerms, all: r.terms }, df, n) }))
        .filter((h) => h.match.coverage * 100 >= limits.caseSearchMinCoveragePercent)
        .sort((a, b) => b.match.score - a.match.score || (a.r.number ?? Infinity) - (b.r.number ?? Infinity) || a.r.id.localeCompare(b.r.id));
      const window = hits.slice(offset, offset + limit + 1);
      return offsetPage(q, window, (h) => caseView(h.r, h.match.score), () => Promise.resolve(hits.length));
    }
    const desc = q.sort?.startsWith('-') ?? true;
    const column = SORTS[q.sort?.replace(/^-/, '') ?? 'updatedAt'];
    if (!column) throw new AppError('VALIDATION_FAILED', `Cases sort by ${Object.keys(SORTS).join(', ')}`, { fields: [{ field: 'sort', reason: 'unknown field' }] });
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = (await m.query(
      `SELECT ${CASE_COLUMNS} FROM case_entry ${filter} ORDER BY ${column} ${desc ? 'DESC' : 'ASC'} NULLS LAST, number ASC NULLS LAST, id LIMIT ${limit + 1} OFFSET ${offset}`,
      params,
    )) as CaseRow[];
    return offsetPage(q, rows, (r) => caseView(r), async () => Number(((await m.query(`SELECT count(*)::int AS n FROM case_entry ${filter}`, params)) as { n: number }[])[0].n));
  }

  create(body: CreateCaseBody, caller: Caller): Promise<CaseView> {
    return this.uow.run(async (m) => {
      const now = this.clock.now();
      const row: CaseRow = {
        ...blankCase(randomUUID(), caller.username, now),
        ...definedFields(body),
        title: body.title,
        category: body.category,
      };
      await saveCase(m, row, 'create', true);
      return caseView(row);
    });
  }

  update(req: UpdateCaseRequest, caller: Caller): Promise<CaseView> {
    return this.uow.run(async (m) => {
      const row = await findCase(m, req.id, true);
      if (!row) throw notFound(req.id);
      const { id: _, ...fields } = req;
      Object.assign(row, definedFields(fields), { status: 'draft', reviewedBy: null, version: row.version + 1, updatedBy: caller.username, updatedAt: this.clock.now() });
      await saveCase(m, row, 'edit', false);
      return caseView(row);
    });
  }

  review(req: CaseRequest, caller: Caller): Promise<CaseView> {
    return this.move(req, caller, 'review');
  }

  publish(req: CaseRequest, caller: Caller): Promise<CaseView> {
    return this.move(req, caller, 'publish');
  }

  /** Reviews or publishes; publishing removes the customer's identity from the text unless it is kept on purpose. */
  private move(req: CaseRequest, caller: Caller, action: 'review' | 'publish'): Promise<CaseView> {
    return this.uow.run(async (m) => {
      const row = await findCase(m, req.id, true);
      if (!row) throw notFound(req.id);
      const status = nextCaseStatus(row.status, action, caller.roles);
      const now = this.clock.now();
      Object.assign(row, { status, version: row.version + 1, updatedBy: caller.username, updatedAt: now });
      if (action === 'review') row.reviewedBy = caller.username;
      else {
        Object.assign(row, { publishedBy: caller.username, publishedAt: now });
        if (!row.keepIdentity) scrub(row, row.identity ? identityReplacements(row.identity) : []);
      }
      await saveCase(m, row, action, false);
      return caseView(row);
    });
  }

  loadSeed(caller: Caller): Promise<CaseSeedResult> {
    const seed = readSeed000();
    return this.uow.run((m) => loadSeedCases(m, seed, caller.username, this.clock.now()));
  }

  async suggest(q: CaseSuggestionsQuery): Promise<CaseSuggestionsView> {
    const m = this.dataSource.manager;
    let context: { symptom: string; serviceType?: string | null; segment?: string | null; causeCategory?: string | null };
    if (q.ticketId) {
      const fact = await m.findOneBy(FaultFact, { ticketId: q.ticketId });
      if (!fact) throw new AppError('TICKET_NOT_FOUND', `Reporting knows no ticket ${q.ticketId}`);
      context = {
        symptom: [fact.symptom, fact.causeDescription].filter(Boolean).join(' '),
        serviceType: q.serviceType ?? fact.serviceType,
        segment: q.segment ?? fact.causeSegment,
        causeCategory: q.causeCategory ?? fact.causeCategory,
      };
    } else if (q.symptom) {
      context = { symptom: q.symptom, serviceType: q.serviceType, segment: q.segment, causeCategory: q.causeCategory };
    } else {
      throw new AppError('VALIDATION_FAILED', 'Suggestions need a ticket or a symptom', { fields: [{ field: 'symptom', reason: 'required without ticketId' }] });
    }
    const query = terms(context.symptom);
    const { values: limits } = await this.settings.get();
    const rows = (await m.query(
      `SELECT ${CASE_COLUMNS} FROM case_entry WHERE status = 'published'
        AND (terms && $1::text[] OR service_type = $2 OR cause_category = $3) LIMIT ${limits.caseCandidatesMax}`,
      [query, context.serviceType ?? null, context.causeCategory ?? null],
    )) as CaseRow[];
    const { df, n } = await this.frequencies(m, query, 'published');
    const feedback = await this.feedbackCounts(m, rows.map((r) => r.id));
    const weights = suggestionWeights(limits);
    const items = rows
      .map((r) => {
        const text = matchTerms(query, { title: r.titleTerms, symptoms: r.symptomTerms, all: r.terms }, df, n);
        const f = feedback.get(r.id) ?? { helpful: 0, notHelpful: 0 };
        const s = suggestionScore(text.score, context, r, f.helpful, f.notHelpful, weights);
        const byWeight = [...text.matched].sort((a, b) => (df.get(a) ?? 0) - (df.get(b) ?? 0));
        return {
          case: caseView(r),
          score: s.score,
          why: { matchedTerms: byWeight.slice(0, 12), sameServiceType: s.sameServiceType, sameSegment: s.sameSegment, sameCause: s.sameCause, ...f },
        };
      })
      .filter((s) => s.score > 0 && (s.why.matchedTerms.length > 0 || s.why.sameServiceType || s.why.sameCause))
      .sort((a, b) => b.score - a.score || (a.case.number ?? Infinity) - (b.case.number ?? Infinity))
      .slice(0, q.limit ?? limits.caseSuggestionsShown);
    return { ...(q.ticketId ? { ticketId: q.ticketId } : {}), items };
  }

  feedback(body: CaseFeedbackBody, caller: Caller): Promise<CaseFeedbackView> {
    return this.uow.run(async (m) => {
      const row = await findCase(m, body.caseId);
      if (!row || row.status !== 'published') throw notFound(body.caseId);
      await m.query(
        `INSERT INTO case_feedback (case_id, subject, by, helpful, at) VALUES ($1, $2, $3, $4, $5)
          ON CONFLICT (case_id, subject, by) DO UPDATE SET helpful = EXCLUDED.helpful, at = EXCLUDED.at`,
        [body.caseId, body.ticketId ?? 'intake', caller.username, body.helpful, this.clock.now()],
      );
      const counts = (await this.feedbackCounts(m, [body.caseId])).get(body.caseId) ?? { helpful: 0, notHelpful: 0 };
      return { caseId: body.caseId, ...counts };
    });
  }

  /** A draft case from a closed ticket (or one in an incident, or with a fault report): its cause, timeline and measures. */
  writeUp(req: WriteUpRequest, caller: Caller): Promise<CaseView> {
    return this.uow.run(async (m) => {
      const fact = await m.findOneBy(FaultFact, { ticketId: req.ticketId });
      if (!fact) throw new AppError('TICKET_NOT_FOUND', `Reporting knows no ticket ${req.ticketId}`);
      const reports = await m.find(FaultReportVersion, { where: { ticketId: req.ticketId }, order: { n: 'DESC' } });
      if (fact.status !== 'closed' && reports.length === 0 && fact.incidentId === null) {
        throw new AppError('CASE_SOURCE_NOT_READY', `Ticket ${req.ticketId} is neither closed, part of an incident, nor has a fault report`, {
          fields: [{ field: 'ticketId', reason: 'write up a closed ticket, one in an incident, or one with a fault report' }],
        });
      }
      const customer = await m.findOneBy(CustomerDim, { id: fact.customerId });
      const timeline = await m.find(TicketTimelineRow, { where: { ticketId: req.ticketId }, order: { at: 'ASC' } });
      const text = writeUpText(fact, timeline, reports[0] ?? null);
      const people = [...(customer?.contactNames ?? []), ...(fact.reporterName ? [fact.reporterName] : [])];
      const identity = { name: customer?.name ?? null, code: customer?.code ?? null, circuitCode: fact.circuitCode, ...(people.length ? { people } : {}) };
      const now = this.clock.now();
      const row: CaseRow = {
        ...blankCase(randomUUID(), caller.username, now),
        ...text,
        category: req.category ?? 'fault_handling',
        industry: customer?.industry ?? null,
        serviceType: (fact.serviceType as CaseRow['serviceType']) ?? null,
        segment: fact.causeSegment,
        causeCategory: fact.causeCategory,
        links: [{ kind: 'ticket', id: fact.ticketId }],
        keepIdentity: req.keepIdentity ?? false,
        identity,
        sourceTicketId: fact.ticketId,
      };
      if (!row.keepIdentity) scrub(row, identityReplacements(identity));
      await saveCase(m, row, 'write_up', true);
      return caseView(row);
    });
  }

  /** How many cases hold each query term, and how many there are: the weights of rare terms. */
  private async frequencies(m: EntityManager, query: string[], status: string | null): Promise<{ df: Map<string, number>; n: number }> {
    const scope = status ? 'AND status = $2' : '';
    const args = status ? [query, status] : [query];
    const rows = (await m.query(`SELECT t, count(*)::int AS n FROM case_entry, unnest(terms) t WHERE t = ANY($1::text[]) ${scope} GROUP BY t`, args)) as { t: string; n: number }[];
    const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM case_entry WHERE true ${status ? 'AND status = $1' : ''}`, status ? [status] : [])) as { n: number }[];
    return { df: new Map(rows.map((r) => [r.t, r.n])), n };
  }

  private async feedbackCounts(m: EntityManager, ids: string[]): Promise<Map<string, { helpful: number; notHelpful: number }>> {
    if (ids.length === 0) return new Map();
    const rows = (await m.query(
      `SELECT case_id AS id, count(*) FILTER (WHERE helpful)::int AS helpful, count(*) FILTER (WHERE NOT helpful)::int AS "notHelpful"
        FROM case_feedback WHERE case_id = ANY($1::uuid[]) GROUP BY case_id`,
      [ids],
    )) as { id: string; helpful: number; notHelpful: number }[];
    return new Map(rows.map((r) => [r.id, { helpful: r.helpful, notHelpful: r.notHelpful }]));
  }
}

function blankCase(id: string, by: string, now: Date): CaseRow {
  return {
    id,
    number: null,
    importKey: null,
    title: '',
    category: 'other',
    chapter: null,
    industry: null,
    serviceType: null,
    segment: null,
    causeCategory: null,
    symptoms: '',
    whatHappened: '',
    handling: '',
    lesson: '',
    tags: [],
    links: [],
    status: 'draft',
    imported: false,
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
    reviewedBy: null,
    publishedBy: null,
    publishedAt: null,
  };
}

/** The fields a request set (an absent or null field is no change). */
function definedFields(f: CaseFields): Partial<CaseRow> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== null)) as Partial<CaseRow>;
}

function scrub(row: CaseRow, replacements: [string, string][]): void {
  for (const field of TEXT_FIELDS) row[field] = anonymise(row[field], replacements);
  row.tags = row.tags.map((t) => anonymise(t, replacements));
}
