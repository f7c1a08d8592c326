import { assertMayRate } from './rating.rules';

describe('who may rate a ticket, and when', () => {
  const closed = { id: 't1', number: 'F1', customerId: 'c1', status: 'closed' as const };
  const code = (fn: () => void) => {
    try {
      fn();
      return undefined;
    } catch (err) {
      return (err as { code: string }).code;
    }
  };

  it("lets a user of the ticket's customer rate its closed ticket once", () => {
    expect(code(() => assertMayRate({ customerId: 'c1' }, closed, false))).toBeUndefined();
    expect(code(() => assertMayRate({ customerId: 'c1' }, closed, true))).toBe('TICKET_ALREADY_RATED');
  });

  it('refuses a ticket not closed, another customer (as not found) and staff', () => {
    for (const status of ['open', 'dispatched', 'suspended', 'restored', 'cancelled'] as const) {
      expect(code(() => assertMayRate({ customerId: 'c1' }, { ...closed, status }, false))).toBe('TICKET_NOT_CLOSED');
    }
    expect(code(() => assertMayRate({ customerId: 'c2' }, closed, false))).toBe('TICKET_NOT_FOUND');
    expect(code(() => assertMayRate({}, closed, false))).toBe('FORBIDDEN');
  });
});
