/**
 * Runs `load` on the first call and hands every caller the same promise; if it rejects, the next call
 * runs `load` again. For what an instance builds once on first use (its app, its services, its
 * secrets): a dependency that failed for a moment must not leave the instance broken for its lifetime.
 */
export function lazyRetrying<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    if (!pending) {
      const attempt = Promise.resolve().then(load);
      pending = attempt;
      attempt.catch(() => {
        if (pending === attempt) pending = undefined;
      });
    }
    return pending;
  };
}
