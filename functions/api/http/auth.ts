/**
 * Authentication for every route: a bearer credential (session or API token) or the session cookie
 * puts the caller on the context; routes then demand what they need with `requireCaller`.
 * Cookie-authenticated state-changing requests must come from an allowed origin (CSRF defence;
 * bearer tokens are not sent by browsers on their own, so they need no such check). That includes the
 * few GETs that change state (a download grant is recorded and uses up a daily allowance): their
 * routes add `refuseForeignCookie`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AuthService } from '#domain/auth/auth-service.js';
import type { Caller, Scope } from '#domain/auth/caller.js';
import { ForbiddenError, UnauthorizedError } from '#domain/errors.js';
import type { AppEnv } from './env.js';

export const SESSION_COOKIE = 'mc_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `authService` is called only for requests that carry a credential (anonymous ones never load it). */
export function authenticate(
  authService: () => Promise<AuthService>,
  trustedOrigins: readonly string[],
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/.exec(header.trim());
      if (!match)
        throw new UnauthorizedError('Use "Authorization: Bearer <token>"', { code: 'CREDENTIAL_INVALID' });
      c.set('caller', await (await authService()).authenticate(match[1] as string));
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) {
        const origin = c.req.header('origin');
        if (!SAFE_METHODS.has(c.req.method)) {
          if (!origin || !trustedOrigins.includes(origin)) throw csrfRejected();
        } else if (fromForeignPage(origin, c.req.header('sec-fetch-site'), trustedOrigins)) {
          c.set('foreignCookie', true);
        }
        c.set('caller', await (await authService()).authenticate(cookie));
      }
    }
    await next();
  };
}

function csrfRejected(): ForbiddenError {
  return new ForbiddenError('Cookie-authenticated requests must come from an allowed origin', {
    code: 'CSRF_REJECTED',
  });
}

/**
 * Did a page we do not trust make this safe-method request? Browsers send `Origin` on cross-origin
 * fetches but not on same-origin GETs nor on navigations (a link, an `<img>`), so a GET without one is
 * judged by `Sec-Fetch-Site` (sent by current browsers): only `cross-site` is foreign, and a request
 * with neither header (curl, scripts) is not a browser's.
 */
function fromForeignPage(
  origin: string | undefined,
  fetchSite: string | undefined,
  trustedOrigins: readonly string[],
): boolean {
  if (origin !== undefined) return !trustedOrigins.includes(origin);
  return fetchSite === 'cross-site';
}

/**
 * Route middleware for a GET that changes state: a session cookie sent by a foreign page gets 403
 * CSRF_REJECTED, as it would for a POST, before anything is recorded. Bearer credentials and cookies
 * from our own or an allowed origin pass.
 */
export const refuseForeignCookie: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('foreignCookie')) throw csrfRejected();
  await next();
};

/**
 * The signed-in caller, with the scope the route needs.
 * @throws UnauthorizedError (401) when anonymous; ForbiddenError INSUFFICIENT_SCOPE (403) for a token without it.
 */
export function requireCaller(c: Context<AppEnv>, scope: Scope): Caller {
  const caller = c.get('caller');
  if (!caller) throw new UnauthorizedError('Sign in first', { code: 'UNAUTHENTICATED' });
  if (!caller.scopes.includes(scope)) {
    throw new ForbiddenError(`This API token lacks the "${scope}" scope`, {
      code: 'INSUFFICIENT_SCOPE',
      details: { scope },
    });
  }
  return caller;
}

/** The caller if signed in, else undefined (public routes that show more to owners). */
export function optionalCaller(c: Context<AppEnv>): Caller | undefined {
  return c.get('caller');
}

/** OpenAPI `security` for routes that need a caller. */
export const SIGNED_IN: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { cookieAuth: [] }];
