import { VISITS_SETTINGS_DEFAULTS } from '@app/shared';
import {
  analysisPeriodOf,
  availability,
  CircuitFacts,
  compliance,
  countBy,
  faultForCustomer,
  outageOf,
  OutageFacts,
  recommendations,
  REPEATED_FAULTS_THRESHOLD,
  restoreTimes,
  satisfactionSection,
  suspensionsOf,
  visitDueAfter,
} from './analysis.rules';

const MIN = 60_000;
const november = analysisPeriodOf({ from: '2026-11-01', to: '2026-11-30' }, new Date('2026-12-02T00:00:00Z'));
const now = new Date('2026-12-02T00:00:00Z');
const fault = (over: Partial<OutageFacts> = {}): OutageFacts => ({
  circuitId: 'c1',
  status: 'closed',
  faultAt: new Date('2026-11-10T02:00:00Z'),
  restoredAt: new Date('2026-11-10T03:30:00Z'),
  closedAt: new Date('2026-11-10T04:00:00Z'),
  causeCategory: 'operator_fiber',
  resolutionExemptMs: 0,
  ...over,
});

describe('analysis period', () => {
  it('defaults to the previous full Beijing month', () => {
    const p = analysisPeriodOf({}, new Date('2026-12-01T16:30:00Z')); // 2026-12-02 00:30 Beijing
    expect([p.from, p.to]).toEqual(['2026-11-01', '2026-11-30']);
    expect(p.start.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    const jan = analysisPeriodOf({}, new Date('2027-01-15T00:00:00Z'));
    expect([jan.from, jan.to]).toEqual(['2026-12-01', '2026-12-31']);
  });

  it('is the month of `to` up to `to` when only `to` is given', () => {
    expect(analysisPeriodOf({ to: '2026-11-15' }, now)).toMatchObject({ from: '2026-11-01', to: '2026-11-15' });
  });
});

describe('availability', () => {
  it('a 90-minute outage in a 30-day month is 99.79', () => {
    const o = outageOf(fault(), november, now);
    expect(o).toEqual({ outageMs: 90 * MIN, exemptMs: 0, countedMs: 90 * MIN });
    expect(availability(o.countedMs, 30 * 1440 * MIN)).toBe(99.79);
    expect(availability(0, 30 * 1440 * MIN)).toBe(100);
  });

  it('exempts the suspension only when closed with a customer-side cause', () => {
    const customer = outageOf(fault({ causeCategory: 'customer_equipment', resolutionExemptMs: 60 * MIN }), november, now);
    expect(customer).toEqual({ outageMs: 90 * MIN, exemptMs: 60 * MIN, countedMs: 30 * MIN });
    const operator = outageOf(fault({ causeCategory: 'operator_fiber', resolutionExemptMs: 60 * MIN }), november, now);
    expect(operator.countedMs).toBe(90 * MIN);
    const notClosed = outageOf(fault({ status: 'restored', causeCategory: 'customer_equipment', resolutionExemptMs: 60 * MIN }), november, now);
    expect(notClosed.countedMs).toBe(90 * MIN);
  });

  it('clips the outage to the period, and the exemption to the clipped outage', () => {
    const spanning = fault({ faultAt: new Date('2026-10-31T15:00:00Z'), restoredAt: new Date('2026-10-31T16:30:00Z'), causeCategory: 'customer_power', resolutionExemptMs: 80 * MIN });
    expect(outageOf(spanning, november, now)).toEqual({ outageMs: 30 * MIN, exemptMs: 30 * MIN, countedMs: 0 });
  });

  it('exempts only the part of the suspensions within the period', () => {
    // Out from 31 Oct 23:00 to 1 Nov 05:00 Beijing; suspended 23:20–00:10 (50 min, 10 of them in November).
    const spanning = fault({
      faultAt: new Date('2026-10-31T15:00:00Z'),
      restoredAt: new Date('2026-10-31T21:00:00Z'),
      causeCategory: 'customer_equipment',
      resolutionExemptMs: 50 * MIN,
      suspensions: suspensionsOf([
        { at: new Date('2026-10-31T15:20:00Z'), action: 'suspend' },
        { at: new Date('2026-10-31T16:10:00Z'), action: 'resume' },
      ]),
    });
    expect(outageOf(spanning, november, now)).toEqual({ outageMs: 300 * MIN, exemptMs: 10 * MIN, countedMs: 290 * MIN });
    const october = analysisPeriodOf({ from: '2026-10-01', to: '2026-10-31' }, now);
    expect(outageOf(spanning, october, now)).toEqual({ outageMs: 60 * MIN, exemptMs: 40 * MIN, countedMs: 20 * MIN });
    // Never more than the clock exempted (the operator-side cause: nothing).
    expect(outageOf({ ...spanning, causeCategory: 'operator_fiber' }, october, now).exemptMs).toBe(0);
    expect(suspensionsOf([{ at: new Date(0), action: 'suspend' }, { at: new Date(1), action: 'suspend' }])).toEqual([{ from: new Date(0), to: null }]);
  });

  it('counts a fault still open up to now, and nothing for a cancelled one', () => {
    const open = fault({ status: 'dispatched', restoredAt: null, closedAt: null, faultAt: new Date('2026-11-30T15:00:00Z') });
    expect(outageOf(open, november, new Date('2026-11-30T15:20:00Z')).outageMs).toBe(20 * MIN);
    expect(outageOf(open, november, now).outageMs).toBe(60 * MIN);
    expect(outageOf(fault({ status: 'cancelled' }), november, now).outageMs).toBe(0);
  });

  it('caps the counted outage at the whole period', () => {
    expect(availability(31 * 1440 * MIN, 30 * 1440 * MIN)).toBe(0);
  });
});

describe('faults', () => {
  it('restore times: mean and worst, null without any', () => {
    expect(restoreTimes([30 * MIN, 90 * MIN, 45.5 * MIN])).toEqual({ restored: 3, meanRestoreMinutes: 55.17, worstRestoreMinutes: 90 });
    expect(restoreTimes([])).toEqual({ restored: 0, meanRestoreMinutes: null, worstRestoreMinutes: null });
  });

  it('counts by key, most frequent first, unknown last', () => {
    expect(countBy(['a', null, 'b', 'b', 'a', 'c'], (x) => x)).toEqual([
      { key: 'a', count: 2 },
      { key: 'b', count: 2 },
      { key: 'c', count: 1 },
      { key: null, count: 1 },
    ]);
  });

  it('a customer sees the customer-facing cause and no true category or segment where one was marked', () => {
    const base = { ticketId: 't', number: 'F1', circuitCode: 'C1', faultAt: null, restoredAt: null, restoreMinutes: 90, status: 'closed', causeCategory: 'customer_equipment', causeSegment: 'customer_premises', cause: '客户路由器故障' };
    expect(faultForCustomer({ ...base, customerFacingCause: '传输线路瞬断' })).toEqual({ ...base, causeCategory: null, causeSegment: null, cause: '传输线路瞬断' });
    expect(faultForCustomer(base)).toEqual(base);
  });
});

describe('compliance', () => {
  it('rates every fault clock kind in a fixed order, null for none', () => {
    const rows = compliance([{ kind: 'resolution', met: 1, total: 3 }, { kind: 'dispatch', met: 2, total: 2 }, { kind: 'zz-new', met: 0, total: 1 }]);
    expect(rows.map((r) => r.kind)).toEqual(['dispatch', 'accept', 'progress', 'answer', 'first-feedback', 'feedback', 'resolution', 'joint-handling', 'on-site', 'broadcast', 'zz-new']);
    expect(rows.find((r) => r.kind === 'resolution')).toMatchObject({ met: 1, total: 3, rate: 33.33 });
    expect(rows.find((r) => r.kind === 'dispatch')?.rate).toBe(100);
    expect(rows.find((r) => r.kind === 'accept')).toMatchObject({ met: 0, total: 0, rate: null });
  });
});

describe('recommendations', () => {
  const circuit = (over: Partial<CircuitFacts>): CircuitFacts => ({ id: 'id', code: 'C', business: '视频会议', importance: 'normal', grade: 'A', protection: 'main', faults: 0, ...over });
  const end = november.end;
  const visited = { tier: 'gold' as const, lastVisitAt: new Date('2026-11-01T00:00:00Z'), periodEnd: end, settings: VISITS_SETTINGS_DEFAULTS };

  it('important business without backup (case 5)', () => {
    const r = recommendations([circuit({ id: 'x', code: 'X', importance: 'high', protection: 'none' }), circuit({ code: 'Y', importance: 'high', protection: 'backup' })], visited);
    expect(r).toEqual([{ rule: 'important-business-without-backup', circuits: [{ id: 'x', code: 'X' }], text: expect.stringContaining('无备份电路') }]);
  });

  it(`repeated faults: ${REPEATED_FAULTS_THRESHOLD} or more on one circuit`, () => {
    expect(REPEATED_FAULTS_THRESHOLD).toBe(3);
    const r = recommendations([circuit({ code: 'R', faults: 3 }), circuit({ code: 'S', faults: 2 })], visited);
    expect(r.map((x) => [x.rule, x.circuits[0].code])).toEqual([['repeated-faults', 'R']]);
    expect(r[0].text).toContain('3 次');
    expect(recommendations([circuit({ code: 'S', faults: 2 })], visited, 2)).toHaveLength(1);
  });

  it('a low-grade circuit carrying important business (case 44)', () => {
    const r = recommendations([circuit({ code: 'L', grade: 'B', importance: 'high' }), circuit({ code: 'M', grade: 'A', importance: 'high' }), circuit({ code: 'N', grade: 'A', importance: 'critical' })], visited);
    expect(r.map((x) => [x.rule, x.circuits[0].code])).toEqual([
      ['low-grade-important-business', 'L'],
      ['low-grade-important-business', 'N'],
    ]);
  });

  it("the customer overdue for a visit by its tier's interval (VisitsSettings defaults)", () => {
    expect(VISITS_SETTINGS_DEFAULTS.visitEveryMonthsGold).toBe(3);
    const dueAt = (last: string) => recommendations([], { ...visited, lastVisitAt: new Date(last) }).map((x) => x.rule);
    // Gold: every 3 months. Period ends 2026-11-30T16:00Z; a visit on 2026-08-31T16:00Z (Beijing 09-01) is due 2026-11-30T16:00Z: not overdue.
    expect(dueAt('2026-08-31T16:00:00Z')).toEqual([]);
    expect(dueAt('2026-08-31T15:59:00Z')).toEqual(['visit-overdue']);
    expect(recommendations([], { ...visited, lastVisitAt: null })[0]).toMatchObject({ rule: 'visit-overdue', circuits: [], text: expect.stringContaining('尚无走访记录') });
    expect(recommendations([], { ...visited, tier: 'standard', lastVisitAt: new Date('2026-01-01T00:00:00Z') })).toEqual([]);
    expect(visitDueAfter(new Date('2026-01-31T00:00:00Z'), 1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });
});

describe('satisfaction section', () => {
  it('counts the ratings of the tickets closed and lists the low ones (2 or less) with their comments', () => {
    const at = new Date('2026-11-20T02:00:00Z');
    const r = (ticketId: string, score: number, comment: string | null = null) => ({ ticketId, number: `F-${ticketId}`, circuitCode: 'C1', score, comment, ratedAt: at });
    const section = satisfactionSection(5, [r('a', 5), r('b', 2, '反馈慢'), r('c', 1), r('d', 3)]);
    expect(section).toEqual({
      closed: 5,
      rated: 4,
      ratedShare: 80,
      averageScore: 2.75,
      distribution: { '1': 1, '2': 1, '3': 1, '4': 0, '5': 1 },
      lowScores: [
        { ticketId: 'b', number: 'F-b', circuitCode: 'C1', score: 2, comment: '反馈慢', ratedAt: at.toISOString() },
        { ticketId: 'c', number: 'F-c', circuitCode: 'C1', score: 1, comment: null, ratedAt: at.toISOString() },
      ],
      lowScoresTruncated: false,
    });
    expect(satisfactionSection(0, [])).toMatchObject({ rated: 0, ratedShare: null, averageScore: null, lowScores: [] });
  });
});
