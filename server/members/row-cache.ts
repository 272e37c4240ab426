// A bounded in-memory copy of rows that only this process writes (members and their lists on the
// SQLite database, which one server process owns): reads are served from memory, every write of
// a key drops its copy, and the oldest copies go first when the bound is reached.

/** Most keys kept by default. */
export const ROW_CACHE_SIZE = 100_000;

/** Values by key, including "known absent" (null); `drop` after every write of the key. */
export class RowCache<T> {
  private readonly values = new Map<string, T | null>();

  constructor(private readonly limit = ROW_CACHE_SIZE) {}

  /** The kept value, null when known absent, undefined when not kept. */
  peek(key: string): T | null | undefined {
    return this.values.get(key);
  }

  /** Reads through `load(key)` when the key is not kept. */
  read(key: string, load: (key: string) => T | undefined): T | undefined {
    const kept = this.values.get(key);
    if (kept !== undefined) return kept ?? undefined;
    const value = load(key);
    if (this.values.size >= this.limit) this.values.delete(this.values.keys().next().value!);
    this.values.set(key, value ?? null);
    return value;
  }

  drop(key: string): void {
    this.values.delete(key);
  }
}
