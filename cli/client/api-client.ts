/**
 * A small typed client for the Model Commons API over `fetch`. Hand-written rather than generated:
 * the routes it needs are few, every response is checked with zod at run time (a generated type is
 * only a compile-time promise), and tests hand it any `fetch` — `app.fetch` of an in-process app, a
 * fetch that fails on purpose, or the real one. `test/cli/client-contract.test.ts` keeps it honest
 * against the served OpenAPI document.
 */
import type { z } from 'zod';
import * as schemas from './schemas.js';

export type FetchFn = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  /** The API origin, e.g. http://localhost:3000. */
  baseUrl: string;
  fetch?: FetchFn;
  /** A session token or API token (mct_…), sent as `Authorization: Bearer`. */
  token?: string | undefined;
  /** Aborts every request made through this client (Ctrl-C). */
  signal?: AbortSignal | undefined;
}

/** An API failure with the server's stable error code (or NETWORK / UNEXPECTED_RESPONSE). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    /** HTTP status; 0 when the server was not reached. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

type Query = Record<string, string | number | boolean | undefined>;

interface RequestOptions<T extends z.ZodType> {
  schema: T;
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  /** Send without credentials even if the client has some (public routes). */
  anonymous?: boolean;
}

const seg = encodeURIComponent;

const FILES = '/models/{modelId}/versions/{version}/files';
/** Every route this client calls (checked against the served OpenAPI document by a test). */
export const CLIENT_ROUTES = [
  ['GET', '/health/ready'],
  ['GET', '/.well-known/model-commons.json'],
  ['GET', '/auth/nonce'],
  ['POST', '/auth/verify'],
  ['POST', '/auth/logout'],
  ['GET', '/me'],
  ['POST', '/me/tokens'],
  ['POST', '/models'],
  ['GET', '/me/models'],
  ['GET', '/models'],
  ['GET', '/models/{modelId}'],
  ['POST', '/models/{modelId}/publish'],
  ['PUT', '/models/{modelId}/split'],
  ['GET', '/models/{modelId}/split'],
  ['POST', '/models/{modelId}/versions'],
  ['GET', '/models/{modelId}/versions/{version}'],
  ['POST', '/models/{modelId}/versions/{version}/publish'],
  ['POST', FILES],
  ['POST', `${FILES}/{fileId}/parts`],
  ['GET', `${FILES}/{fileId}/parts`],
  ['POST', `${FILES}/{fileId}/complete`],
  ['DELETE', `${FILES}/{fileId}`],
  ['GET', `${FILES}/{path}/download`],
  ['POST', '/models/{modelId}/offers'],
  ['GET', '/models/{modelId}/offers'],
  ['POST', '/orders'],
  ['GET', '/orders/{orderId}'],
  ['POST', '/orders/{orderId}/payment'],
  ['POST', '/licences/verify'],
  ['GET', '/me/earnings'],
] as const;

export class ApiClient {
  readonly baseUrl: string;
  private readonly fetchFn: FetchFn;
  private token: string | undefined;
  private readonly signal: AbortSignal | undefined;

  constructor(options: ApiClientOptions) {
    this.baseUrl = new URL(options.baseUrl).origin;
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.token = options.token;
    this.signal = options.signal;
  }

  /** A copy that sends `token`. */
  withToken(token: string | undefined): ApiClient {
    return new ApiClient({ baseUrl: this.baseUrl, fetch: this.fetchFn, token, signal: this.signal });
  }

  get hasToken(): boolean {
    return this.token !== undefined;
  }

  // ---- discovery and auth ----
  /** Readiness: the API, its table, its bucket and its chains answer. */
  health() {
    return this.get('/health/ready', schemas.healthSchema);
  }
  wellKnown() {
    return this.get('/.well-known/model-commons.json', schemas.wellKnownSchema, { anonymous: true });
  }
  nonce() {
    return this.get('/auth/nonce', schemas.nonceSchema, { anonymous: true });
  }
  signIn(input: { message: string; signature: string }) {
    return this.send('POST', '/auth/verify', { schema: schemas.sessionSchema, body: input, anonymous: true });
  }
  logout() {
    return this.send('POST', '/auth/logout', { schema: schemas.emptySchema });
  }
  me() {
    return this.get('/me', schemas.meSchema);
  }
  createApiToken(input: { name: string; scopes: string[]; expiresInDays?: number }) {
    return this.send('POST', '/me/tokens', { schema: schemas.createdApiTokenSchema, body: input });
  }

  // ---- models ----
  createModel(input: {
    name: string;
    slug: string;
    task: string;
    description?: string;
    tags?: string[];
    framework?: string;
  }) {
    return this.send('POST', '/models', { schema: schemas.modelEnvelopeSchema, body: input });
  }
  myModels(query: { limit?: number; cursor?: string } = {}) {
    return this.get('/me/models', schemas.page(schemas.modelSchema), { query });
  }
  browseModels(query: Query = {}) {
    return this.get('/models', schemas.page(schemas.browseItemSchema), { query });
  }
  getModel(modelId: string) {
    return this.get(`/models/${seg(modelId)}`, schemas.modelDetailSchema);
  }
  publishModel(modelId: string) {
    return this.send('POST', `/models/${seg(modelId)}/publish`, { schema: schemas.modelEnvelopeSchema });
  }
  setSplit(modelId: string, recipients: Array<{ address: string; bps: number; role?: string | undefined }>) {
    return this.send('PUT', `/models/${seg(modelId)}/split`, {
      schema: schemas.splitSchema,
      body: { recipients },
    });
  }
  getSplit(modelId: string) {
    return this.get(`/models/${seg(modelId)}/split`, schemas.splitSchema);
  }

