/** The typed Model Commons API client, for scripts and tests as much as for the CLI. */
export { ApiClient, type ApiClientOptions, ApiError, CLIENT_ROUTES, type FetchFn } from './api-client.js';
export type * from './types.js';
