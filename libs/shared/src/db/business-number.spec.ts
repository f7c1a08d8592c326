import { businessNumber } from './business-number';

describe('businessNumber', () => {
  it('uses the Beijing date, which is a day ahead of UTC late in the evening', () => {
    expect(businessNumber('F', new Date('2026-11-21T17:30:00Z'), 42)).toBe('F20261122000042');
  });

  it('uses the UTC date when Beijing is on the same day', () => {
    expect(businessNumber('F', new Date('2026-11-21T15:59:59Z'), 1)).toBe('F20261121000001');
  });
});
