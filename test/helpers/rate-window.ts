/**
 * The /auth rate limit counts in fixed windows (shared/adapters/dynamodb/rate-limiter.ts). A test that
 * fills a window and then expects 429 fails if the window ends in between; this waits, when the
 * current window has less than `marginSeconds` left, until the next one starts.
 */
export async function awayFromWindowEdge(windowSeconds: number, marginSeconds: number): Promise<void> {
  const intoWindowMs = Date.now() % (windowSeconds * 1000);
  const leftMs = windowSeconds * 1000 - intoWindowMs;
  if (leftMs < marginSeconds * 1000) await new Promise((resolve) => setTimeout(resolve, leftMs + 50));
}
