/** Sign-In with Ethereum: nonce → signed message → session (cookie and bearer token); sign-out. */
import { createRoute } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import { requireCaller, SESSION_COOKIE, SIGNED_IN } from '#api/http/auth.js';
import { clientAddress } from '#api/http/client-address.js';
import { errorResponses, jsonResponse } from '#api/http/openapi.js';
import { createRouter } from '#api/http/router.js';
import { z } from '#api/http/zod.js';
import type { AuthService } from '#domain/auth/auth-service.js';
import { METRIC_NAMES, type Metrics } from '#shared/metrics.js';

const NonceSchema = z.object({ nonce: z.string(), expiresAt: z.string().datetime() }).openapi('Nonce', {
  example: { nonce: '9f8a0c2e4b7d41a3b5c6d7e8f9a0b1c2', expiresAt: '2026-11-25T10:05:00.000Z' },
});

const VerifyBodySchema = z
  .object({
    message: z.string().min(1).openapi({ description: 'The EIP-4361 message exactly as signed' }),
    signature: z
      .string()
      .min(1)
      .max(10_000)
      .openapi({ description: '0x-prefixed signature (EOA or EIP-1271 wallet)' }),
  })
  .openapi('SignInRequest');

const SessionSchema = z
  .object({
    token: z.string().openapi({ description: 'Bearer token (also set as the HttpOnly session cookie)' }),
    address: z.string(),
    chainId: z.number().int(),
    expiresAt: z.string().datetime(),
  })
  .openapi('Session', {
    example: {
      token: 'mcs.k1.Zm9v….c2ln…',
      address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      chainId: 31337,
      expiresAt: '2026-11-26T10:00:00.000Z',
    },
  });

const nonceRoute = createRoute({
  method: 'get',
  path: '/auth/nonce',
  tags: ['Auth'],
  summary: 'A single-use sign-in nonce (valid for a few minutes)',
  responses: {
    200: jsonResponse(NonceSchema, 'Put this nonce in the SIWE message'),
    ...errorResponses(429, 503),
  },
});

const verifyRoute = createRoute({
  method: 'post',
  path: '/auth/verify',
  tags: ['Auth'],
  summary: 'Verify a signed SIWE message and open a session',
  description:
    'Checks the domain, scheme and URI against the API origin, the chain id against the allow-list, issuedAt/expirationTime/notBefore, ' +
    'the signature (EOA, or EIP-1271 contract wallet), then consumes the nonce exactly once. Failures answer 401 with a distinct code: ' +
    'MALFORMED, DOMAIN_MISMATCH, SCHEME_MISMATCH, URI_MISMATCH, CHAIN_UNSUPPORTED, ISSUED_IN_FUTURE, MESSAGE_TOO_OLD, MESSAGE_EXPIRED, ' +
    'MESSAGE_NOT_YET_VALID, NONCE_INVALID, SIGNATURE_INVALID. Messages above 4 KiB answer 413 MESSAGE_TOO_LARGE.',
  request: { body: { required: true, content: { 'application/json': { schema: VerifyBodySchema } } } },
  responses: {
    200: jsonResponse(SessionSchema, 'Signed in; the session cookie is set too'),
    ...errorResponses(400, 401, 413, 429, 503),
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['Auth'],
  summary: 'Revoke the current session everywhere',
  security: SIGNED_IN,
  responses: { 204: { description: 'Signed out' }, ...errorResponses(401, 403, 429, 503) },
});

export function authRoutes(auth: AuthService, metrics: Metrics) {
  const router = createRouter();
  router.use('/auth/*', async (c, next) => {
    await auth.throttle(clientAddress(c));
    await next();
  });
  return router
    .openapi(nonceRoute, async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await auth.issueNonce(), 200);
    })
    .openapi(verifyRoute, async (c) => {
      const { message, signature } = c.req.valid('json');
      const session = await auth.signIn(message, signature);
      metrics.count(METRIC_NAMES.signIns);
      setCookie(c, SESSION_COOKIE, session.token, {
        httpOnly: true,
        // Browsers honour Secure cookies on http://localhost too, so this holds locally as well.
        secure: true,
        sameSite: 'Lax',
        path: '/',
        expires: new Date(session.expiresAt),
      });
      c.header('Cache-Control', 'no-store');
      return c.json(session, 200);
    })
    .openapi(logoutRoute, async (c) => {
      await auth.signOut(requireCaller(c, 'read'));
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
      return c.body(null, 204);
    });
}
