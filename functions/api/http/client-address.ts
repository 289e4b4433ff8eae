/**
 * The client's network address, for per-client rate limits. Behind API Gateway it is the source IP
 * the gateway saw (clients cannot forge it); on the local Node server, the socket's peer. Forwarded-for
 * headers are never trusted.
 */
import type { Context } from 'hono';

interface LambdaBindings {
  event?: { requestContext?: { http?: { sourceIp?: string } } };
}
interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

export function clientAddress(c: Context): string {
  const env = c.env as (LambdaBindings & NodeBindings) | undefined;
  return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
