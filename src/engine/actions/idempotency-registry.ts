/** The outcome of asking to run under a key: whether this call ran it, or got an earlier run's result. */
export interface KeyedOutcome<R> {
  result: R;
  replayed: boolean;
}

type Entry<R> = { state: 'in-flight'; promise: Promise<R> } | { state: 'done'; result: R };

/**
 * Runs each idempotency key's work at most once. A second call with a key in flight waits for the first
 * and shares its result; a call with a completed key gets the stored result. Double clicks, a second
 * window and a retried request therefore fire once. Keys whose work threw are released, so the operator
 * may try again.
 */
export class IdempotencyRegistry<R> {
  private readonly entries = new Map<string, Entry<R>>();

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Records a key completed earlier (from the audit log), so it does not fire again after a restart. */
  seed(key: string, result: R): void {
    if (!this.entries.has(key)) this.entries.set(key, { state: 'done', result });
  }

  async run(key: string, work: () => Promise<R>): Promise<KeyedOutcome<R>> {
    const entry = this.entries.get(key);
    if (entry?.state === 'done') return { result: entry.result, replayed: true };
    if (entry?.state === 'in-flight') return { result: await entry.promise, replayed: true };
    const promise = work();
    this.entries.set(key, { state: 'in-flight', promise });
    try {
      const result = await promise;
      this.entries.set(key, { state: 'done', result });
      return { result, replayed: false };
    } catch (err) {
      this.entries.delete(key);
      throw err;
    }
  }
}
