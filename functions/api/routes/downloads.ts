/** Gated downloads: a short-lived presigned GET for the owner, contributors and licence holders. */
import { createRoute } from '@hono/zod-openapi';
import { refuseForeignCookie, requireCaller, SIGNED_IN } from '#api/http/auth.js';
import { errorResponses, jsonResponse } from '#api/http/openapi.js';
import { createRouter } from '#api/http/router.js';
import { z } from '#api/http/zod.js';
import type { DownloadService } from '#domain/purchases/download-service.js';
import { VersionParams } from './catalogue-schemas.js';
import { DownloadSchema } from './purchase-schemas.js';

const download = createRoute({
  method: 'get',
  path: '/models/{modelId}/versions/{version}/files/{path}/download',
  tags: ['Purchases'],
  summary: 'A presigned download URL for one file (≤ 5 minutes; Range requests resume)',
  description:
    'The file is named by its path inside the version, URL-encoded as one segment (`weights%2Fmodel.safetensors`). ' +
    'Allowed for the owner, contributors, and holders of an active licence covering this version; anyone else gets 404. ' +
    'Each grant is recorded; licence holders have a daily allowance per licence (429 beyond it). ' +
    'Because it records a grant, a session-cookie request from a foreign page (an Origin that is not ' +
    'allowed, or `Sec-Fetch-Site: cross-site`) gets 403 CSRF_REJECTED, as a POST would.',
  security: SIGNED_IN,
  // A GET that writes: the cookie CSRF rule of the state-changing methods applies (http/auth.ts).
  middleware: [refuseForeignCookie] as const,
  request: {
    params: VersionParams.extend({
      path: z
        .string()
        .min(1)
        .max(1024)
        .openapi({ param: { name: 'path', in: 'path' }, example: 'weights%2Fmodel.bin' }),
    }),
  },
  responses: {
    200: jsonResponse(DownloadSchema, 'Download from `url`'),
    ...errorResponses(400, 401, 403, 404, 429, 503),
  },
});

export function downloadRoutes(downloads: DownloadService) {
  return createRouter().openapi(download, async (c) => {
    const { modelId, version, path } = c.req.valid('param');
    const grant = await downloads.grant(requireCaller(c, 'read'), modelId, version, path);
    c.header('Cache-Control', 'no-store');
    return c.json(grant, 200);
  });
}
