/**
 * The local HTTP server for `npm start`: the app on `host`:`port`, where `host` is 127.0.0.1 unless
 * the user sets `HOST` (0.0.0.0 to reach it from other machines, e.g. a phone on the same network).
 */
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';

/** Serves `fetch` on `host`:`port`; resolves once it is listening. */
export function serveLocally(
  fetch: (request: Request) => Response | Promise<Response>,
  options: { port: number; host: string },
): Promise<{ server: ServerType; address: AddressInfo }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: options.port, hostname: options.host }, (address) =>
      resolve({ server, address }),
    );
    server.once('error', reject);
  });
}
