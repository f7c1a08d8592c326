import { DialTestResultBody, DialTestView, QUALITY_SETTINGS_DEFAULTS } from '@app/shared';
import { answerDeadline, forCustomer, resultOf, resultProblems } from './dial-test.rules';

const base: DialTestResultBody = { dialTestId: 'd', outcome: 'failed', startedAt: '2026-11-02T02:00:00Z', finishedAt: '2026-11-02T02:01:00Z' };
const hops = (n: number) => ({ hops: Array.from({ length: n }, (_, i) => ({ hop: i + 1, address: `10.0.0.${i + 1}` })) });

describe('dial test results', () => {
  it('carry the measurements of their kind', () => {
    expect(resultProblems('ping', { ...base, ping: { sent: 10, received: 9 } }, 64)).toEqual([]);
    expect(resultProblems('throughput', { ...base, ping: { sent: 10, received: 9 } }, 64)).toEqual([{ field: 'throughput', reason: "a throughput test's result must carry throughput" }]);
    expect(resultProblems('ping', { ...base, ping: { sent: 10, received: 11 } }, 64)).toEqual([{ field: 'ping.received', reason: 'must not be more than sent' }]);
    expect(resultProblems('ping', { ...base, finishedAt: '2026-11-02T01:59:00Z', ping: { sent: 1, received: 1 } }, 64)).toEqual([{ field: 'finishedAt', reason: 'must not be before startedAt' }]);
  });

  it('list at most 64 hops on a path (the default of maxPathHops)', () => {
    expect(QUALITY_SETTINGS_DEFAULTS.maxPathHops).toBe(64);
    expect(resultProblems('path', { ...base, path: hops(64) }, QUALITY_SETTINGS_DEFAULTS.maxPathHops)).toEqual([]);
    expect(resultProblems('path', { ...base, path: hops(65) }, QUALITY_SETTINGS_DEFAULTS.maxPathHops)).toEqual([{ field: 'path.hops', reason: 'at most 64 hops (setting maxPathHops)' }]);
  });

  it('keep only what was measured', () => {
    expect(resultOf({ ...base, throughput: { downMbps: 90, upMbps: 80 }, faultySegment: 'backbone' })).toEqual({ throughput: { downMbps: 90, upMbps: 80 }, faultySegment: 'backbone' });
  });

  it("show a customer's user no one's name, no probe, no path and no probe's words", () => {
    const staff: DialTestView = {
      dialTestId: 'd',
      kind: 'path',
      status: 'failed',
      circuitId: 'c',
      circuitCode: 'C-1',
      customerId: 'k',
      requestedBy: 'noc1',
      source: 'probe',
      note: 'look at Z',
      path: hops(2),
      faultyHop: 2,
      faultySegment: 'z_access',
      detail: 'hop 2 silent',
    };
    expect(forCustomer(staff)).toEqual({ dialTestId: 'd', kind: 'path', status: 'failed', circuitId: 'c', circuitCode: 'C-1', customerId: 'k', faultySegment: 'z_access' });
  });

  it('at most 3 tests wait per circuit by default (maxPendingDialTests)', () => {
    expect(QUALITY_SETTINGS_DEFAULTS.maxPendingDialTests).toBe(3);
  });

  it('expire a request asked for dialTestAnswerMinutes (30) ago or earlier', () => {
    expect(QUALITY_SETTINGS_DEFAULTS.dialTestAnswerMinutes).toBe(30);
    expect(answerDeadline(new Date('2026-11-02T02:30:00Z'), 30)).toEqual(new Date('2026-11-02T02:00:00Z'));
  });
});
