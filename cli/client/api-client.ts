/**
 * The typed Model Commons API client. Paths, parameters, bodies and responses are typed by
 * `openapi.ts`, generated from the OpenAPI document the API serves (`npm run generate:client`), and
 * requests go through openapi-fetch, so a call to a route or with a body the contract does not have
 * fails to compile. At run time, the fields the CLI acts on are checked (`response-checks.ts`); the
 * rest is trusted as typed. Tests hand it any `fetch` — `app.fetch` of an in-process app, a fetch that
 * fails on purpose, or the real one. `test/cli/client-contract.test.ts` keeps `openapi.ts` fresh.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { z } from 'zod';
import type { paths } from './openapi.js';
import * as checks from './response-checks.js';
import type {
  BrowseQuery,
  CreateApiTokenRequest,
  CreateModelRequest,
  CreateOfferRequest,
  DeclareFileRequest,
  SplitRecipient,
} from './types.js';

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

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const FILES = '/models/{modelId}/versions/{version}/files';

/**
 * Every route this client calls. The compiler checks each against the generated `paths`; a test
 * checks each against the served document too (the generated file could be stale).
 */
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
  ['GET', '/models/{modelId}/market'],
  ['GET', '/models/{modelId}/offers/{offerId}/typed-data'],
  ['PUT', '/models/{modelId}/offers/{offerId}/signature'],
  ['POST', '/orders'],
  ['GET', '/orders/{orderId}'],
  ['POST', '/orders/{orderId}/payment'],
  ['POST', '/licences/verify'],
  ['GET', '/me/earnings'],
] as const satisfies readonly (readonly [Method, keyof paths])[];

/** What an openapi-fetch call resolves to, whichever the route. */
interface Outcome<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

export class ApiClient {
  readonly baseUrl: string;
  private readonly fetchFn: FetchFn;
  private token: string | undefined;
  private readonly signal: AbortSignal | undefined;
  private readonly api: Client<paths>;

  constructor(options: ApiClientOptions) {
    this.baseUrl = new URL(options.baseUrl).origin;
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.token = options.token;
    this.signal = options.signal;
    this.api = createClient<paths>({
      baseUrl: this.baseUrl,
      headers: { accept: 'application/json' },
      fetch: (request) => this.transport(request),
    });
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
    return this.call('GET', '/health/ready', this.api.GET('/health/ready', this.auth()));
  }
  wellKnown() {
    const path = '/.well-known/model-commons.json';
    return this.call('GET', path, this.api.GET(path), checks.wellKnownCheck);
  }
  nonce() {
    return this.call('GET', '/auth/nonce', this.api.GET('/auth/nonce'), checks.nonceCheck);
  }
  signIn(body: { message: string; signature: string }) {
    return this.call('POST', '/auth/verify', this.api.POST('/auth/verify', { body }), checks.sessionCheck);
  }
  logout() {
    return this.call('POST', '/auth/logout', this.api.POST('/auth/logout', this.auth()), checks.noBodyCheck);
  }
  me() {
    return this.call('GET', '/me', this.api.GET('/me', this.auth()), checks.meCheck);
  }
  createApiToken(body: CreateApiTokenRequest) {
    return this.call('POST', '/me/tokens', this.api.POST('/me/tokens', { ...this.auth(), body }));
  }

  // ---- models ----
  createModel(body: CreateModelRequest) {
    return this.call('POST', '/models', this.api.POST('/models', { ...this.auth(), body }));
  }
  myModels(query: { limit?: number; cursor?: string } = {}) {
    return this.call('GET', '/me/models', this.api.GET('/me/models', { ...this.auth(), params: { query } }));
  }
  browseModels(query: BrowseQuery = {}) {
    return this.call('GET', '/models', this.api.GET('/models', { ...this.auth(), params: { query } }));
  }
  getModel(modelId: string) {
    const path = { modelId };
    return this.call(
      'GET',
      `/models/${modelId}`,
      this.api.GET('/models/{modelId}', { ...this.auth(), params: { path } }),
    );
  }
  publishModel(modelId: string) {
    const path = { modelId };
    return this.call(
      'POST',
      `/models/${modelId}/publish`,
      this.api.POST('/models/{modelId}/publish', { ...this.auth(), params: { path } }),
    );
  }
  setSplit(modelId: string, recipients: SplitRecipient[]) {
    const path = { modelId };
    return this.call(
      'PUT',
      `/models/${modelId}/split`,
      this.api.PUT('/models/{modelId}/split', { ...this.auth(), params: { path }, body: { recipients } }),
    );
  }
  getSplit(modelId: string) {
    const path = { modelId };
    return this.call(
      'GET',
      `/models/${modelId}/split`,
      this.api.GET('/models/{modelId}/split', { ...this.auth(), params: { path } }),
    );
  }

