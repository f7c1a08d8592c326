import { assertCan, DEFAULT_RESOLUTION_LIMITS, hotlineAnswerLate, isOpen, resolutionLimitMinutes } from './ticket.rules';

describe('ticket rules (§1)', () => {
  it('flags a hotline call answered after hotlineAnswerSeconds (40 s)', () => {
    expect(hotlineAnswerLate(40, { hotlineAnswerSeconds: 40 })).toBe(false);
    expect(hotlineAnswerLate(41, { hotlineAnswerSeconds: 40 })).toBe(true);
    expect(hotlineAnswerLate(25, { hotlineAnswerSeconds: 20 })).toBe(true);
  });

  it('takes the most specific resolution limit', () => {
    expect(resolutionLimitMinutes(DEFAULT_RESOLUTION_LIMITS, { serviceType: 'mstp', tier: 'gold', grade: 'AA' })).toBe(360);
    expect(resolutionLimitMinutes(DEFAULT_RESOLUTION_LIMITS, { serviceType: 'mstp', tier: 'diamond', grade: 'AAA' })).toBe(180);
    expect(resolutionLimitMinutes(DEFAULT_RESOLUTION_LIMITS, { serviceType: 'voice', tier: 'standard', grade: 'B' })).toBe(720);
  });

  it('closes only a restored ticket, resumes only a suspended one, and escalates to the province only before restoration', () => {
    expect(() => assertCan('close', 'dispatched')).toThrow(expect.objectContaining({ code: 'TICKET_NOT_RESTORED' }));
    expect(() => assertCan('resume', 'dispatched')).toThrow(expect.objectContaining({ code: 'TICKET_NOT_SUSPENDED' }));
    expect(() => assertCan('province-escalation', 'open')).not.toThrow();
    expect(() => assertCan('province-escalation', 'restored')).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    expect(isOpen('restored')).toBe(true);
    expect(isOpen('cancelled')).toBe(false);
  });
});
