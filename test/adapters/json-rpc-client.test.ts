/**
 * The JSON-RPC client against anvil (the real answers) and against a local HTTP server that misbehaves
 * the ways RPC providers do: error objects, gateways' HTML errors, stalls, wrong ids, credentials in URLs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvmChainGateway } from '#adapters/chain/evm-chain-gateway.js';
import { JsonRpcClient, JsonRpcError } from '#adapters/chain/json-rpc-client.js';
import { DependencyError } from '#domain/errors.js';
import { stack } from '#test/helpers/stack.js';

type Behaviour = (
  request: { body: string; headers: IncomingMessage['headers'] },
  response: ServerResponse,
) => void;
let behaviour: Behaviour = () => {};
let baseUrl = '';
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () =>
    behaviour({ body: Buffer.concat(chunks).toString(), headers: request.headers }, response),
  );
});
const clients: JsonRpcClient[] = [];
function client(url = baseUrl, timeoutMs = 1000) {
  const created = new JsonRpcClient(url, timeoutMs);
  clients.push(created);
  return created;
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const created of clients) created.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('JsonRpcClient', () => {
  it('reads anvil: chain id and block number, many calls over one keep-alive client', async () => {
    const anvil = client(stack().rpcUrl);
    const answers = await Promise.all(Array.from({ length: 10 }, () => anvil.call('eth_chainId', [])));
    expect(new Set(answers)).toEqual(new Set([`0x${stack().chainId.toString(16)}`]));
    expect(String(await anvil.call('eth_blockNumber', []))).toMatch(/^0x[0-9a-f]+$/);
  });

  it('surfaces a node error answer as JsonRpcError with the node message and code', async () => {
    const anvil = client(stack().rpcUrl);
    const error = await anvil.call('eth_sendRawTransaction', ['0x1234']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JsonRpcError);
    expect((error as JsonRpcError).code).toBeTypeOf('number');
    expect((error as JsonRpcError).message).toMatch(/^eth_sendRawTransaction: /);
  });

  it('rejects an HTML error page, a wrong id, a non-object and a missing result', async () => {
    const answers: Array<[number, string]> = [
      [502, '<html>Bad gateway</html>'],
      [200, JSON.stringify({ jsonrpc: '2.0', id: 999, result: '0x1' })],
      [200, '[1,2]'],
      [200, JSON.stringify({ jsonrpc: '2.0', id: 1 })],
      [200, 'not json'],
    ];
    for (const [status, body] of answers) {
      behaviour = (_request, response) => response.writeHead(status).end(body);
      await expect(client().call('eth_chainId', [])).rejects.toThrowError(Error);
    }
  });

  it('gives up after its timeout on an endpoint that never answers (and on one that trickles)', async () => {
    behaviour = () => {};
    const started = Date.now();
    await expect(client(baseUrl, 300).call('eth_chainId', [])).rejects.toThrowError(/timed out/);
    expect(Date.now() - started).toBeLessThan(1500);
    behaviour = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const trickle = setInterval(() => response.write(' '), 50);
      response.on('close', () => clearInterval(trickle));
    };
    await expect(client(baseUrl, 300).call('eth_chainId', [])).rejects.toThrowError(/timed out|closed/);
  });

  it('sends credentials from the URL as basic auth, never in the URL', async () => {
    let seen: IncomingMessage['headers'] = {};
    behaviour = ({ body, headers }, response) => {
      seen = headers;
      const { id } = JSON.parse(body) as { id: number };
      response.writeHead(200).end(JSON.stringify({ jsonrpc: '2.0', id, result: '0x1' }));
    };
    const url = new URL(baseUrl);
    url.username = 'project';
    url.password = 'key/with:chars';
    expect(await client(url.toString()).call('eth_chainId', [])).toBe('0x1');
    expect(seen.authorization).toBe(`Basic ${Buffer.from('project:key/with:chars').toString('base64')}`);
  });

  it('EvmChainGateway turns a node error answer into DependencyError keeping the node message', async () => {
    const gateway = new EvmChainGateway([{ chainId: stack().chainId, rpcUrl: stack().rpcUrl }]);
    const error = await gateway
      .rpc(stack().chainId, 'eth_sendRawTransaction', ['0x1234'])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DependencyError);
    expect((error as DependencyError).cause).toBeInstanceOf(JsonRpcError);
    await gateway.destroy();
  });
});
