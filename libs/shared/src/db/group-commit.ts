interface Waiting<I, O> {
  item: I;
  resolve: (out: O) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: writes that arrive while batches are on their way to the database wait and go together in the next,
 * as one statement or transaction. Under load a hundred concurrent requests cost one round trip instead of a hundred;
 * alone, a write goes out at once (after the current tick). Every caller gets its own result or its own error: when a
 * batch fails, each of its items is written again alone.
 */
export class GroupCommit<I, O> {
  private queue: Array<Waiting<I, O>> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    /** Writes the items together and returns their results in the same order. */
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 500,
    /** Batches written at the same time: more overlap the waits on the database, fewer make larger batches. */
    private readonly concurrency = 1,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.inFlight < this.concurrency && !this.scheduled) {
        this.scheduled = true;
        // Let the callers of this tick join the batch.
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight += 1;
      void this.writeBatch(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async writeBatch(batch: Array<Waiting<I, O>>): Promise<void> {
    try {
      const out = await this.write(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(out[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      // One item the database refuses must not fail its neighbours: each again on its own.
      await Promise.all(batch.map((w) => this.writeBatch([w])));
    }
  }
}
