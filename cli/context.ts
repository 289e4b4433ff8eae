/**
 * What every command runs with: the injected I/O (so tests run the CLI in-process against any fetch,
 * streams and config dir), the global options, and the resolution of API origin and credential.
 */
import { ApiClient, type FetchFn } from './client/api-client.js';
import { defaultConfigDir, loadCredential } from './credentials.js';
import { CliError, EXIT } from './exit-codes.js';

/** A text sink: process.stdout/stderr, or anything with `write` in tests. */
export type Output = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface CliIo {
  fetch: FetchFn;
  stdout: Output;
  stderr: Output;
  env: Record<string, string | undefined>;
  /** Overrides the platform config dir (tests use a temporary one). */
  configDir?: string;
  /** Aborts the running command (Ctrl-C); a push then stops where it is and can be resumed. */
  signal?: AbortSignal;
  /** For the keystore password prompt (a TTY only). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
}

export interface GlobalOptions {
  api?: string;
  token?: string;
  json?: boolean;
  quiet?: boolean;
  progress?: 'auto' | 'bars' | 'lines' | 'none';
}

export const DEFAULT_API_URL = 'http://localhost:3000';

export class CliContext {
  readonly apiUrl: string;
  readonly configDir: string;

  constructor(
    readonly io: CliIo,
    readonly options: GlobalOptions,
  ) {
    const raw = options.api ?? io.env.MODEL_COMMONS_API_URL ?? DEFAULT_API_URL;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new CliError(`--api must be an http(s) URL, got "${raw}"`, EXIT.USAGE, 'USAGE');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new CliError(`--api must be an http(s) URL, got "${raw}"`, EXIT.USAGE, 'USAGE');
    }
    this.apiUrl = url.origin;
    this.configDir = io.configDir ?? defaultConfigDir(io.env);
  }

  get json(): boolean {
    return this.options.json === true;
  }

  /** A client without credentials. */
  anonymousClient(): ApiClient {
    return new ApiClient({ baseUrl: this.apiUrl, fetch: this.io.fetch, signal: this.io.signal });
  }

  /**
   * A client with the caller's credential: --token, else MODEL_COMMONS_TOKEN, else what `login` stored
   * for this API origin. With `required`, having none is an AUTH failure before any request is made.
   */
  async client(auth: 'required' | 'optional' = 'required'): Promise<ApiClient> {
    const token = await this.resolveToken();
    if (!token && auth === 'required') {
      throw new CliError(
        `Not signed in to ${this.apiUrl}: run \`model-commons login\` or set MODEL_COMMONS_TOKEN`,
        EXIT.AUTH,
        'NOT_SIGNED_IN',
      );
    }
    return this.anonymousClient().withToken(token);
  }

  private async resolveToken(): Promise<string | undefined> {
    if (this.options.token) return this.options.token;
    if (this.io.env.MODEL_COMMONS_TOKEN) return this.io.env.MODEL_COMMONS_TOKEN;
    const stored = await loadCredential(this.configDir, this.apiUrl);
    if (!stored) return undefined;
    if (stored.expiresAt && Date.parse(stored.expiresAt) <= Date.now()) {
      throw new CliError(
        `Your session for ${this.apiUrl} expired at ${stored.expiresAt}: run \`model-commons login\` again`,
        EXIT.AUTH,
        'SESSION_EXPIRED',
      );
    }
    return stored.token;
  }

  /** Prints a result: `human` lines normally, `data` as one JSON document with --json. */
  result(data: unknown, human: string | string[]): void {
    if (this.json) {
      this.io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      return;
    }
    const lines = Array.isArray(human) ? human : [human];
    if (lines.length > 0) this.io.stdout.write(`${lines.join('\n')}\n`);
  }

  /** A status line for people (stderr, so stdout stays clean for pipes and --json). */
  note(line: string): void {
    if (!this.options.quiet) this.io.stderr.write(`${line}\n`);
  }
}
