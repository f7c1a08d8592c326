import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORTING_SETTINGS_DEFAULTS } from '@app/shared';
import { anonymise, ANONYMOUS, caseTerms, identityReplacements, matchTerms, nextCaseStatus, parseSeedCases, SEARCH_MIN_COVERAGE, suggestionScore, suggestionWeights, terms } from './case.rules';
import { timelineSummary, writeUpText } from './write-up.rules';

const seed = readFileSync(join(__dirname, 'seed/000-cases.txt'), 'utf8');

describe('seed 000', () => {
  const cases = parseSeedCases(seed);
  const byNumber = new Map(cases.map((c) => [c.number, c]));

  it('holds the 44 cases of the contents, in order, each with chapter, industry and title', () => {
    expect(cases.map((c) => c.number)).toEqual(Array.from({ length: 44 }, (_, i) => i + 1));
    for (const c of cases) {
      expect(c.chapter).not.toBe('');
      expect(c.title).not.toBe('');
      expect(c.title).not.toMatch(/\d$|\.{2}/);
    }
    expect(byNumber.get(1)).toMatchObject({ chapterNumber: 1, chapter: '实时故障受理和处理', industry: 'government', title: '客户情绪激动', category: 'fault_handling' });
    expect(byNumber.get(4)).toMatchObject({ chapter: '响应重大故障', industry: 'finance', title: '电信原因引发大面积电路故障' });
    // Entries without leader dots: the title runs into the page number (7) and into the next chapter's heading (44).
    expect(byNumber.get(7)?.title).toBe('不在客户领导面前主动指出其下属的问题');
    expect(byNumber.get(44)).toMatchObject({ chapterNumber: 15, chapter: '遵循内部管理制度要求和规定', title: '低电路等级承载高等级业务' });
    expect(byNumber.get(30)).toMatchObject({ industry: 'carrier', title: '竞争触发主动' });
    expect(byNumber.get(33)).toMatchObject({ chapter: '割接协调服务', category: 'cutover', industry: 'large_enterprise' });
    expect(byNumber.get(37)).toMatchObject({ chapter: '重要时期通信保障', category: 'guarantee', title: '视频会议准备' });
  });

  it('has the bodies of cases 1–6 only, split into event, description, handling and lesson', () => {
    expect(cases.filter((c) => c.body).map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(byNumber.get(3)?.body).toMatchObject({ eventName: 'XX省人保厅12333呼叫中心危机处理' });
    expect(byNumber.get(4)?.body?.whatHappened).toBe('2010年8月,因局端传输设备软件BUG,造成某银行大面积电路中断');
    expect(byNumber.get(4)?.body?.handling).toContain('处理效果:客户满意');
    // The chapter heading that follows a body is not part of it.
    expect(byNumber.get(2)?.body?.lesson).toMatch(/反馈故障处理结果。$/);
    // The seed cuts case 6 off after its description.
    expect(byNumber.get(6)?.body).toMatchObject({ handling: '', lesson: '' });
  });
});

describe('terms', () => {
  it('turns Chinese into character bigrams and English into lower-case words', () => {
    expect(terms('视频会议')).toEqual(['视频', '频会', '会议']);
    expect(terms('割接')).toEqual(['割接']);
    expect(terms('网')).toEqual(['网']);
    expect(terms('SDH circuit LOS alarms, the BUG')).toEqual(['sdh', 'circuit', 'los', 'alarm', 'bug']);
    expect(terms('传输设备BUG导致中断')).toEqual(['传输', '输设', '设备', 'bug', '导致', '致中', '中断']);
    expect(terms('２．５Ｇ电路')).toEqual(['5g', '电路']);
  });

  const df = new Map([['视频', 5], ['频会', 4], ['会议', 6]]);
  const case37 = caseTerms({ title: '视频会议准备', chapter: '重要时期通信保障', symptoms: '', whatHappened: '', handling: '', lesson: '', tags: [] });
  const case5 = caseTerms({ title: '电信原因引发重要业务故障', chapter: '响应重大故障', symptoms: '租用普通级电路承载重要视频业务', whatHappened: '', handling: '', lesson: '', tags: [] });

  it('scores a case holding every query term in its title above one holding a term in its symptoms', () => {
    const q = terms('视频会议');
    const a = matchTerms(q, case37, df, 44);
    const b = matchTerms(q, case5, df, 44);
    expect(a).toMatchObject({ coverage: 1, score: 1, matched: ['视频', '频会', '会议'] });
    expect(b.coverage).toBeCloseTo(1 / 3);
    expect(b.score).toBeLessThan(a.score / 3);
  });

  it('weighs a rare term above a common one', () => {
    const c = caseTerms({ title: '割接', chapter: '', symptoms: '', whatHappened: '客户', handling: '', lesson: '', tags: [] });
    const rare = matchTerms(['割接', '银行'], c, new Map([['割接', 3], ['客户', 40]]), 44);
    const common = matchTerms(['客户', '银行'], c, new Map([['割接', 3], ['客户', 40]]), 44);
    expect(rare.score).toBeGreaterThan(common.score);
  });
});

describe('suggestion score', () => {
  it('adds the same service type, segment and cause, and the feedback, capped either way', () => {
    const base = suggestionScore(0.5, {}, {}, 0, 0);
    expect(base).toEqual({ score: 0.5, sameServiceType: false, sameSegment: false, sameCause: false });
    const same = suggestionScore(0.5, { serviceType: 'sdh', segment: 'backbone', causeCategory: 'operator_equipment' }, { serviceType: 'sdh', segment: 'backbone', causeCategory: 'operator_equipment' }, 0, 0);
    expect(same).toEqual({ score: 0.95, sameServiceType: true, sameSegment: true, sameCause: true });
    expect(suggestionScore(0.5, {}, {}, 2, 0).score).toBe(0.6);
    expect(suggestionScore(0.5, {}, {}, 100, 0).score).toBe(0.7);
    expect(suggestionScore(0.5, {}, {}, 0, 100).score).toBe(0.3);
  });

  it('takes its weights from the settings, whose defaults are these', () => {
    expect(suggestionWeights(REPORTING_SETTINGS_DEFAULTS)).toEqual({ serviceType: 0.15, segment: 0.1, cause: 0.2, feedback: 0.05, feedbackCap: 0.2 });
    expect(SEARCH_MIN_COVERAGE).toBe(0.5);
    expect(REPORTING_SETTINGS_DEFAULTS).toMatchObject({ caseCandidatesMax: 2000, caseSuggestionsShown: 5 });
    const heavy = suggestionWeights({ ...REPORTING_SETTINGS_DEFAULTS, caseSameCausePercent: 100 });
    expect(suggestionScore(0.5, { causeCategory: 'operator_fiber' }, { causeCategory: 'operator_fiber' }, 0, 0, heavy).score).toBe(1.5);
  });
});

describe('case status', () => {
  it('goes draft → reviewed → published, by a customer engineer or an administrator', () => {
    expect(nextCaseStatus('draft', 'review', ['customer_engineer'])).toBe('reviewed');
    expect(nextCaseStatus('reviewed', 'publish', ['admin'])).toBe('published');
    expect(() => nextCaseStatus('draft', 'publish', ['admin'])).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    expect(() => nextCaseStatus('published', 'review', ['admin'])).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    expect(() => nextCaseStatus('draft', 'review', ['noc'])).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});

describe('anonymisation', () => {
  it("removes the customer's name and code, and a circuit code that names the customer", () => {
    const r = identityReplacements({ name: '某某银行广州分行', code: 'BANKGZ', circuitCode: 'BANKGZ-SDH-0001' });
    const text = '某某银行广州分行的电路 BANKGZ-SDH-0001 中断；客户编码 bankgz。';
    expect(anonymise(text, r)).toBe(`${ANONYMOUS.name}的电路 ${ANONYMOUS.circuit} 中断；客户编码 ${ANONYMOUS.code}。`);
  });

  it('keeps a circuit code that does not name the customer', () => {
    const r = identityReplacements({ name: '某某银行', code: 'C1', circuitCode: 'GZ-SDH-0001' });
    expect(anonymise('GZ-SDH-0001 中断', r)).toBe('GZ-SDH-0001 中断');
  });

  it('removes personal data whoever the customer is: mobiles, landlines, e-mail addresses, resident ID numbers', () => {
    const text = '报障人张工 138-0013-8000 / +86 13900139000，座机 020-83331234-12，邮箱 zhang.gong@bank.example.cn，身份证 11010519491231002X。';
    expect(anonymise(text, [])).toBe(
      `报障人张工 ${ANONYMOUS.phone} / ${ANONYMOUS.phone}，座机 ${ANONYMOUS.phone}，邮箱 ${ANONYMOUS.email}，身份证 ${ANONYMOUS.idNumber}。`,
    );
    // Circuit codes, ticket numbers, bandwidths and times are no personal data.
    const technical = '电路 GZ-BJ-MSTP-13800138000X、工单 F2026110200012、2x155M、光功率 -23.5dBm、10:30 恢复、20261102';
    expect(anonymise(technical, [])).toBe(technical);
  });

  it("removes the names of the customer's contacts and of the reporter, but no single character", () => {
    const r = identityReplacements({ name: '某某银行', code: 'BANK', people: ['张工', ' 李建国 ', '王'] });
    expect(anonymise('报障人张工联系李建国，王经理已知悉。', r)).toBe(`报障人${ANONYMOUS.person}联系${ANONYMOUS.person}，王经理已知悉。`);
  });

  it('treats the name as text, not a pattern', () => {
    expect(anonymise('A.B+C 与 AxB+C', identityReplacements({ name: 'A.B+C' }))).toBe(`${ANONYMOUS.name} 与 AxB+C`);
  });
});

describe('write-up', () => {
  const t = {
    number: 'F-1',
    symptom: '局端传输设备故障',
    serviceType: 'sdh',
    faultAt: new Date('2026-03-01T01:00:00Z'),
    reportedAt: new Date('2026-03-01T01:02:00Z'),
    restoredAt: new Date('2026-03-01T01:45:00Z'),
    repairedAt: null,
    closedAt: new Date('2026-03-01T02:00:00Z'),
    causeCategory: 'operator_equipment',
    causeSegment: 'backbone',
    causeDescription: '传输设备板卡故障',
  };

  it('summarises the times and every step of the timeline', () => {
    const s = timelineSummary(t, [{ at: new Date('2026-03-01T01:03:00Z'), action: 'dispatch', status: 'dispatched' }]);
    expect(s.split('\n')).toEqual(['时间: 故障发生 2026-03-01 01:00; 受理 2026-03-01 01:02; 业务恢复 2026-03-01 01:45; 结单 2026-03-01 02:00', '历时 45 分钟恢复业务', '2026-03-01 01:03 dispatch → dispatched']);
  });

  it('carries the cause, the timeline and the measures of the fault report', () => {
    const w = writeUpText(t, [], { measures: '更换板卡', preventiveMeasures: '排查同批次板卡', summary: null });
    expect(w.title).toBe('局端传输设备故障——传输设备板卡故障');
    expect(w.whatHappened).toContain('故障原因: 传输设备板卡故障 (operator_equipment / backbone)');
    expect(w.handling).toBe('处理措施: 更换板卡');
    expect(w.lesson).toBe('预防措施: 排查同批次板卡');
  });
});
