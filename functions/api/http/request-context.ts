/**
 * Request id and per-request logger on every request, plus one structured access-log line. The id is
 * the client's X-Request-Id when it is safe, else API Gateway's own request id (so our log lines and
 * the gateway's access log join on one id), else a fresh UUID.
 */
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '#shared/logging.js';
import type { AppEnv } from './env.js';
import { editResponseHeaders } from './response-headers.js';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:=-]{8,128}$/;

/** What `hono/aws-lambda` puts in `c.env` for an API Gateway v2 event. */
interface GatewayBindings {
  event?: { requestContext?: { requestId?: string } };
}

export function requestContext(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const gateway = (c.env as GatewayBindings | undefined)?.event?.requestContext?.requestId;
    const requestId =
      incoming && SAFE_REQUEST_ID.test(incoming)
        ? incoming
        : gateway && SAFE_REQUEST_ID.test(gateway)
          ? gateway
          : crypto.randomUUID();
    const requestLogger = logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('logger', requestLogger);
    const started = performance.now();
    await next();
    editResponseHeaders(c, (headers) => headers.set('X-Request-Id', requestId));
    requestLogger.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
