import { jsonDepth, mayNestDeeperThan } from './json-body';

describe('the nesting bound of a JSON body', () => {
  it('needs the walk only when the text has more opening brackets than the bound', () => {
    expect(mayNestDeeperThan('{"a":{"b":[1,2]}}', 3)).toBe(false);
    expect(mayNestDeeperThan('{"a":{"b":[1,{}]}}', 3)).toBe(true);
    // Brackets in strings count too: the walk then decides.
    expect(mayNestDeeperThan('{"a":"{{{{"}', 3)).toBe(true);
    expect(jsonDepth('{"a":"{{{{"}', 3)).toBe(1);
  });

  it('never skips a body that does nest deeper', () => {
    for (const depth of [1, 2, 5, 32, 33, 100]) {
      const text = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const deeper = jsonDepth(text) > 32;
      expect(deeper).toBe(depth > 32);
      if (deeper) expect(mayNestDeeperThan(text, 32)).toBe(true);
    }
  });
});