  // ---- versions and files ----
  createVersion(modelId: string, input: { version: string; changelog?: string }) {
    const path = { modelId };
    const body = { changelog: '', ...input };
    return this.call(
      'POST',
      `/models/${modelId}/versions`,
      this.api.POST('/models/{modelId}/versions', { ...this.auth(), params: { path }, body }),
      checks.versionCheck,
    );
  }
  getVersion(modelId: string, version: string) {
    const path = { modelId, version };
    return this.call(
      'GET',
      `/models/${modelId}/versions/${version}`,
      this.api.GET('/models/{modelId}/versions/{version}', { ...this.auth(), params: { path } }),
      checks.versionCheck,
    );
  }
  publishVersion(modelId: string, version: string) {
    const path = { modelId, version };
    return this.call(
      'POST',
      `/models/${modelId}/versions/${version}/publish`,
      this.api.POST('/models/{modelId}/versions/{version}/publish', { ...this.auth(), params: { path } }),
      checks.versionCheck,
    );
  }
  declareFile(modelId: string, version: string, body: DeclareFileRequest) {
    const path = { modelId, version };
    return this.call(
      'POST',
      filesPath(path),
      this.api.POST(FILES, { ...this.auth(), params: { path }, body }),
      checks.declaredFileCheck,
    );
  }
  /** Upload URLs for parts, each bound to the SHA-256 given for it (the store refuses other bytes). */
  partUrls(
    modelId: string,
    version: string,
    fileId: string,
    parts: Array<{ partNumber: number; sha256: string }>,
  ) {
    const path = { modelId, version, fileId };
    return this.call(
      'POST',
      `${filesPath(path)}/${fileId}/parts`,
      this.api.POST(`${FILES}/{fileId}/parts`, { ...this.auth(), params: { path }, body: { parts } }),
      checks.partUrlsCheck,
    );
  }
  /** The parts S3 already holds for a multipart upload (what a resumed push skips). */
  heldParts(modelId: string, version: string, fileId: string) {
    const path = { modelId, version, fileId };
    return this.call(
      'GET',
      `${filesPath(path)}/${fileId}/parts`,
      this.api.GET(`${FILES}/{fileId}/parts`, { ...this.auth(), params: { path } }),
      checks.heldPartsCheck,
    );
  }
  completeFile(modelId: string, version: string, fileId: string) {
    const path = { modelId, version, fileId };
    return this.call(
      'POST',
      `${filesPath(path)}/${fileId}/complete`,
      this.api.POST(`${FILES}/{fileId}/complete`, { ...this.auth(), params: { path }, body: {} }),
      checks.completedFileCheck,
    );
  }
  removeFile(modelId: string, version: string, fileId: string) {
    const path = { modelId, version, fileId };
    return this.call(
      'DELETE',
      `${filesPath(path)}/${fileId}`,
      this.api.DELETE(`${FILES}/{fileId}`, { ...this.auth(), params: { path } }),
      checks.noBodyCheck,
    );
  }
  /** A short-lived presigned GET for one file of a version, named by its path. */
  downloadUrl(modelId: string, version: string, filePath: string) {
    const path = { modelId, version, path: filePath };
    return this.call(
      'GET',
      `${filesPath(path)}/${filePath}/download`,
      this.api.GET(`${FILES}/{path}/download`, { ...this.auth(), params: { path } }),
      checks.downloadCheck,
    );
  }

  // ---- offers ----
  createOffer(modelId: string, body: CreateOfferRequest) {
    const path = { modelId };
    return this.call(
      'POST',
      `/models/${modelId}/offers`,
      this.api.POST('/models/{modelId}/offers', { ...this.auth(), params: { path }, body }),
    );
  }
  listOffers(modelId: string) {
    const path = { modelId };
    return this.call(
      'GET',
      `/models/${modelId}/offers`,
      this.api.GET('/models/{modelId}/offers', { ...this.auth(), params: { path } }),
    );
  }