  // ---- versions and files ----
  createVersion(modelId: string, input: { version: string; changelog?: string }) {
    return this.send('POST', `/models/${seg(modelId)}/versions`, {
      schema: schemas.versionSchema,
      body: { changelog: '', ...input },
    });
  }
  getVersion(modelId: string, version: string) {
    return this.get(`/models/${seg(modelId)}/versions/${seg(version)}`, schemas.versionSchema);
  }
  publishVersion(modelId: string, version: string) {
    return this.send('POST', `/models/${seg(modelId)}/versions/${seg(version)}/publish`, {
      schema: schemas.versionSchema,
    });
  }
  declareFile(
    modelId: string,
    version: string,
    input: { path: string; size: number; sha256: string; contentType: string },
  ) {
    return this.send('POST', `${filesPath(modelId, version)}`, {
      schema: schemas.declaredFileSchema,
      body: input,
    });
  }
  partUrls(modelId: string, version: string, fileId: string, partNumbers: number[]) {
    return this.send('POST', `${filesPath(modelId, version)}/${seg(fileId)}/parts`, {
      schema: schemas.partUrlsSchema,
      body: { partNumbers },
    });
  }
  /** The parts S3 already holds for a multipart upload (what a resumed push skips). */
  heldParts(modelId: string, version: string, fileId: string) {
    return this.get(`${filesPath(modelId, version)}/${seg(fileId)}/parts`, schemas.heldPartsSchema);
  }
  completeFile(modelId: string, version: string, fileId: string) {
    return this.send('POST', `${filesPath(modelId, version)}/${seg(fileId)}/complete`, {
      schema: schemas.completedFileSchema,
      body: {},
    });
  }
  removeFile(modelId: string, version: string, fileId: string) {
    return this.send('DELETE', `${filesPath(modelId, version)}/${seg(fileId)}`, {
      schema: schemas.emptySchema,
    });
  }
  /** A short-lived presigned GET for one file of a version, named by its path. */
  downloadUrl(modelId: string, version: string, path: string) {
    return this.get(`${filesPath(modelId, version)}/${seg(path)}/download`, schemas.downloadSchema);
  }

  // ---- offers ----
  createOffer(modelId: string, input: Record<string, unknown>) {
    return this.send('POST', `/models/${seg(modelId)}/offers`, {
      schema: schemas.offerEnvelopeSchema,
      body: input,
    });
  }
  listOffers(modelId: string) {
    return this.get(`/models/${seg(modelId)}/offers`, schemas.page(schemas.offerSchema));
  }

  // ---- purchases ----
  createOrder(input: { offerId: string; referrer?: string }) {
    return this.send('POST', '/orders', { schema: schemas.orderSchema, body: input });
  }
  getOrder(orderId: string) {
    return this.get(`/orders/${seg(orderId)}`, schemas.orderSchema);
  }
  submitPayment(orderId: string, txHash: string) {
    return this.send('POST', `/orders/${seg(orderId)}/payment`, {
      schema: schemas.paymentSchema,
      body: { txHash },
    });
  }
  verifyLicence(token: string) {
    return this.send('POST', '/licences/verify', {
      schema: schemas.licenceVerdictSchema,
      body: { token },
      anonymous: true,
    });
  }
  earnings() {
    return this.get('/me/earnings', schemas.earningsSchema);
  }

  // ---- plumbing ----
  get<T extends z.ZodType>(path: string, schema: T, options: Omit<RequestOptions<T>, 'schema'> = {}) {
    return this.send('GET', path, { ...options, schema });
  }

  /** One request; non-2xx answers become ApiError with the server's code and message. */
  async send<T extends z.ZodType>(
    method: string,
    path: string,
    options: RequestOptions<T>,
  ): Promise<z.output<T>> {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.token && !options.anonymous) headers.authorization = `Bearer ${this.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(this.signal ? { signal: this.signal } : {}),
      });
    } catch (error) {
      if (this.signal?.aborted) throw error;
      throw new ApiError(
        0,
        'NETWORK',
        `cannot reach ${this.baseUrl} (${describe(error)})`,
        undefined,
        undefined,
        {
          cause: error,
        },
      );
    }
    const requestId = response.headers.get('x-request-id') ?? undefined;
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const envelope = schemas.errorEnvelopeSchema.safeParse(body);
      if (envelope.success) {
        const { code, message, details } = envelope.data.error;
        throw new ApiError(response.status, code, message, details, requestId);
      }
      throw new ApiError(
        response.status,
        response.status === 404 ? 'NOT_FOUND' : `HTTP_${response.status}`,
        `${method} ${path} answered ${response.status} ${response.statusText}`.trim(),
        undefined,
        requestId,
      );
    }
    const parsed = options.schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError(
        response.status,
        'UNEXPECTED_RESPONSE',
        `${method} ${path}: unexpected response (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'})`,
        parsed.error.issues,
        requestId,
      );
    }
    return parsed.data;
  }
}

function filesPath(modelId: string, version: string): string {
  return FILES.replace('{modelId}', seg(modelId)).replace('{version}', seg(version));
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    return cause ?? error.message;
  }
  return String(error);
}
