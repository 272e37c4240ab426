// Serialises asynchronous work per key (per member), so checks such as daily limits and the
// ledger write that follows them are not interleaved with another request of the same member.

/** Runs each task while holding every one of its keys (members' numbers). */
export interface MemberLocks {
  run<T>(keys: readonly string[], task: () => Promise<T>): Promise<T>;
}

/** Runs tasks one at a time per key, in arrival order, within this process. */
export class KeyedMutex implements MemberLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    const unique = [...new Set(keys)].sort();
    const previous = unique.map((k) => this.tails.get(k) ?? Promise.resolve());
    const result = Promise.allSettled(previous).then(task);
    const tail = result.catch(() => undefined);
    for (const k of unique) this.tails.set(k, tail);
    void tail.then(() => {
      for (const k of unique) if (this.tails.get(k) === tail) this.tails.delete(k);
    });
    return result;
  }
}
