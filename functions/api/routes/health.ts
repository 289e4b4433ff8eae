/** GET /health (liveness) and GET /health/ready (dependencies checked): their documentation; see health-handler.ts. */
import { createRoute } from '@hono/zod-openapi';
import { jsonResponse } from '#api/http/openapi.js';
import { createRouter } from '#api/http/router.js';
import { z } from '#api/http/zod.js';
import type { HealthProbe } from '#ports/health.js';
import { livenessHandler, readinessHandler } from './health-handler.js';

const LivenessSchema = z
  .object({ status: z.literal('ok') })
  .openapi('Liveness', { example: { status: 'ok' } });

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

const livenessRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['Meta'],
  summary: 'Liveness',
  description: 'This instance is up and configured. Touches no dependency (see `/health/ready`).',
  responses: { 200: jsonResponse(LivenessSchema, 'The API is up') },
});

const readinessRoute = createRoute({
  method: 'get',
  path: '/health/ready',
  tags: ['Meta'],
  summary: 'Readiness: the secrets load; the table, the bucket and every chain answer',
  responses: {
    200: jsonResponse(HealthSchema, 'Every dependency answered'),
    503: jsonResponse(
      HealthSchema,
      'At least one dependency did not answer (named in `checks`); every check fails while the secrets cannot be read',
    ),
  },
});

/** The documented router (for /openapi.json and the route inventory); the app serves the same handlers. */
export function healthRoutes(probes: readonly HealthProbe[]) {
  // The handlers' bodies match the schemas; the response-contract tests (ajv) check it at run time.
  const live = livenessHandler();
  const ready = readinessHandler(probes);
  return createRouter()
    .openapi(livenessRoute, (c) => live(c) as never)
    .openapi(readinessRoute, (c) => ready(c) as never);
}
