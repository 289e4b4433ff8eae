/** GET /health: liveness with the table, bucket and chains checked. */
import { createRoute, z } from '@hono/zod-openapi';
import { checkHealth } from '../../../shared/domain/health.js';
import type { HealthProbe } from '../../../shared/ports/health.js';
import { createRouter } from '../http/env.js';
import { jsonResponse } from '../http/openapi.js';

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    checks: z.record(
      z.string(),
      z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() }),
    ),
  })
  .openapi('Health', {
    example: {
      status: 'ok',
      checks: {
        dynamodb: { ok: true, latencyMs: 4 },
        s3: { ok: true, latencyMs: 3 },
        'chain:31337': { ok: true, latencyMs: 2 },
      },
    },
  });

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['Meta'],
  summary: 'Liveness with dependencies',
  responses: {
    200: jsonResponse(HealthSchema, 'Every dependency answered'),
    503: jsonResponse(HealthSchema, 'At least one dependency did not answer (named in `checks`)'),
  },
});

export function healthRoutes(probes: readonly HealthProbe[]) {
  return createRouter().openapi(healthRoute, async (c) => {
    const report = await checkHealth(probes);
    c.header('Cache-Control', 'no-store');
    return report.status === 'ok' ? c.json(report, 200) : c.json(report, 503);
  });
}