  // ---- selling through the marketplace contract ----
  /**
   * The model's registration on the market and the owner's transactions to make (on `chainId`, or the
   * first chain with a market).
   */
  modelMarket(modelId: string, chainId?: number) {
    const path = { modelId };
    const query = chainId === undefined ? {} : { chainId };
    return this.call(
      'GET',
      `/models/${modelId}/market`,
      this.api.GET('/models/{modelId}/market', { ...this.auth(), params: { path, query } }),
      checks.modelMarketCheck,
    );
  }
  /** The EIP-712 Offer the owner signs to put the offer on sale on chain (fees up to `maxFeeBps`). */
  offerTypedData(modelId: string, offerId: string, maxFeeBps?: number) {
    const path = { modelId, offerId };
    const query = maxFeeBps === undefined ? {} : { maxFeeBps };
    return this.call(
      'GET',
      `/models/${modelId}/offers/${offerId}/typed-data`,
      this.api.GET('/models/{modelId}/offers/{offerId}/typed-data', {
        ...this.auth(),
        params: { path, query },
      }),
      checks.offerTypedDataCheck,
    );
  }
  signOffer(
    modelId: string,
    offerId: string,
    body: { signature: string; validUntil: string; maxFeeBps: number },
  ) {
    const path = { modelId, offerId };
    return this.call(
      'PUT',
      `/models/${modelId}/offers/${offerId}/signature`,
      this.api.PUT('/models/{modelId}/offers/{offerId}/signature', {
        ...this.auth(),
        params: { path },
        body,
      }),
    );
  }

  // ---- purchases ----
  createOrder(body: { offerId: string; referrer?: string }) {
    return this.call(
      'POST',
      '/orders',
      this.api.POST('/orders', { ...this.auth(), body }),
      checks.orderCheck,
    );
  }
  getOrder(orderId: string) {
    const path = { orderId };
    return this.call(
      'GET',
      `/orders/${orderId}`,
      this.api.GET('/orders/{orderId}', { ...this.auth(), params: { path } }),
      checks.orderCheck,
    );
  }
  submitPayment(orderId: string, txHash: string) {
    const path = { orderId };
    return this.call(
      'POST',
      `/orders/${orderId}/payment`,
      this.api.POST('/orders/{orderId}/payment', { ...this.auth(), params: { path }, body: { txHash } }),
      checks.paymentCheck,
    );
  }
  verifyLicence(token: string) {
    return this.call(
      'POST',
      '/licences/verify',
      this.api.POST('/licences/verify', { body: { token } }),
      checks.verdictCheck,
    );
  }
  earnings() {
    return this.call('GET', '/me/earnings', this.api.GET('/me/earnings', this.auth()), checks.earningsCheck);
  }

  // ---- plumbing ----
  /** The bearer credential, on routes that may use one. */
  private auth(): { headers: Record<string, string> } {
    return { headers: this.token ? { authorization: `Bearer ${this.token}` } : {} };
  }

  /**
   * Hands openapi-fetch's Request to the injected fetch as `(URL, init)`, the way the client always
   * called it (a test's fetch need not understand Request objects). A failure to reach the server
   * becomes a NETWORK ApiError (an abort stays what it is); a 2xx body that is not JSON (a proxy's
   * page) an UNEXPECTED_RESPONSE one, with the answer's status and request id.
   */
  private async transport(request: Request): Promise<Response> {
    const body = request.body ? await request.text() : undefined;
    let response: Response;
    try {
      response = await this.fetchFn(new URL(request.url), {
        method: request.method,
        headers: Object.fromEntries(request.headers),
        ...(body !== undefined ? { body } : {}),
        ...(this.signal ? { signal: this.signal } : {}),
      });
    } catch (error) {
      if (this.signal?.aborted) throw error;
      const message = `cannot reach ${this.baseUrl} (${describe(error)})`;
      throw new ApiError(0, 'NETWORK', message, undefined, undefined, { cause: error });
    }
    if (!response.ok) return response;
    // API answers are small JSON documents: read once here, so a body that is not JSON is named.
    const text = await response.text();
    try {
      if (text !== '') JSON.parse(text);
    } catch {
      const { pathname } = new URL(request.url);
      throw new ApiError(
        response.status,
        'UNEXPECTED_RESPONSE',
        `${request.method} ${pathname}: unexpected response (body: not JSON)`,
        undefined,
        response.headers.get('x-request-id') ?? undefined,
      );
    }
    return new Response(text === '' ? null : text, response);
  }

  /**
   * One request's outcome: the data of a 2xx answer (checked by `check` when given), or an ApiError
   * with the server's code and message (or HTTP_<status> / NOT_FOUND when the body is no envelope).
   */
  private async call<Data>(
    method: Method,
    path: string,
    pending: Promise<Outcome<Data>>,
    check: z.ZodType = checks.anyObjectCheck,
  ): Promise<Data> {
    const outcome = await pending;
    const { response } = outcome;
    const requestId = response.headers.get('x-request-id') ?? undefined;
    if (!response.ok) {
      const envelope = checks.errorEnvelopeCheck.safeParse(outcome.error);
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
    const parsed = check.safeParse(outcome.data);
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
    // The data as the server sent it (not the check's output): the check only vouches for some fields.
    return outcome.data as Data;
  }
}

function filesPath({ modelId, version }: { modelId: string; version: string }): string {
  return FILES.replace('{modelId}', modelId).replace('{version}', version);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    return cause ?? error.message;
  }
  return String(error);
}
