import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('writes what arrives together in one batch, and what arrives while it is written in the next', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const commit = new GroupCommit<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      return items.map((i) => i * 10);
    });
    const first = [1, 2, 3].map((i) => commit.submit(i));
    await new Promise((r) => setImmediate(r));
    const second = [4, 5].map((i) => commit.submit(i));
    release();
    expect(await Promise.all([...first, ...second])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('rejects every caller of a failed batch and goes on with the next', async () => {
    let calls = 0;
    const commit = new GroupCommit<string, string>(async (items) => {
      calls += 1;
      if (calls === 1) throw new Error('database down');
      return items;
    });
    const failed = Promise.allSettled([commit.submit('a'), commit.submit('b')]);
    expect((await failed).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await commit.submit('c')).toBe('c');
  });

  it('splits a long queue into batches of at most maxBatch', async () => {
    const sizes: number[] = [];
    const commit = new GroupCommit<number, number>(async (items) => {
      sizes.push(items.length);
      return items;
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((i) => commit.submit(i)));
    expect(sizes).toEqual([2, 2, 1]);
  });
});
