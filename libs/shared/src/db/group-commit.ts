interface Waiting<I, O> {
  item: I;
  resolve: (out: O) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: writes that arrive while one batch is on its way to the database wait and go together in the next,
 * as one statement. Under load a hundred concurrent requests cost one round trip instead of a hundred; alone, a write
 * goes out at once (after the current tick). Every caller gets its own result, or the batch's error.
 */
export class GroupCommit<I, O> {
  private queue: Array<Waiting<I, O>> = [];
  private writing = false;

  constructor(
    /** Writes the items in one statement and returns their results in the same order. */
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 500,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    // Let the callers of this tick join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const out = await this.write(batch.map((w) => w.item));
        batch.forEach((w, i) => w.resolve(out[i]));
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.writing = false;
  }
}
