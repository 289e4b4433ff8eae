/**
 * HTTP load with autocannon: N keep-alive connections hammering one URL, the same driver for every
 * side of a comparison. Latencies are taken from each response's own timing (float ms) rather than
 * autocannon's histogram, which keeps whole milliseconds only — too coarse for sub-millisecond routes.
 */
import autocannon from 'autocannon';
import { quantile } from './stats.js';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Run for this long... */
  durationSeconds?: number;
  /** ...or send exactly this many requests. */
  amount?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A body per request (called in order), e.g. a fresh signed message each time. */
  nextBody?: () => string;
}

export interface LoadResult {
  requests: number;
  /** Requests answered per second, over the whole run. */
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  /** Responses that were not 2xx (a comparison is void unless this is 0). */
  non2xx: number;
  errors: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const started = performance.now();
  let done: (result: autocannon.Result) => void = () => {};
  let failed: (error: unknown) => void = () => {};
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const cannonOptions: autocannon.Options = {
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    ...(options.nextBody
      ? {
          requests: [
            {
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                body: (options.nextBody as () => string)(),
              }),
            },
          ],
        }
      : {}),
  };
  const instance = autocannon(cannonOptions, (error, result) => (error ? failed(error) : done(result)));
  let non2xx = 0;
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    else non2xx++;
  });
  const result = await finished;
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: latencies.length + non2xx,
    requestsPerSecond: (latencies.length + non2xx) / seconds,
    p50: quantile(latencies, 0.5),
    p90: quantile(latencies, 0.9),
    p99: quantile(latencies, 0.99),
    non2xx,
    errors: result.errors + result.timeouts,
  };
}
