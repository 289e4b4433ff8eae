/**
 * A minimal JSON-RPC 2.0 client over node:http/https for one EVM endpoint. Reading the chain (receipts,
 * block numbers, eth_call, chain id) needs nothing more, so those paths, `GET /health` among them, do not
 * load ethers (~330 KiB) or Node's fetch implementation (undici, compiled on first use) on a cold start.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** Answers larger than this are refused: a receipt with thousands of logs is still far below it. */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** The slice of EvmChainGateway an adapter uses: one JSON-RPC call; transport errors → DependencyError. */
export interface JsonRpcCaller {
  rpc(chainId: number, method: string, params: unknown[]): Promise<unknown>;
}

/** The endpoint answered with a JSON-RPC error object (e.g. "nonce too low"); the message is the node's. */
export class JsonRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number | undefined,
    message: string,
    readonly data?: unknown,
  ) {
    super(`${method}: ${message}`);
    this.name = 'JsonRpcError';
  }
}

export class JsonRpcClient {
  private readonly url: URL;
  private readonly agent: HttpAgent;
  private readonly authorization?: string;
  private nextId = 1;

  constructor(
    url: string,
    private readonly timeoutMs: number,
  ) {
    this.url = new URL(url);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') {
      throw new TypeError(`JSON-RPC URL must be http(s), got ${this.url.protocol}`);
    }
    // Providers that take credentials in the URL (https://user:key@host) expect basic auth.
    if (this.url.username || this.url.password) {
      const credentials = `${decodeURIComponent(this.url.username)}:${decodeURIComponent(this.url.password)}`;
      this.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
      this.url.username = '';
      this.url.password = '';
    }
    this.agent =
      this.url.protocol === 'https:'
        ? new HttpsAgent({ keepAlive: true })
        : new HttpAgent({ keepAlive: true });
  }

  /** One call; rejects with JsonRpcError for an error answer, with Error for transport or protocol faults. */
  async call(method: string, params: readonly unknown[]): Promise<unknown> {
    const id = this.nextId++;
    const body = JSON.stringify({ jsonrpc: '2.0', id, method, params });
    const response = await this.post(body);
    let parsed: unknown;
    try {
      parsed = JSON.parse(response);
    } catch {
      throw new Error(`${method}: the endpoint answered something other than JSON`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`${method}: the endpoint answered a malformed JSON-RPC response`);
    }
    const answer = parsed as { id?: unknown; result?: unknown; error?: unknown };
    if (answer.error !== undefined && answer.error !== null) {
      const error = answer.error as { code?: unknown; message?: unknown; data?: unknown };
      throw new JsonRpcError(
        method,
        typeof error.code === 'number' ? error.code : undefined,
        typeof error.message === 'string' ? error.message : 'unknown error',
        error.data,
      );
    }
    if (answer.id !== id || !('result' in answer)) {
      throw new Error(`${method}: the endpoint answered a malformed JSON-RPC response`);
    }
    return answer.result;
  }

  /** Closes idle keep-alive sockets so processes can exit. */
  destroy(): void {
    this.agent.destroy();
  }

  private post(body: string): Promise<string> {
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const request = send(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...(this.authorization ? { authorization: this.authorization } : {}),
          },
        },
        (response) => readBody(response).then(resolve, reject),
      );
      // One deadline for the whole exchange, not just socket inactivity.
      const deadline = setTimeout(
        () => request.destroy(new Error(`timed out after ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      request.on('close', () => clearTimeout(deadline));
      request.on('error', reject);
      request.end(body);
    });
  }
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const status = response.statusCode ?? 0;
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) {
        response.destroy(new Error(`the answer exceeds ${MAX_RESPONSE_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    response.on('error', reject);
    response.on('close', () => {
      if (!response.complete) reject(new Error('the connection closed before the answer was complete'));
    });
    response.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      // Nodes answer JSON-RPC errors with 200, but some gateways use 4xx/5xx with a JSON-RPC body.
      if (status < 200 || (status >= 300 && !text.trimStart().startsWith('{'))) {
        reject(new Error(`HTTP ${status}`));
        return;
      }
      resolve(text);
    });
  });
}
