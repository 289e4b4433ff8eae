/**
 * A `SecretReader` backed by the AWS Parameters and Secrets Lambda Extension: a layer whose process
 * serves Secrets Manager values (cached) on localhost. One plain HTTP GET per secret, so the API's
 * cold start loads no Secrets Manager client and signs no request (bench/cold-start.ts measured the
 * SDK client at ≈ 45 ms of a ≈ 300 ms cold start). The extension answers only during an invocation,
 * never during INIT: the API reads on the first request that needs a secret (functions/api/handler.ts).
 */
import { request } from 'node:http';
import type { SecretReader } from './secret-env.js';

export interface ExtensionReaderOptions {
  /** PARAMETERS_SECRETS_EXTENSION_HTTP_PORT (the stack sets it with the layer). */
  port: number;
  /** The function's AWS_SESSION_TOKEN: the extension refuses requests without it. */
  token: string;
  /**
   * Where the extension listens ("localhost" in AWS's documentation), in the order tried: an address
   * that refuses the connection moves on to the next. The loopback IP first skips a getaddrinfo round
   * trip through libuv's thread pool on the cold path (bench/cold-start.ts measured ≈ 12 ms).
   */
  hosts?: readonly string[];
  timeoutMs?: number;
}

const EXTENSION_HOSTS = ['127.0.0.1', 'localhost'];

export function createExtensionSecretReader(options: ExtensionReaderOptions): SecretReader {
  const { port, token, hosts = EXTENSION_HOSTS, timeoutMs = 5000 } = options;
  return async (secretId) => {
    for (const [index, host] of hosts.entries()) {
      try {
        return await getSecret({ host, port, token, timeoutMs }, secretId);
      } catch (error) {
        const refused = (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
        if (!refused || index === hosts.length - 1) throw error;
      }
    }
    throw new Error('secrets extension: no host to ask');
  };
}

function getSecret(
  target: { host: string; port: number; token: string; timeoutMs: number },
  secretId: string,
): Promise<string> {
  const { host, port, token, timeoutMs } = target;
  return new Promise<string>((resolve, reject) => {
    const path = `/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`;
    const call = request(
      { host, port, path, method: 'GET', headers: { 'X-Aws-Parameters-Secrets-Token': token } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== 200) {
            // The extension's error text names the failure (AccessDenied, not found...), never a value.
            reject(new Error(`secrets extension answered ${response.statusCode}: ${body.slice(0, 300)}`));
            return;
          }
          try {
            resolve(secretStringOf(body, secretId));
          } catch (error) {
            reject(error); // thrown inside an event callback, it would escape the promise
          }
        });
      },
    );
    call.setTimeout(timeoutMs, () =>
      call.destroy(new Error(`secrets extension: no answer in ${timeoutMs} ms`)),
    );
    call.on('error', reject);
    call.end();
  });
}

/** The extension answers with GetSecretValue's JSON; binary secrets are not supported (as with the SDK reader). */
function secretStringOf(body: string, secretId: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new Error(`secrets extension: the answer for ${secretId} is not JSON`);
  }
  const value = (parsed as { SecretString?: unknown } | null)?.SecretString;
  if (typeof value !== 'string') {
    throw new Error(`Secret ${secretId} has no string value (binary secrets are not supported)`);
  }
  return value;
}
