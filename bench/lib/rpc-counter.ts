/**
 * A counting HTTP proxy in front of a JSON-RPC endpoint: every call the app makes to the chain goes
 * through it and is counted by method, whichever code path makes it (payment verifier, chain head,
 * SIWE's EIP-1271 check). An RPC provider bills and rate-limits per call, so calls are the figure.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTally, type Tally } from './tally.js';

/** JSON-RPC calls since the last reset, by method. */
export interface RpcCounter extends Tally {
  /** Point the app's CHAINS rpcUrl here. */
  url: string;
  close(): Promise<void>;
}

export async function startRpcCounter(upstream: string): Promise<RpcCounter> {
  const { tally, count } = createTally();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      for (const call of Array.isArray(parsed) ? parsed : [parsed]) {
        count(String((call as { method?: unknown }).method));
      }
      fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        .then(async (answer) => {
          response.writeHead(answer.status, { 'content-type': 'application/json' });
          response.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch((error: unknown) => {
          response.writeHead(502);
          response.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get counts() {
      return tally.counts;
    },
    total: tally.total,
    reset: tally.reset,
    describe: tally.describe,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
