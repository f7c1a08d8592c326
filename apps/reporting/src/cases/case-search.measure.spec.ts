import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseTerms, CaseTerms, matchTerms, parseSeedCases, SEARCH_MIN_COVERAGE, terms } from './case.rules';

/**
 * Measures the search on seed 000 (README "Case library"): precision of the first k results (k = the number of
 * relevant cases) for labelled queries, with the bigrams the library uses against single characters and a plain
 * substring match. Relevant cases are read from the seed's contents and the bodies of cases 1–6.
 */
const QUERIES: [string, number[]][] = [
  ['割接', [33, 34, 35]],
  ['视频会议', [37, 38, 39, 40]],
  ['呼叫中心', [3]],
  ['走访', [19, 20, 21, 22]],
  ['巡检', [23, 24, 25, 36]],
  ['视频会议故障', [39]],
  ['银行电路大面积中断', [4]],
  ['割接客户不同意', [33, 34]],
  ['故障报告', [2, 6, 8, 13, 14]],
];

const seed = parseSeedCases(readFileSync(join(__dirname, 'seed/000-cases.txt'), 'utf8'));
const text = (c: (typeof seed)[number]) => ({
  title: c.title,
  chapter: c.chapter,
  symptoms: c.body?.whatHappened ?? '',
  whatHappened: c.body ? `${c.body.eventName} ${c.body.whatHappened}` : '',
  handling: c.body?.handling ?? '',
  lesson: c.body?.lesson ?? '',
  tags: [],
});

type Tokenise = (s: string) => string[];
const unigrams: Tokenise = (s) => [...new Set([...s].filter((ch) => /\p{Script=Han}|[a-z0-9]/iu.test(ch)))];

function ranked(query: string, tokenise: Tokenise): number[] {
  const docs = seed.map((c) => {
    const t = text(c);
    const terms: CaseTerms =
      tokenise === unigrams
        ? { title: unigrams(`${t.title} ${t.chapter}`), symptoms: unigrams(t.symptoms), all: unigrams(Object.values(t).join(' ')) }
        : caseTerms(t);
    return { n: c.number, terms };
  });
  const q = tokenise(query);
  const df = new Map<string, number>();
  for (const d of docs) for (const g of new Set(d.terms.all)) df.set(g, (df.get(g) ?? 0) + 1);
  return docs
    .map((d) => ({ n: d.n, m: matchTerms(q, d.terms, df, docs.length) }))
    .filter((h) => h.m.coverage >= SEARCH_MIN_COVERAGE)
    .sort((a, b) => b.m.score - a.m.score || a.n - b.n)
    .map((h) => h.n);
}

function substring(query: string): number[] {
  const hits = seed.filter((c) => Object.values(text(c)).join(' ').includes(query));
  return hits.sort((a, b) => Number(!`${b.title}${b.chapter}`.includes(query)) - Number(!`${a.title}${a.chapter}`.includes(query)) || a.number - b.number).map((c) => c.number);
}

const precision = (got: number[], relevant: number[]) => got.slice(0, relevant.length).filter((n) => relevant.includes(n)).length / relevant.length;

describe('search on seed 000, measured', () => {
  const rows = QUERIES.map(([q, relevant]) => ({
    q,
    relevant,
    bigrams: precision(ranked(q, terms), relevant),
    unigrams: precision(ranked(q, unigrams), relevant),
    substring: precision(substring(q), relevant),
    first: ranked(q, terms).slice(0, 5),
    hits: [ranked(q, terms).length, ranked(q, unigrams).length, substring(q).length],
  }));

  it('prints precision at k for bigrams, single characters and a substring match', () => {
    const mean = (k: 'bigrams' | 'unigrams' | 'substring') => rows.reduce((s, r) => s + r[k], 0) / rows.length;
    const table = [
      'query | relevant | bigrams | unigrams | substring | results (bigrams/unigrams/substring) | first results (bigrams)',
      ...rows.map((r) => `${r.q} | ${r.relevant.join(',')} | ${r.bigrams.toFixed(2)} | ${r.unigrams.toFixed(2)} | ${r.substring.toFixed(2)} | ${r.hits.join('/')} | ${r.first.join(',')}`),
      `mean | | ${mean('bigrams').toFixed(2)} | ${mean('unigrams').toFixed(2)} | ${mean('substring').toFixed(2)} |`,
    ];
    console.log(table.join('\n'));
    // Single characters match as well at k, but return far more cases: every case holding 视 or 会 is a hit.
    const total = (i: number) => rows.reduce((s, r) => s + r.hits[i], 0);
    expect(total(0)).toBeLessThan(total(1));
    for (const q of ['割接', '视频会议', '呼叫中心']) expect(rows.find((r) => r.q === q)!.bigrams).toBe(1);
    expect(mean('bigrams')).toBeGreaterThanOrEqual(mean('unigrams'));
    expect(mean('bigrams')).toBeGreaterThanOrEqual(mean('substring'));
  });
});
