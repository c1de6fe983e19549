/**
 * Group commit: items handed in while a write is under way wait for the next
 * one, so under load one transaction (and one sync to disk) carries a whole
 * batch, and each caller's promise settles only after the write that holds
 * its item has finished. Used where many small durable writes arrive at once
 * (votes, comments). `write` gets the batch in order (after `order`, if given)
 * and returns one outcome per item, in the same order; if it throws, every item
 * of that batch fails with the error.
 */
export class GroupCommit<In, Out> {
  private queue: { item: In; done: (o: Out) => void; failed: (err: unknown) => void }[] = [];
  private writing = false;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly write: (batch: In[]) => Promise<Out[]>;
  private readonly order?: (a: In, b: In) => number;

  constructor(opts: { maxBatch: number; write: (batch: In[]) => Promise<Out[]>; order?: (a: In, b: In) => number }) {
    this.maxBatch = opts.maxBatch;
    this.write = opts.write;
    this.order = opts.order;
  }

  submit(item: In): Promise<Out> {
    return new Promise((done, failed) => {
      this.queue.push({ item, done, failed });
      this.schedule();
    });
  }

  /** Resolves when everything handed in so far has been answered (for shutting down). */
  async drain(): Promise<void> {
    while (this.queue.length || this.writing) await new Promise((r) => setTimeout(r, 5));
  }

  private schedule(): void {
    if (this.writing || this.scheduled) return;
    this.scheduled = true;
    // The rest of this turn's requests join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.writing || !this.queue.length) return;
    this.writing = true;
    const batch = this.queue.splice(0, this.maxBatch);
    if (this.order) batch.sort((a, b) => this.order!(a.item, b.item));
    try {
      const outcomes = await this.write(batch.map((p) => p.item));
      batch.forEach((p, i) => p.done(outcomes[i]));
    } catch (err) {
      for (const p of batch) p.failed(err);
    } finally {
      this.writing = false;
      if (this.queue.length) this.schedule();
    }
  }
}
