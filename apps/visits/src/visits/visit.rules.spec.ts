import { VISITS_SETTINGS_DEFAULTS } from '@app/shared';
import { assertVisitAction, crisisOfComplaint, crisisOfTicket, crisisVisitClock, crisisVisitOwner, followUpClock } from './visit.rules';

describe('visit rules', () => {
  it('planned → booked → done; planned or booked → cancelled; recorded from planned or booked', () => {
    expect(assertVisitAction('planned', 'book')).toBe('booked');
    expect(assertVisitAction('booked', 'book')).toBe('booked');
    expect(assertVisitAction('booked', 'record')).toBe('done');
    expect(assertVisitAction('planned', 'record')).toBe('done');
    expect(assertVisitAction('planned', 'cancel')).toBe('cancelled');
    expect(assertVisitAction('booked', 'cancel')).toBe('cancelled');
    for (const status of ['done', 'cancelled'] as const) {
      for (const action of ['book', 'record', 'cancel'] as const) {
        expect(() => assertVisitAction(status, action)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
      }
    }
  });

  it('a follow-up is due at the close of its own date, or within followUpWorkingDays; warned taskWarnWorkingDays before', () => {
    expect(followUpClock('2026-12-15', VISITS_SETTINGS_DEFAULTS)).toEqual({ limit: { endOfDay: '2026-12-15' }, warnWorkingDaysBefore: [1] });
    expect(followUpClock(undefined, { followUpWorkingDays: 4, taskWarnWorkingDays: 0 })).toEqual({ limit: { workingDays: 4 }, warnWorkingDaysBefore: [] });
  });

  it('a crisis visit is due within crisisVisitWorkingDays working days', () => {
    expect(crisisVisitClock(VISITS_SETTINGS_DEFAULTS).limit).toEqual({ workingDays: 3 });
    expect(crisisVisitClock({ crisisVisitWorkingDays: 5 }).limit).toEqual({ workingDays: 5 });
  });

  it('plans a crisis visit for a closed crisis-A or class-1 ticket and for an answered complaint, nothing else', () => {
    const ticket = { ticketId: 't', number: 'F1', customerId: 'c', action: 'close', at: '2026-11-02T02:00:00.000Z' };
    expect(crisisOfTicket({ ...ticket, crisisA: true })).toEqual({ type: 'ticket', id: 't', number: 'F1', customerId: 'c', at: ticket.at });
    expect(crisisOfTicket({ ...ticket, majorClasses: [3, 1] })).toMatchObject({ type: 'ticket' });
    expect(crisisOfTicket({ ...ticket, majorClasses: [2] })).toBeNull();
    expect(crisisOfTicket({ ...ticket, action: 'restore', crisisA: true })).toBeNull();
    const complaint = { complaintId: 'k', number: 'C1', customerId: 'c', at: ticket.at };
    expect(crisisOfComplaint({ ...complaint, action: 'answer' })).toMatchObject({ type: 'complaint', id: 'k' });
    expect(crisisOfComplaint({ ...complaint, action: 'resolve' })).toBeNull();
  });

  it("gives a crisis visit to the customer's engineer, else its manager", () => {
    expect(crisisVisitOwner({ customerEngineer: 'zhao', customerManager: 'wang' })).toBe('zhao');
    expect(crisisVisitOwner({ customerEngineer: null, customerManager: 'wang' })).toBe('wang');
    expect(crisisVisitOwner({ customerEngineer: null, customerManager: null })).toBe('unassigned');
  });
});
