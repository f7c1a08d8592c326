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

  it('a failed batch is written again item by item: only the item the database refuses fails', async () => {
    const batches: string[][] = [];
    const commit = new GroupCommit<string, string>(async (items) => {
      batches.push(items);
      if (items.includes('poison')) throw new Error('invalid byte sequence');
      return items.map((i) => i.toUpperCase());
    });
    const settled = await Promise.allSettled(['a', 'poison', 'b'].map((i) => commit.submit(i)));
    expect(settled).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: new Error('invalid byte sequence') },
      { status: 'fulfilled', value: 'B' },
    ]);
    expect(batches).toEqual([['a', 'poison', 'b'], ['a'], ['poison'], ['b']]);
    expect(await commit.submit('c')).toBe('C');
  });

  it('when the database is down every caller gets the error', async () => {
    const commit = new GroupCommit<string, string>(async () => {
      throw new Error('database down');
    });
    const settled = await Promise.allSettled([commit.submit('a'), commit.submit('b')]);
    expect(settled.map((r) => r.status)).toEqual(['rejected', 'rejected']);
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

describe('GroupCommit with concurrency', () => {
  it('writes up to `concurrency` batches at once, the rest waiting for one to finish', async () => {
    let running = 0;
    let most = 0;
    const gates: Array<() => void> = [];
    const commit = new GroupCommit<number, number>(
      async (items) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((r) => gates.push(r));
        running -= 1;
        return items;
      },
      1,
      2,
    );
    const all = Promise.all([1, 2, 3, 4].map((i) => commit.submit(i)));
    await new Promise((r) => setImmediate(r));
    expect(gates).toHaveLength(2);
    while (gates.length > 0) {
      gates.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    expect(await all).toEqual([1, 2, 3, 4]);
    expect(most).toBe(2);
  });
});
