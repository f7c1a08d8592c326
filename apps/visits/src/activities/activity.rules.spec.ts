import { assertActivityRecordable } from './activity.rules';

describe('activity rules', () => {
  it('records a planned activity once', () => {
    expect(assertActivityRecordable('planned')).toBe('done');
    expect(() => assertActivityRecordable('done')).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });
});
