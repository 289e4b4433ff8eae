/** Liveness with dependencies: every probe runs in parallel under one deadline. */
import type { HealthProbe } from '#ports/health.js';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, { ok: boolean; latencyMs: number; error?: string }>;
}

export async function checkHealth(probes: readonly HealthProbe[], timeoutMs = 2000): Promise<HealthReport> {
  const results = await Promise.all(
    probes.map(async (probe) => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          probe.check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [probe.name, { ok: true, latencyMs: Math.round(performance.now() - started) }] as const;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return [
          probe.name,
          { ok: false, latencyMs: Math.round(performance.now() - started), error: message },
        ] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const checks = Object.fromEntries(results);
  return { status: results.every(([, result]) => result.ok) ? 'ok' : 'unavailable', checks };
}
