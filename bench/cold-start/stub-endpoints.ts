/**
 * One local HTTP server standing in for every dependency the API touches on a cold start — the
 * Parameters and Secrets extension (`GET /secretsmanager/get`), Secrets Manager itself (GetSecretValue,
 * for the SDK-reader variant), DynamoDB (GetItem → no item, Query → no items), S3 (HeadBucket → 200) and JSON-RPC
 * (`eth_chainId`) — answering instantly, so `GET /health` is 200 on every run and the timings measure
 * our process, not a network.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubEndpoints {
  url: string;
  port: number;
  counts: Record<'extension' | 'secretsmanager' | 'dynamodb' | 's3' | 'rpc', number>;
  close(): Promise<void>;
}

export async function startStubEndpoints(options: {
  chainId: number;
  secrets: Record<string, string>;
  /** The AWS_SESSION_TOKEN the extension requires in `X-Aws-Parameters-Secrets-Token`. */
  extensionToken: string;
}): Promise<StubEndpoints> {
  const counts = { extension: 0, secretsmanager: 0, dynamodb: 0, s3: 0, rpc: 0 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = String(request.headers['x-amz-target'] ?? '');
      if (request.method === 'GET' && request.url?.startsWith('/secretsmanager/get?')) {
        counts.extension++;
        const secretId = new URL(request.url, 'http://localhost').searchParams.get('secretId') ?? '';
        const value = options.secrets[secretId];
        if (
          value === undefined ||
          request.headers['x-aws-parameters-secrets-token'] !== options.extensionToken
        ) {
          response.writeHead(400).end('not found');
        } else {
          response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ ARN: secretId, Name: secretId, SecretString: value }));
        }
        return;
      }
      if (target.startsWith('secretsmanager.')) {
        counts.secretsmanager++;
        const { SecretId } = JSON.parse(body) as { SecretId: string };
        const value = options.secrets[SecretId];
        response.setHeader('content-type', 'application/x-amz-json-1.1');
        if (value === undefined) {
          response
            .writeHead(400)
            .end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'not found' }));
        } else {
          response.writeHead(200).end(JSON.stringify({ ARN: SecretId, Name: SecretId, SecretString: value }));
        }
        return;
      }
      if (target.startsWith('DynamoDB_')) {
        counts.dynamodb++;
        response.setHeader('content-type', 'application/x-amz-json-1.0');
        // An empty table: GetItem finds nothing, Query returns no items.
        const empty = target.endsWith('.Query') ? { Items: [], Count: 0, ScannedCount: 0 } : {};
        response.writeHead(200).end(JSON.stringify(empty));
        return;
      }
      if (request.method === 'POST' && body.includes('"jsonrpc"')) {
        counts.rpc++;
        const answer = (call: { id: unknown; method: string }) => ({
          jsonrpc: '2.0',
          id: call.id,
          result: call.method === 'eth_chainId' ? `0x${options.chainId.toString(16)}` : null,
        });
        const parsed = JSON.parse(body) as
          | { id: unknown; method: string }
          | Array<{ id: unknown; method: string }>;
        response.setHeader('content-type', 'application/json');
        response
          .writeHead(200)
          .end(JSON.stringify(Array.isArray(parsed) ? parsed.map(answer) : answer(parsed)));
        return;
      }
      counts.s3++;
      response.writeHead(200, { 'x-amz-bucket-region': 'us-east-1' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    counts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
