import { missingNextYear } from './calendar-horizon.rules';

const bj = (local: string) => new Date(`${local}+08:00`);

describe("next year's schedule", () => {
  it('is reported from 1 November, Beijing time, while it is not loaded', () => {
    expect(missingNextYear(bj('2026-10-31T23:59:59'), [2025, 2026])).toBeNull();
    expect(missingNextYear(bj('2026-11-01T00:00:00'), [2025, 2026])).toBe(2027);
    // 2026-10-31T16:00Z is already 1 November in Beijing.
    expect(missingNextYear(new Date('2026-10-31T16:00:00Z'), [2026])).toBe(2027);
    expect(missingNextYear(new Date('2026-10-31T15:59:59Z'), [2026])).toBeNull();
    expect(missingNextYear(bj('2026-12-31T23:00:00'), [2026])).toBe(2027);
  });

  it('is not reported once loaded, nor in the new year before November', () => {
    expect(missingNextYear(bj('2026-11-15T10:00:00'), [2026, 2027])).toBeNull();
    expect(missingNextYear(bj('2027-01-02T10:00:00'), [2026])).toBeNull();
  });
});
