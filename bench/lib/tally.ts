/** Counts by name (DynamoDB operations, JSON-RPC methods), read and reset around one request. */
export interface Tally {
  /** Counts since the last reset, e.g. { GetItem: 1, Query: 1 }. */
  readonly counts: Readonly<Record<string, number>>;
  total(): number;
  reset(): void;
  /** The counts since the last reset as "GetItem 1, Query 1" (names sorted), or "none". */
  describe(): string;
}

/** A tally and the function that adds one to a name. */
export function createTally(): { tally: Tally; count(name: string): void } {
  let counts: Record<string, number> = {};
  return {
    count: (name) => {
      counts[name] = (counts[name] ?? 0) + 1;
    },
    tally: {
      get counts() {
        return counts;
      },
      total: () => Object.values(counts).reduce((sum, count) => sum + count, 0),
      reset: () => {
        counts = {};
      },
      describe: () =>
        Object.entries(counts)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, count]) => `${name} ${count}`)
          .join(', ') || 'none',
    },
  };
}
