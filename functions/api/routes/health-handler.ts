/**
 * The health handlers, without schemas: the app serves them directly (not through the lazily loaded
 * health router), so the first request of a cold start, often `GET /health`, loads no zod.
 * routes/health.ts documents both operations and serves these same handlers in its router.
 */
import type { Context } from 'hono';
import { checkHealth } from '#domain/health.js';
import type { HealthProbe } from '#ports/health.js';

/**
 * `GET /health`, liveness: this instance is up and configured. It touches no dependency, so an
 * uptime monitor or an anonymous caller polling it costs no database read, S3 request or RPC call.
 */
export function livenessHandler() {
  return (c: Context) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok' as const }, 200);
  };
}

/**
 * `GET /health/ready`, readiness: the secrets load (the probes wait for them) and the table, the bucket
 * and every chain answer; 503 naming any check that failed.
 */
export function readinessHandler(probes: readonly HealthProbe[]) {
  return async (c: Context) => {
    const report = await checkHealth(probes);
    c.header('Cache-Control', 'no-store');
    return report.status === 'ok' ? c.json(report, 200) : c.json(report, 503);
  };
}
