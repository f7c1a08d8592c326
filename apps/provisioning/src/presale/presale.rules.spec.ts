import { AppError } from '@app/shared';
import { assertCheckBacks, checkValidUntil } from './presale.rules';

describe('resource checks (§2.1)', () => {
  it('are valid until the same day next month', () => {
    expect(checkValidUntil(new Date('2026-11-22T02:00:00Z'), 1).toISOString()).toBe('2026-12-22T02:00:00.000Z');
  });

  it('end at the end of a shorter month', () => {
    expect(checkValidUntil(new Date('2027-01-31T02:00:00Z'), 1).toISOString()).toBe('2027-02-28T02:00:00.000Z');
  });

  it('follow the configured number of months', () => {
    expect(checkValidUntil(new Date('2026-11-22T02:00:00Z'), 2).toISOString()).toBe('2027-01-22T02:00:00.000Z');
  });

  it('back an order of the same customer until they expire, and not a second later', () => {
    const check = { id: 'c', customerId: 'k', validUntil: new Date('2026-12-22T02:00:00Z') };
    expect(() => assertCheckBacks(check, 'c', 'k', new Date('2026-12-22T01:59:59Z'))).not.toThrow();
    expect(() => assertCheckBacks(check, 'c', 'k', new Date('2026-12-22T02:00:00Z'))).toThrow(expect.objectContaining({ code: 'RESOURCE_CHECK_INVALID' }));
    expect(() => assertCheckBacks(check, 'c', 'other', new Date('2026-12-01T00:00:00Z'))).toThrow(AppError);
    expect(() => assertCheckBacks(null, 'c', 'k', new Date('2026-12-01T00:00:00Z'))).toThrow(AppError);
  });
});
