import { describe, expect, it } from 'vitest';
import { lazyRetrying } from '#shared/lazy-retrying.js';

describe('lazyRetrying', () => {
  it('runs the load once and gives every caller, concurrent or later, the same result', async () => {
    let runs = 0;
    const get = lazyRetrying(async () => {
      runs++;
      return { run: runs };
    });
    const [first, second] = await Promise.all([get(), get()]);
    expect(first).toBe(second);
    expect(await get()).toBe(first);
    expect(runs).toBe(1);
  });

  it('runs the load again after it failed, and shares the failure with the callers that waited on it', async () => {
    let runs = 0;
    const get = lazyRetrying(async () => {
      runs++;
      if (runs === 1) throw new Error('not yet');
      return 'ready';
    });
    const waiting = [get(), get()];
    for (const caller of waiting) await expect(caller).rejects.toThrow('not yet');
    expect(await get()).toBe('ready');
    expect(await get()).toBe('ready');
    expect(runs).toBe(2);
  });

  it('turns a load that throws before returning a promise into a rejection, and retries it', async () => {
    let runs = 0;
    const get = lazyRetrying((): Promise<number> => {
      runs++;
      if (runs === 1) throw new Error('synchronous');
      return Promise.resolve(runs);
    });
    await expect(get()).rejects.toThrow('synchronous');
    expect(await get()).toBe(2);
  });
});
