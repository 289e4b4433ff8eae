/** The signed-in account: who am I, and API tokens for scripts. */
import { createRoute } from '@hono/zod-openapi';
import { requireCaller, SIGNED_IN } from '#api/http/auth.js';
import { errorResponses, jsonResponse } from '#api/http/openapi.js';
import { createRouter } from '#api/http/router.js';
import { z } from '#api/http/zod.js';
import type { AuthService } from '#domain/auth/auth-service.js';
import { SCOPES } from '#domain/auth/caller.js';

const MeSchema = z
  .object({
    address: z.string(),
    chainId: z.number().int(),
    authKind: z.enum(['session', 'token']),
    scopes: z.array(z.enum(SCOPES)),
  })
  .openapi('Me', {
    example: {
      address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      chainId: 31337,
      authKind: 'session',
      scopes: ['read', 'publish', 'purchase'],
    },
  });

const ApiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.enum(SCOPES)),
    createdAt: z.string().datetime(),
    expiresAt: z.string().datetime(),
    revoked: z.boolean(),
  })
  .openapi('ApiToken');

const CreateTokenSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(SCOPES)).min(1).max(SCOPES.length),
    expiresInDays: z.number().int().min(1).max(365).default(30),
  })
  .openapi('CreateApiTokenRequest', {
    example: { name: 'ci-publisher', scopes: ['read', 'publish'], expiresInDays: 90 },
  });

const CreatedTokenSchema = z
  .object({
    token: z.string().openapi({ description: 'The secret; shown only in this response' }),
    apiToken: ApiTokenSchema,
  })
  .openapi('CreatedApiToken');

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['Auth'],
  summary: 'Who is signed in',
  security: SIGNED_IN,
  responses: { 200: jsonResponse(MeSchema, 'The caller'), ...errorResponses(401, 503) },
});

const createTokenRoute = createRoute({
  method: 'post',
  path: '/me/tokens',
  tags: ['Auth'],
  summary: 'Create an API token (wallet session only); the secret is returned once',
  security: SIGNED_IN,
  request: { body: { required: true, content: { 'application/json': { schema: CreateTokenSchema } } } },
  responses: { 201: jsonResponse(CreatedTokenSchema, 'Created'), ...errorResponses(400, 401, 403, 409, 503) },
});

const listTokensRoute = createRoute({
  method: 'get',
  path: '/me/tokens',
  tags: ['Auth'],
  summary: 'My API tokens (never their secrets)',
  security: SIGNED_IN,
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(ApiTokenSchema), nextCursor: z.null() }),
      'Tokens, newest first',
    ),
    ...errorResponses(401, 503),
  },
});

const revokeTokenRoute = createRoute({
  method: 'delete',
  path: '/me/tokens/{tokenId}',
  tags: ['Auth'],
  summary: 'Revoke one of my API tokens (wallet session only)',
  security: SIGNED_IN,
  request: { params: z.object({ tokenId: z.string().regex(/^[0-9a-f]{24}$/) }) },
  responses: { 204: { description: 'Revoked' }, ...errorResponses(400, 401, 403, 404, 503) },
});

export function meRoutes(auth: AuthService) {
  return createRouter()
    .openapi(meRoute, (c) => {
      const caller = requireCaller(c, 'read');
      return c.json(
        {
          address: caller.address,
          chainId: caller.chainId,
          authKind: caller.authKind,
          scopes: [...caller.scopes],
        },
        200,
      );
    })
    .openapi(createTokenRoute, async (c) => {
      const created = await auth.createApiToken(requireCaller(c, 'read'), c.req.valid('json'));
      c.header('Cache-Control', 'no-store');
      return c.json(created, 201);
    })
    .openapi(listTokensRoute, async (c) => {
      const items = await auth.listApiTokens(requireCaller(c, 'read'));
      return c.json({ items, nextCursor: null }, 200);
    })
    .openapi(revokeTokenRoute, async (c) => {
      await auth.revokeApiToken(requireCaller(c, 'read'), c.req.valid('param').tokenId);
      return c.body(null, 204);
    });
}
