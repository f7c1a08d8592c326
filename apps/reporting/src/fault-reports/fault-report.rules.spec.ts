import { FaultReportView } from '@app/shared';
import { assertAgrees, assertCanWrite, currentKind, disagreements, forCustomer, nextStatus, reviewRequired, shownCause, TicketFacts } from './fault-report.rules';

const closed: TicketFacts = {
  status: 'closed',
  faultAt: new Date('2026-11-02T01:58:00Z'),
  reportedAt: new Date('2026-11-02T02:00:00Z'),
  restoredAt: new Date('2026-11-02T02:45:00Z'),
  repairedAt: null,
  closedAt: new Date('2026-11-02T02:50:00Z'),
  causeCategory: 'customer_equipment',
  causeSegment: 'customer_premises',
  causeDescription: '客户路由器故障',
  customerFacingCause: '传输线路瞬断',
};

const agreeing = {
  faultAt: '2026-11-02T01:58:00Z',
  reportedAt: '2026-11-02T02:00:30Z',
  restoredAt: '2026-11-02T02:45:00Z',
  closedAt: '2026-11-02T02:50:00Z',
  causeCategory: 'customer_equipment' as const,
  causeSegment: 'customer_premises' as const,
  cause: '传输线路瞬断',
};

describe('fault report rules', () => {
  it('group-level (diamond) and cross-province customers need a review; others do not', () => {
    expect(reviewRequired('diamond', { aProvince: '广东', zProvince: '广东' })).toBe(true);
    expect(reviewRequired('gold', { aProvince: '广东', zProvince: '北京' })).toBe(true);
    expect(reviewRequired('gold', { aProvince: '广东', zProvince: '广东' })).toBe(false);
    expect(reviewRequired('standard', null)).toBe(false);
  });

  it('is preliminary while open and final once closed; final only after closing, none for a cancelled ticket', () => {
    expect(currentKind('dispatched')).toBe('preliminary');
    expect(currentKind('closed')).toBe('final');
    expect(() => assertCanWrite('final', 'restored')).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    expect(() => assertCanWrite('preliminary', 'closed')).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    expect(() => assertCanWrite('preliminary', 'cancelled')).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    expect(() => assertCanWrite('final', 'closed')).not.toThrow();
  });

  it('case 14: the cause shown is the customer-facing one where the closure marked it, else the true one', () => {
    expect(shownCause(closed)).toBe('传输线路瞬断');
    expect(shownCause({ ...closed, customerFacingCause: null })).toBe('客户路由器故障');
  });

  it('case 13: a final version agreeing on times (to the minute) and cause has no disagreement', () => {
    expect(disagreements('final', agreeing, closed)).toEqual([]);
  });

  it('case 13: names each field where a final version disagrees, with both values', () => {
    const found = disagreements('final', { ...agreeing, restoredAt: '2026-11-02T02:40:00Z', causeCategory: 'operator_fiber', cause: '客户路由器故障' }, closed);
    expect(found).toEqual([
      { field: 'restoredAt', reportValue: '2026-11-02T02:40:00Z', ticketValue: '2026-11-02T02:45:00.000Z' },
      { field: 'causeCategory', reportValue: 'operator_fiber', ticketValue: 'customer_equipment' },
      { field: 'cause', reportValue: '客户路由器故障', ticketValue: '传输线路瞬断' },
    ]);
    expect(() => assertAgrees('t1', found)).toThrow(expect.objectContaining({ code: 'FAULT_REPORT_DISAGREES', details: { disagreements: found } }));
  });

  it('a final version must state every time and the cause the ticket has, and no time it lacks', () => {
    const { causeSegment: _s, closedAt: _c, ...partial } = agreeing;
    expect(disagreements('final', { ...partial, repairedAt: '2026-11-02T03:00:00Z' }, closed).map((d) => d.field)).toEqual(['repairedAt', 'closedAt', 'causeSegment']);
  });

  it('a preliminary version is checked on what it states; its cause is free until the ticket has one', () => {
    const open: TicketFacts = { ...closed, status: 'dispatched', restoredAt: null, closedAt: null, causeCategory: null, causeSegment: null, causeDescription: null, customerFacingCause: null };
    expect(disagreements('preliminary', { faultAt: agreeing.faultAt, causeCategory: 'operator_fiber', cause: '疑似光缆中断' }, open)).toEqual([]);
    expect(disagreements('preliminary', { restoredAt: '2026-11-02T02:45:00Z' }, open)).toEqual([{ field: 'restoredAt', reportValue: '2026-11-02T02:45:00Z', ticketValue: null }]);
  });

  it('a final version of a group-level or cross-province customer goes draft → reviewed → submitted, by a customer engineer', () => {
    const v = { kind: 'final' as const, reviewRequired: true };
    expect(() => nextStatus({ ...v, status: 'draft' }, 'submit', ['customer_engineer'])).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    expect(() => nextStatus({ ...v, status: 'draft' }, 'review', ['noc'])).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(nextStatus({ ...v, status: 'draft' }, 'review', ['customer_engineer'])).toBe('reviewed');
    expect(() => nextStatus({ ...v, status: 'reviewed' }, 'submit', ['noc'])).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(nextStatus({ ...v, status: 'reviewed' }, 'submit', ['customer_engineer'])).toBe('submitted');
    expect(() => nextStatus({ ...v, status: 'submitted' }, 'submit', ['customer_engineer'])).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });

  it('other versions go draft → submitted and cannot be reviewed', () => {
    expect(nextStatus({ kind: 'preliminary', reviewRequired: true, status: 'draft' }, 'submit', ['noc'])).toBe('submitted');
    expect(nextStatus({ kind: 'final', reviewRequired: false, status: 'draft' }, 'submit', ['noc'])).toBe('submitted');
    expect(() => nextStatus({ kind: 'final', reviewRequired: false, status: 'draft' }, 'review', ['customer_engineer'])).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });

  describe("the customer's view", () => {
    const report = {
      ticketId: 't1',
      customerId: 'c1',
      kind: 'final',
      times: {},
      scope: { customer: { id: 'c1', name: '甲银行', tier: 'diamond', customerEngineer: '赵工' } },
      cause: { category: 'customer_equipment', segment: 'customer_premises', shown: '传输线路瞬断', trueDescription: '客户路由器故障' },
      process: [
        { at: 'a', action: 'intake', status: 'open', customerVisible: true },
        { at: 'b', action: 'escalate', status: 'open', customerVisible: false },
      ],
      clocks: [{ kind: 'resolution', met: true }],
      reviewRequired: true,
      status: 'draft',
      versions: [
        { n: 1, kind: 'preliminary', status: 'submitted', stated: { causeCategory: 'customer_equipment', cause: '传输线路瞬断' }, createdBy: 'noc1', disagreements: [] },
        { n: 2, kind: 'final', status: 'draft', stated: {}, createdBy: 'noc1', disagreements: [] },
      ],
    } as unknown as FaultReportView;

    it('shows submitted versions only, the told cause, the steps it was told of, no staff names nor clocks', () => {
      const seen = forCustomer(report, true)!;
      expect(seen.cause).toEqual({ shown: '传输线路瞬断' });
      expect(JSON.stringify(seen)).not.toContain('客户路由器故障');
      expect(JSON.stringify(seen)).not.toContain('customer_equipment');
      expect(seen.versions).toEqual([{ n: 1, kind: 'preliminary', status: 'submitted', stated: { cause: '传输线路瞬断' } }]);
      expect(seen.process).toEqual([{ at: 'a', action: 'intake', status: 'open' }]);
      expect(seen).not.toHaveProperty('clocks');
      expect(seen.scope.customer).toEqual({ id: 'c1', name: '甲银行' });
    });

    it('keeps the true category where no customer-facing cause was marked; nothing before a submission', () => {
      expect(forCustomer(report, false)!.cause).toEqual({ category: 'customer_equipment', segment: 'customer_premises', shown: '传输线路瞬断' });
      expect(forCustomer({ ...report, versions: [report.versions[1]] }, false)).toBeNull();
    });
  });
});
