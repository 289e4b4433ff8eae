/** Shared OpenAPI pieces: the error envelope schema and response helpers used by every route. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import type { AppEnv } from './env.js';
import { z } from './zod.js';

export const ErrorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'INVALID_INPUT' }),
      message: z.string().openapi({ example: 'Invalid json.name: Too small' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input',
  401: 'Not signed in, or the credentials are invalid, expired or revoked',
  403: 'Signed in but not allowed (e.g. missing token scope)',
  404: 'Not found (or not visible to the caller)',
  409: 'Conflict with the current state',
  412: 'The If-Match precondition failed',
  413: 'Request body too large',
  415: 'Unsupported content type',
  422: 'Well-formed but refused',
  429: 'Too many requests; see Retry-After',
  503: 'A dependency is unavailable; nothing was written; see Retry-After',
};

/** `responses` entries in the standard envelope for the given statuses. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/json': { schema: ErrorEnvelopeSchema } },
      },
    ]),
  );
}

/** A JSON response entry. */
export function jsonResponse<T extends ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

type Registry = OpenAPIHono<AppEnv>['openAPIRegistry'];

/**
 * Adds the statuses every route can answer whatever its own definition lists: 400 when it validates
 * any input (the shared validation hook answers INVALID_INPUT), 401 when it is secured (sign-in-first
 * and bad credentials), and for a route that takes a body 413 (the app-wide body limit,
 * PAYLOAD_TOO_LARGE) and 415 (the body validator refuses any other content type or a body without
 * one, UNSUPPORTED_MEDIA_TYPE). Run once after every sub-app is mounted, before the document is
 * served, so the document stays true as routes are added (test/hardening/fuzz.test.ts checks every
 * status).
 */
export function documentImplicitErrors(registry: Registry): void {
  for (const definition of registry.definitions) {
    if (definition.type !== 'route') continue;
    const { request, security, responses } = definition.route;
    const validates = Boolean(request?.params || request?.query || request?.headers || request?.body);
    const implicit = [
      ...(validates ? [400] : []),
      ...((security?.length ?? 0) > 0 ? [401] : []),
      ...(request?.body ? [413, 415] : []),
    ];
    const missing = implicit.filter((status) => !responses[status]);
    if (missing.length === 0) continue;
    // Re-sorted so the document lists statuses in order wherever they came from.
    definition.route.responses = Object.fromEntries(
      Object.entries({ ...responses, ...errorResponses(...missing) }).sort(([a], [b]) => a.localeCompare(b)),
    );
  }
}
