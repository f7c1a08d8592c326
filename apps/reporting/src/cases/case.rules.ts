import { AppError, CaseCategory, CaseStatus, Industry, REPORTING_SETTINGS_DEFAULTS, ReportingSettings, Role } from '@app/shared';

// ---------------------------------------------------------------------------------------------------------------
// Tokenisation: Chinese has no spaces, so a run of Han characters becomes its overlapping character bigrams
// (a lone character stays a unigram); Latin letters and digits become lower-cased words. The same function turns
// the cases' text into their stored terms (text[] with a GIN index) and a search or a symptom into query terms.
// ---------------------------------------------------------------------------------------------------------------

const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]/u;

/** English words too common to say anything about a case. */
const STOP_WORDS = new Set(['the', 'a', 'an', 'of', 'and', 'or', 'to', 'in', 'on', 'for', 'is', 'was', 'at', 'by', 'with', 'it']);

/** The distinct terms of a text: Han bigrams and Latin/digit words (lower case, English stop words dropped). */
export function terms(text: string | null | undefined): string[] {
  const out = new Set<string>();
  let han = '';
  let word = '';
  const flushHan = () => {
    const chars = [...han];
    if (chars.length === 1) out.add(chars[0]);
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
    han = '';
  };
  const flushWord = () => {
    const w = word.toLowerCase();
    if (w.length >= 2 && !STOP_WORDS.has(w)) out.add(w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
    word = '';
  };
  for (const ch of (text ?? '').normalize('NFKC')) {
    if (HAN.test(ch)) {
      flushWord();
      han += ch;
    } else if (WORD.test(ch)) {
      flushHan();
      word += ch;
    } else {
      flushHan();
      flushWord();
    }
  }
  flushHan();
  flushWord();
  return [...out];
}

/** The terms of a case, by where they stand: the title (with its chapter), the symptoms, and all its text. */
export interface CaseTerms {
  title: string[];
  symptoms: string[];
  all: string[];
}

export interface CaseText {
  title: string;
  chapter?: string | null;
  symptoms: string;
  whatHappened: string;
  handling: string;
  lesson: string;
  tags: string[];
}

export function caseTerms(c: CaseText): CaseTerms {
  const title = terms(`${c.title} ${c.chapter ?? ''}`);
  const symptoms = terms(c.symptoms);
  const all = [...new Set([...title, ...symptoms, ...terms([c.whatHappened, c.handling, c.lesson, c.tags.join(' ')].join(' '))])];
  return { title, symptoms, all };
}

/** How much a term found in a field counts: the title most, then the symptoms, then the rest of the text. */
export const FIELD_WEIGHTS = { title: 3, symptoms: 2, text: 1 } as const;

/** Search: a case is a hit when it holds at least this share of the query's terms (a setting; measured on seed 000, see README). */
export const SEARCH_MIN_COVERAGE = REPORTING_SETTINGS_DEFAULTS.caseSearchMinCoveragePercent / 100;

export interface TermMatch {
  /** Weighted matches: Σ over the query's terms found of idf × field weight, divided by the query's total idf. */
  score: number;
  /** The share of the query's terms the case holds. */
  coverage: number;
  matched: string[];
}

/**
 * Scores a case against query terms. `df` is the number of cases holding each term and `n` the number of cases:
 * a term found in few cases (割接) says more than one found in many (客户, 故障).
 */
export function matchTerms(query: string[], c: CaseTerms, df: ReadonlyMap<string, number>, n: number): TermMatch {
  if (query.length === 0) return { score: 0, coverage: 0, matched: [] };
  const title = new Set(c.title);
  const symptoms = new Set(c.symptoms);
  const all = new Set(c.all);
  const idf = (t: string) => Math.log(1 + Math.max(n, 1) / Math.max(df.get(t) ?? 0, 1));
  let total = 0;
  let got = 0;
  const matched: string[] = [];
  for (const t of query) {
    const w = idf(t);
    total += w * FIELD_WEIGHTS.title;
    if (!all.has(t)) continue;
    matched.push(t);
    got += w * (title.has(t) ? FIELD_WEIGHTS.title : symptoms.has(t) ? FIELD_WEIGHTS.symptoms : FIELD_WEIGHTS.text);
  }
  return { score: total === 0 ? 0 : got / total, coverage: matched.length / query.length, matched };
}

/** What a suggestion adds for the ticket's context and for the NOC's feedback, as shares of a full text match. */
export interface SuggestionWeights {
  serviceType: number;
  segment: number;
  cause: number;
  feedback: number;
  feedbackCap: number;
}

export function suggestionWeights(s: ReportingSettings): SuggestionWeights {
  return {
    serviceType: s.caseSameServiceTypePercent / 100,
    segment: s.caseSameSegmentPercent / 100,
    cause: s.caseSameCausePercent / 100,
    feedback: s.caseFeedbackPercent / 100,
    feedbackCap: s.caseFeedbackCapPercent / 100,
  };
}

export const SUGGESTION_WEIGHTS = suggestionWeights(REPORTING_SETTINGS_DEFAULTS);

export interface SuggestionContext {
  serviceType?: string | null;
  segment?: string | null;
  causeCategory?: string | null;
}

export interface SuggestionScore {
  score: number;
  sameServiceType: boolean;
  sameSegment: boolean;
  sameCause: boolean;
}

/** The text match plus bonuses for the same service type, segment and cause, and the feedback (capped either way). */
export function suggestionScore(
  text: number,
  ticket: SuggestionContext,
  c: SuggestionContext,
  helpful: number,
  notHelpful: number,
  w: SuggestionWeights = SUGGESTION_WEIGHTS,
): SuggestionScore {
  const same = (a?: string | null, b?: string | null) => !!a && !!b && a === b;
  const sameServiceType = same(ticket.serviceType, c.serviceType);
  const sameSegment = same(ticket.segment, c.segment);
  const sameCause = same(ticket.causeCategory, c.causeCategory);
  const feedback = Math.max(-w.feedbackCap, Math.min(w.feedbackCap, (helpful - notHelpful) * w.feedback));
  const score = text + (sameServiceType ? w.serviceType : 0) + (sameSegment ? w.segment : 0) + (sameCause ? w.cause : 0) + feedback;
  return { score: Math.round(score * 1000) / 1000, sameServiceType, sameSegment, sameCause };
}

// ---------------------------------------------------------------------------------------------------------------
// Status: draft → reviewed → published, by a customer engineer or an administrator; an edit returns to draft.
// ---------------------------------------------------------------------------------------------------------------

export const CASE_APPROVERS: readonly Role[] = ['customer_engineer', 'admin'];

export function nextCaseStatus(status: CaseStatus, action: 'review' | 'publish', roles: readonly Role[]): CaseStatus {
  if (!roles.some((r) => CASE_APPROVERS.includes(r))) throw new AppError('FORBIDDEN', `Only a customer engineer or an administrator may ${action} a case`);
  if (action === 'review' && status === 'draft') return 'reviewed';
  if (action === 'publish' && status === 'reviewed') return 'published';
  throw new AppError('INVALID_TRANSITION', `A ${status} case cannot be ${action === 'review' ? 'reviewed' : 'published'}`, {
    fields: [{ field: 'status', reason: action === 'review' ? 'only a draft is reviewed' : 'only a reviewed case is published' }],
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Anonymisation: the customer's name, code, and a circuit code that names the customer, out of the text.
// ---------------------------------------------------------------------------------------------------------------

export interface CustomerIdentity {
  name?: string | null;
  code?: string | null;
  circuitCode?: string | null;
  /** People the text may name: the customer's contacts and escalation list, the ticket's reporter. */
  people?: string[] | null;
}

export const ANONYMOUS = { name: '某客户', code: '某客户编码', circuit: '某电路', person: '某联系人', phone: '某电话', email: '某邮箱', idNumber: '某证件号' } as const;

/**
 * Personal data a write-up may carry whoever the customer is (a reporter's mobile, a landline, an e-mail address, a
 * resident ID number), each with what it becomes. Digits next to other digits are left alone (a circuit or ticket
 * number is no phone).
 */
const PERSONAL_DATA: readonly [RegExp, string][] = [
  [/[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/giu, ANONYMOUS.email],
  [/(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])/gu, ANONYMOUS.idNumber],
  [/(?<![0-9A-Za-z])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9A-Za-z])/gu, ANONYMOUS.phone],
  [/(?<![0-9A-Za-z-])0\d{2,3}-?\d{7,8}(?:-\d{1,5})?(?![0-9A-Za-z])/gu, ANONYMOUS.phone],
];

/** The identity's terms and what each becomes, longest first so that a circuit code holding the customer code goes whole. */
export function identityReplacements(id: CustomerIdentity): [string, string][] {
  const out: [string, string][] = [];
  const names = (id.code ?? '') + (id.name ?? '');
  const circuitNamesCustomer = !!id.circuitCode && ((!!id.code && id.circuitCode.includes(id.code)) || (!!id.name && id.circuitCode.includes(id.name)));
  if (id.circuitCode && circuitNamesCustomer && names) out.push([id.circuitCode, ANONYMOUS.circuit]);
  if (id.name && id.name.trim().length > 0) out.push([id.name.trim(), ANONYMOUS.name]);
  if (id.code && id.code.trim().length > 0) out.push([id.code.trim(), ANONYMOUS.code]);
  // A name of one character would take that character out of every word: people are named by two or more.
  for (const person of new Set((id.people ?? []).map((p) => p.trim()))) if ([...person].length >= 2) out.push([person, ANONYMOUS.person]);
  return out.sort((a, b) => b[0].length - a[0].length);
}

/** The text with every occurrence of the identity (any case for Latin letters) and of personal data replaced. */
export function anonymise(text: string, replacements: readonly [string, string][]): string {
  let out = text;
  for (const [from, to] of replacements) {
    const pattern = new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu');
    out = out.replace(pattern, to);
  }
  for (const [pattern, to] of PERSONAL_DATA) out = out.replace(pattern, to);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Seed 000 (典型案例库): a table of contents of 44 cases and the bodies of the first ones, in one long line.
// ---------------------------------------------------------------------------------------------------------------

/** The industries as the seed names them. */
export const SEED_INDUSTRIES: Record<string, Industry> = { 党政军: 'government', 金融: 'finance', 大企业: 'large_enterprise', 运营商: 'carrier' };

/** The seed's chapters, by a word of their name, to the library's categories. */
const CHAPTER_CATEGORIES: [RegExp, CaseCategory][] = [
  [/割接/, 'cutover'],
  [/保障|演练/, 'guarantee'],
  [/走访/, 'visit'],
  [/巡检/, 'inspection'],
  [/故障|分析报告|预警/, 'fault_handling'],
  [/投诉/, 'complaint'],
  [/安全/, 'security'],
  [/开通|业务受理/, 'provisioning'],
];

export function seedCategory(chapter: string): CaseCategory {
  return CHAPTER_CATEGORIES.find(([re]) => re.test(chapter))?.[1] ?? 'service';
}

export interface SeedCaseBody {
  eventName: string;
  whatHappened: string;
  handling: string;
  lesson: string;
}

export interface SeedCase {
  number: number;
  chapterNumber: number;
  chapter: string;
  /** The industry as the seed names it (党政军…) and as the platform does. */
  industryLabel: string;
  industry: Industry;
  title: string;
  category: CaseCategory;
  body?: SeedCaseBody;
}

const ENTRY = /(\d{1,2})\.(\d{1,2})典型案例(\d{1,2})(?:——|-{2,})/g;
const LABELS = ['事件名称', '客户行业', '事件描述', '处理方式', '处理效果', '对客户工程师的素质要求'] as const;

/** Splits an entry's heading ("响应重大故障金融电信原因引发大面积电路故障") at its industry. */
function splitHeading(heading: string): { industryLabel: string; title: string } {
  let best: { at: number; label: string } | undefined;
  for (const label of Object.keys(SEED_INDUSTRIES)) {
    const at = heading.indexOf(label);
    if (at >= 0 && (!best || at < best.at)) best = { at, label };
  }
  if (!best) throw new Error(`seed 000: no industry in "${heading}"`);
  return { industryLabel: best.label, title: heading.slice(best.at + best.label.length).trim() };
}

function bodyOf(text: string): SeedCaseBody | undefined {
  const found: { label: string; at: number; end: number }[] = [];
  const re = new RegExp(`(${LABELS.join('|')})[:：]`, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) found.push({ label: m[1], at: m.index, end: m.index + m[0].length });
  if (found.length === 0) return undefined;
  const field = (label: string) => {
    const i = found.findIndex((f) => f.label === label);
    if (i < 0) return '';
    return text.slice(found[i].end, i + 1 < found.length ? found[i + 1].at : text.length).trim();
  };
  const effect = field('处理效果');
  return {
    eventName: field('事件名称'),
    whatHappened: field('事件描述'),
    handling: [field('处理方式'), effect ? `处理效果:${effect}` : ''].filter(Boolean).join('\n'),
    lesson: field('对客户工程师的素质要求'),
  };
}

/**
 * Parses seed 000: the table of contents gives every case's number, chapter, industry and title; the text after
 * it the bodies the seed holds (an entry heading without the leader dots of the contents starts a body).
 */
export function parseSeedCases(seed: string): SeedCase[] {
  const line = seed.split(/\r?\n/).reduce((a, b) => (b.length > a.length ? b : a), '');
  const matches = [...line.matchAll(ENTRY)];
  const toc = new Map<number, SeedCase>();
  const chapters = new Map<number, string>();
  const bodies = new Map<number, string>();
  let chapterNumber = 0;
  let previousEnd = 0;
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i];
    const section = Number(m[2]);
    const number = Number(m[3]);
    const start = m.index + m[0].length;
    const next = matches[i + 1];
    const end = next ? next.index : line.length;
    if (!toc.has(number)) {
      // The contents: the digits before "x.y" hold the previous entry's page too, so chapters are counted.
      if (section === 1) {
        chapterNumber += 1;
        const heading = new RegExp(`${chapterNumber}([^\\d.]+?)(?:\\.{2,}|$)`).exec(line.slice(previousEnd, m.index));
        if (heading) chapters.set(chapterNumber, heading[1].trim());
      }
      const rest = line.slice(start, end);
      const dots = /\.{2,}/.exec(rest);
      // Without leader dots the title runs into the page number and the next chapter's heading.
      const heading = dots ? rest.slice(0, dots.index) : rest.replace(/\d+[^\d.]*$/, '');
      const { industryLabel, title } = splitHeading(heading);
      toc.set(number, { number, chapterNumber, chapter: '', industryLabel, industry: SEED_INDUSTRIES[industryLabel], title, category: 'service' });
      previousEnd = dots ? start + dots.index + dots[0].length : end;
    } else {
      let body = line.slice(start, end);
      if (next && Number(next[2]) === 1) body = body.replace(/\d+[^\d.]*$/, '');
      bodies.set(number, body);
    }
  }
  return [...toc.values()].map((c) => {
    const chapter = chapters.get(c.chapterNumber) ?? '';
    const raw = bodies.get(c.number);
    const body = raw === undefined ? undefined : bodyOf(raw.replace(/处理$/, ''));
    return { ...c, chapter, category: seedCategory(chapter), ...(body ? { body } : {}) };
  });
}
