/**
 * A local stand-in for Secrets Manager's GetSecretValue (JSON 1.1 protocol) so the real SDK client is
 * exercised end to end without AWS. It does not check signatures; it records which ids were asked for.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SecretsManagerStub {
  endpoint: string;
  requested: string[];
  close(): Promise<void>;
}

export async function startSecretsManagerStub(secrets: Record<string, string>): Promise<SecretsManagerStub> {
  const requested: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target !== 'secretsmanager.GetSecretValue' || typeof body.SecretId !== 'string') {
        response
          .writeHead(400)
          .end(JSON.stringify({ __type: 'InvalidRequestException', message: 'unsupported' }));
        return;
      }
      requested.push(body.SecretId);
      const value = secrets[body.SecretId];
      if (value === undefined) {
        response.writeHead(400).end(
          JSON.stringify({
            __type: 'ResourceNotFoundException',
            message: 'Secrets Manager can’t find the specified secret.',
          }),
        );
        return;
      }
      response
        .writeHead(200)
        .end(JSON.stringify({ ARN: body.SecretId, Name: body.SecretId, SecretString: value }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requested,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface SecretsExtensionStub {
  port: number;
  /** Secret ids asked for with the right token. */
  requested: string[];
  /** While true, requests get no answer (a stalled extension). */
  stall: boolean;
  close(): Promise<void>;
}

/**
 * A local stand-in for the Parameters and Secrets Lambda Extension's HTTP interface:
 * `GET /secretsmanager/get?secretId=…` with the `X-Aws-Parameters-Secrets-Token` header, answering
 * GetSecretValue's JSON (401 without the token, 400 for an unknown secret, as the extension does).
 */
export async function startSecretsExtensionStub(
  secrets: Record<string, string | { binary: string }>,
  token: string,
): Promise<SecretsExtensionStub> {
  const stub = { port: 0, requested: [] as string[], stall: false, close: async () => {} };
  const server: Server = createServer((request, response) => {
    if (stub.stall) return;
    const url = new URL(request.url ?? '/', 'http://localhost');
    const secretId = url.searchParams.get('secretId');
    if (request.headers['x-aws-parameters-secrets-token'] !== token) {
      response.writeHead(401).end('not authorized');
      return;
    }
    if (request.method !== 'GET' || url.pathname !== '/secretsmanager/get' || !secretId) {
      response.writeHead(400).end('unsupported');
      return;
    }
    stub.requested.push(secretId);
    const value = secrets[secretId];
    if (value === undefined) {
      response
        .writeHead(400)
        .end('ResourceNotFoundException: Secrets Manager can’t find the specified secret.');
      return;
    }
    const body =
      typeof value === 'string'
        ? { ARN: secretId, Name: secretId, SecretString: value }
        : { ARN: secretId, Name: secretId, SecretBinary: value.binary };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.port = (server.address() as AddressInfo).port;
  stub.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}
