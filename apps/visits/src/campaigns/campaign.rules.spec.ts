import { assertGenerates, isComplete, MAX_SCOPE_CUSTOMERS, percentDone, progress } from './campaign.rules';

describe('special service campaigns (§3, cases 27–32)', () => {
  it('count progress as done out of what was not cancelled, with two decimals', () => {
    expect(percentDone({ total: 3, done: 1, cancelled: 0 })).toBe(33.33);
    expect(percentDone({ total: 3, done: 2, cancelled: 1 })).toBe(100);
    expect(percentDone({ total: 2, done: 0, cancelled: 2 })).toBe(100);
    expect(
      progress([
        { kind: 'visit', status: 'done' },
        { kind: 'visit', status: 'open' },
        { kind: 'inspection', status: 'cancelled' },
      ]),
    ).toEqual({ total: 3, done: 1, cancelled: 1, percent: 50, byKind: { visit: { total: 2, done: 1, cancelled: 0 }, inspection: { total: 1, done: 0, cancelled: 1 } } });
  });

  it('count rows that stand for several items', () => {
    expect(progress([{ kind: 'visit', status: 'done', n: 3 }, { kind: 'visit', status: 'open', n: 1 }])).toMatchObject({ total: 4, done: 3, percent: 75 });
  });

  it('complete when every piece of work is done or cancelled', () => {
    expect(isComplete('open', [{ status: 'done' }, { status: 'cancelled' }])).toBe(true);
    expect(isComplete('open', [{ status: 'done' }, { status: 'open' }])).toBe(false);
    expect(isComplete('open', [])).toBe(false);
    expect(isComplete('cancelled', [{ status: 'done' }])).toBe(false);
  });

  it('must generate visits or inspections for at least one customer, and not too many', () => {
    expect(() => assertGenerates({}, 3)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => assertGenerates({ visits: {} }, 0)).toThrow(expect.objectContaining({ code: 'CAMPAIGN_SCOPE_EMPTY' }));
    expect(() => assertGenerates({ inspections: {} }, MAX_SCOPE_CUSTOMERS + 1)).toThrow(expect.objectContaining({ code: 'CAMPAIGN_SCOPE_EMPTY' }));
    expect(() => assertGenerates({ visits: {}, inspections: {} }, MAX_SCOPE_CUSTOMERS)).not.toThrow();
  });
});
