/**
 * The Model Commons API's paths and schemas as TypeScript types, generated from GET /openapi.json by
 * `npm run generate:client` (scripts/generate-client.ts). Do not edit: change the route schemas in
 * functions/api/routes/ and regenerate; test/cli/client-contract.test.ts fails while this is stale.
 */

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description This instance is up and configured. Touches no dependency (see `/health/ready`).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The API is up */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Liveness"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the secrets load; the table, the bucket and every chain answer */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every dependency answered */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Health"];
                    };
                };
                /** @description At least one dependency did not answer (named in `checks`); every check fails while the secrets cannot be read */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Health"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/nonce": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A single-use sign-in nonce (valid for a few minutes) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Put this nonce in the SIWE message */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Nonce"];
                    };
                };
                /** @description Too many requests; see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify a signed SIWE message and open a session
         * @description Checks the domain, scheme and URI against the API origin, the chain id against the allow-list, issuedAt/expirationTime/notBefore, the signature (EOA, or EIP-1271 contract wallet), then consumes the nonce exactly once. Failures answer 401 with a distinct code: MALFORMED, DOMAIN_MISMATCH, SCHEME_MISMATCH, URI_MISMATCH, CHAIN_UNSUPPORTED, ISSUED_IN_FUTURE, MESSAGE_TOO_OLD, MESSAGE_EXPIRED, MESSAGE_NOT_YET_VALID, NONCE_INVALID, SIGNATURE_INVALID. Messages above 4 KiB answer 413 MESSAGE_TOO_LARGE.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SignInRequest"];
                };
            };
            responses: {
                /** @description Signed in; the session cookie is set too */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported content type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests; see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke the current session everywhere */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Signed out */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests; see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is signed in */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The caller */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Me"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My API tokens (never their secrets) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Tokens, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ApiToken"][];
                            nextCursor: null;
                        };
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create an API token (wallet session only); the secret is returned once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateApiTokenRequest"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CreatedApiToken"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported content type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/tokens/{tokenId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of my API tokens (wallet session only) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tokenId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Browse and search published models, newest first
         * @description Filters combine with AND. `q` matches whole words of the name, task and tags (no prefix or fuzzy matching). A page may hold fewer than `limit` items; only `nextCursor: null` means the end.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description nextCursor from the previous page (opaque) */
                    cursor?: string;
                    task?: string;
                    tag?: string;
                    /** @description The owner's address (any case) */
                    owner?: string;
                    /** @description Whole-word keywords from name, task and tags (AND) */
                    q?: string;
                    /** @description Has an active offer with this flag */
                    commercialUse?: "true" | "false";
                    chainId?: number;
                    /** @description "native" or an ERC-20 address */
                    currency?: string;
                    /** @description Base units; needs currency */
                    maxPrice?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModelListingPage"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a model (draft, owned by the caller) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateModel"];
                };
            };
            responses: {
                /** @description The new draft */
                201: {
                    headers: {
                        /** @description Send back as If-Match to edit */
                        ETag?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Model"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported content type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/{modelId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Model detail with versions, files and offers
         * @description Drafts, delisted models, unpublished versions and inactive offers are visible to the owner only.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The model */
                200: {
                    headers: {
                        /** @description Send back as If-Match to edit */
                        ETag?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModelDetail"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Edit a model (owner) */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The ETag you read; a stale one answers 412 STALE_REVISION */
                    "if-match"?: string;
                };
                path: {
                    modelId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ModelPatch"];
                };
            };
            responses: {
                /** @description The edited model */
                200: {
                    headers: {
                        /** @description Send back as If-Match to edit */
                        ETag?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Model"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The If-Match precondition failed */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported content type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/models/{modelId}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish a model (needs a published version and an active offer) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The model in its new state */
                200: {
                    headers: {
                        /** @description Send back as If-Match to edit */
                        ETag?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Model"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/{modelId}/delist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Delist a published model (hidden from browse; licences stay valid) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The model in its new state */
                200: {
                    headers: {
                        /** @description Send back as If-Match to edit */
                        ETag?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Model"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My models, drafts included, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description nextCursor from the previous page (opaque) */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModelPage"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/{modelId}/split": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The revenue split in force */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The split */
                200: {
                    headers: {
                        /** @description Send back as If-Match to edit */
                        ETag?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SplitView"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Replace the revenue split (owner)
         * @description 1–50 recipients, EIP-55 addresses (never the zero address), integer bps ≥ 1, no duplicates, sum exactly 10000. Each sale snapshots the split in force, so changes never rewrite past sales.
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The ETag you read; a stale one answers 412 STALE_REVISION */
                    "if-match"?: string;
                };
                path: {
                    modelId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["Split"];
                };
            };
            responses: {
                /** @description The new split */
                200: {
                    headers: {
                        /** @description Send back as If-Match to edit */
                        ETag?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SplitView"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The If-Match precondition failed */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported content type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/{modelId}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Versions, highest first (unpublished ones only for the owner) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description All versions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VersionList"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a version (owner); then declare and upload its files */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateVersion"];
                };
            };
            responses: {
                /** @description The new version */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Version"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported content type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/{modelId}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A version with its file manifest and manifestHash */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Version"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/{modelId}/versions/{version}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish a ready version: its manifest becomes immutable and is hashed */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The published version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Version"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/{modelId}/versions/{version}/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Declare a file and get how to upload it
         * @description Files up to the single-PUT threshold get one presigned PUT bound to the exact size and SHA-256 (send the returned headers unchanged). Larger files get a multipart upload with a server-chosen part size: ask for part URLs in batches, PUT each part, then complete. Bytes you have already uploaded to one of your own models (same SHA-256 and size) are copied instead: `upload.kind` is `reused` and the file is already uploaded (never from another owner's files, whatever a public manifest says). S3 keys are generated by the server; `path` is only a label.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                    version: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["DeclareFile"];
                };
            };
            responses: {
                /** @description Declared; upload next */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeclaredFile"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported content type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Well-formed but refused */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/{modelId}/versions/{version}/files/{fileId}/parts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Parts S3 already holds, and which are missing (resume after a crash) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                    version: string;
                    fileId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Upload progress */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UploadedParts"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Presigned URLs for a batch of parts (≤ 100)
         * @description Each URL is bound to its part's exact length and to the SHA-256 you declare for it (both signed headers): S3 refuses any other bytes at upload time (BadDigest), so a corrupt part never waits for `complete`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                    version: string;
                    fileId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PartUrlRequest"];
                };
            };
            responses: {
                /** @description One URL per part */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PartUrls"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported content type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/{modelId}/versions/{version}/files/{fileId}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Finish an upload: the server verifies size and SHA-256 of what S3 holds
         * @description 409 UPLOAD_INCOMPLETE when parts are missing (nothing is discarded). 422 SIZE_MISMATCH or CHECKSUM_MISMATCH when the bytes differ from the declaration: the object and the file record are deleted and the path may be declared again.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                    version: string;
                    fileId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["CompleteFile"];
                };
            };
            responses: {
                /** @description Uploaded and verified */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ArtifactFile"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported content type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Well-formed but refused */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/{modelId}/versions/{version}/files/{fileId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Abort an upload or remove a file from an unpublished version */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                    version: string;
                    fileId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed; nothing is left in S3 */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/{modelId}/offers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A model's offers (inactive ones only for the owner) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description All offers */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OfferList"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an offer (owner)
         * @description The price is a decimal string in base units, at most 2^256 − 1 (uint256: anything larger could not be paid on chain), of a currency allow-listed for the chain (see /.well-known/model-commons.json). `covers` is a version or "latest" (the latest published version at purchase time).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateOffer"];
                };
            };
            responses: {
                /** @description The new offer */
                201: {
                    headers: {
                        /** @description Send back as If-Match to edit */
                        ETag?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Offer"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported content type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/{modelId}/offers/{offerId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One offer */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                    offerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The offer */
                200: {
                    headers: {
                        /** @description Send back as If-Match to edit */
                        ETag?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Offer"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Edit an offer (owner)
         * @description Once a licence under the offer has sold, only `name` and `active` may change (409 OFFER_FROZEN): create a new offer for new terms or a new price.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The ETag you read; a stale one answers 412 STALE_REVISION */
                    "if-match"?: string;
                };
                path: {
                    modelId: string;
                    offerId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["OfferPatch"];
                };
            };
            responses: {
                /** @description The edited offer */
                200: {
                    headers: {
                        /** @description Send back as If-Match to edit */
                        ETag?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Offer"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The If-Match precondition failed */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported content type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/models/{modelId}/market": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The model's registration on the marketplace contract, and the owner's transactions to complete it
         * @description Public (all of it is on chain). `calls` are the transactions the owner sends, in order, from its own wallet: `createSplit` when the current split is not on chain, then `registerModel` when the model is not registered, or `setModelSplit` when it is registered with another split. Empty when the chain is in line with the model. 409 MARKET_NOT_CONFIGURED when the chain has no marketplace contract.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Default: the first configured chain with a marketplace contract */
                    chainId?: number;
                };
                header?: never;
                path: {
                    modelId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The model on chain */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModelMarket"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/{modelId}/offers/{offerId}/typed-data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The EIP-712 Offer the owner signs to sell this offer on chain (owner)
         * @description Sign it with `eth_signTypedData_v4` (EIP712Domain follows from `domain`) and PUT the signature to `…/signature` with the same `validUntil` and `maxFeeBps`. The message is the offer's current revision: any later edit needs a new signature. 409 MARKET_NOT_CONFIGURED (the offer's chain has no market), VERSION_NOT_PUBLISHED (the covered version is not published); 400 MAX_FEE_OUT_OF_RANGE.
         */
        get: {
            parameters: {
                query?: {
                    /** @description The most platform + referrer fee (bps) a sale may take; at least the current fees (the default) */
                    maxFeeBps?: number | null;
                };
                header?: never;
                path: {
                    modelId: string;
                    offerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Typed data to sign */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OfferTypedData"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/{modelId}/offers/{offerId}/signature": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Attach the owner's signature of the offer's current revision (owner)
         * @description The message is rebuilt from the offer's current state with the given `validUntil` and `maxFeeBps`; the signature must be the model owner's (ECDSA, or EIP-1271 for a contract wallet), else 400 INVALID_SIGNATURE. 400 VALID_UNTIL_PAST, MAX_FEE_OUT_OF_RANGE; 409 OFFER_CHANGED when the offer was edited meanwhile. The offer view then says `market.signed: true` until the offer changes or the signature expires.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                    offerId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["OfferSignature"];
                };
            };
            responses: {
                /** @description The offer, signed */
                200: {
                    headers: {
                        /** @description The offer's revision */
                        ETag?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Offer"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported content type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Quote an offer: amount, currency, expiry, and the transactions that buy it
         * @description Send `sale.calls` in order from your signed-in wallet (an ERC-20 `approve` of exactly the price, then `buy`, which carries the owner-signed offer and the operator's authorization of this order for you alone, valid until `expiresAt`); the contract takes exactly the price, credits the fees and the split and mints the licence token to you, or reverts. For a token with EIP-2612 or EIP-3009 (config `signing`), `sale.payWithSignature` holds the typed data to sign instead of approving: then call `buyWithPermit` yourself, or have anyone submit `buyWithAuthorization` (the licence still goes to you). Then submit the transaction hash. Never transfer the price to the contract yourself: only a `buy` is a purchase. Checks the offer is on sale and not sold out. 409 OFFER_NOT_SIGNED while the owner has not signed the offer for sale on chain, 409 MODEL_NOT_ON_CHAIN while the model is not registered there, 409 MARKET_NOT_CONFIGURED on a chain without a marketplace contract. `referrer` must be a frontend the operator registered (it earns the referrer fee out of the sale): any other address is refused with 400 REFERRER_NOT_REGISTERED, one the contract does not know yet with 409 REFERRER_NOT_ON_CHAIN; the buyer or the platform named as referrer earn nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateOrderRequest"];
                };
            };
            responses: {
                /** @description The quote */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported content type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An order of mine; re-checks a payment that is still confirming */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My orders, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description nextCursor from the previous page (opaque) */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OrderPage"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{orderId}/payment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit the payment transaction; the licence once it is final
         * @description Indexes the transaction's market events as soon as its block is final (the chain indexer would find them too) and answers the licence once the sale paid this order; 202 while confirming (poll GET /orders/{orderId}); 404 TX_NOT_FOUND; 422 TX_REVERTED (nothing was paid), NOT_A_MARKET_SALE, SALE_OF_ANOTHER_ORDER; 409 ORDER_ALREADY_PAID by another transaction; 503 when the chain cannot be reached. Idempotent: submitting again answers the same licence.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PaymentRequest"];
                };
            };
            responses: {
                /** @description Paid: the licence */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PaymentPaid"];
                    };
                };
                /** @description Seen, not final yet */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PaymentConfirming"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported content type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Well-formed but refused */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metadata/{chainId}/{tokenId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A licence token's ERC-721 metadata (the market's tokenURI; anyone)
         * @description What wallets and explorers show for a licence token of the marketplace contract: model, version, terms, state and expiry as attributes. 404 for a token the indexer has not recorded.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    chainId: number;
                    tokenId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The metadata */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LicenceTokenMetadata"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/licences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Licences I hold, newest first (with their tokens) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description nextCursor from the previous page (opaque) */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LicencePage"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/licences/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Is this licence token valid now? (anyone)
         * @description Checks the EIP-712 signature against the published signer and domain (see /.well-known/model-commons.json), expiry, revocation and transfer; with `checkChain`, also that the licensee holds the licence's ERC-721 token on the marketplace contract now (`holder`; TRANSFERRED otherwise). Tokens can also be verified offline with any EIP-712 library.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["VerifyLicenceRequest"];
                };
            };
            responses: {
                /** @description The verdict */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LicenceVerdict"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported content type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/licences/{licenceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A licence (licensee, model owner or operator) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    licenceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The licence */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Licence"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/licences/{licenceId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a licence (model owner or operator) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    licenceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RevokeLicenceRequest"];
                };
            };
            responses: {
                /** @description Revoked */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Licence"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported content type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/{modelId}/versions/{version}/files/{path}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A presigned download URL for one file (≤ 5 minutes; Range requests resume)
         * @description The file is named by its path inside the version, URL-encoded as one segment (`weights%2Fmodel.safetensors`). Allowed for the owner, contributors, and holders of an active licence covering this version; anyone else gets 404. Each grant is recorded; licence holders have a daily allowance per licence (429 beyond it). Because it records a grant, a session-cookie request from a foreign page (an Origin that is not allowed, or `Sec-Fetch-Site: cross-site`) gets 403 CSRF_REJECTED, as a POST would.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    modelId: string;
                    version: string;
                    path: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Download from `url` */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Download"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Signed in but not allowed (e.g. missing token scope) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests; see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/earnings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the contracts hold for me, and my latest credits
         * @description `onChain`: per marketplace contract and currency, read from the contract in one Multicall3 call — what you can withdraw now, your share of what your splits earned and the contract has not distributed yet, and `withdraw`, the one transaction (distributeAndWithdraw) your wallet sends to receive it all. `history`: the indexed credits of your sales.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Earnings */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Earnings"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/{modelId}/sales": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A model's sales with the split each one was credited by (owner and contributors) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description nextCursor from the previous page (opaque) */
                    cursor?: string;
                };
                header?: never;
                path: {
                    modelId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SalePage"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not signed in, or the credentials are invalid, expired or revoked */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (or not visible to the caller) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable; nothing was written; see Retry-After */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/model-commons.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Licence signer, EIP-712 domain and types, accepted chains and currencies */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Public marketplace parameters */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WellKnown"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @example {
         *       "status": "ok"
         *     }
         */
        Liveness: {
            /** @enum {string} */
            status: "ok";
        };
        /**
         * @example {
         *       "status": "ok",
         *       "checks": {
         *         "dynamodb": {
         *           "ok": true,
         *           "latencyMs": 4
         *         },
         *         "s3": {
         *           "ok": true,
         *           "latencyMs": 3
         *         },
         *         "chain:31337": {
         *           "ok": true,
         *           "latencyMs": 2
         *         }
         *       }
         *     }
         */
        Health: {
            /** @enum {string} */
            status: "ok" | "unavailable";
            checks: {
                [key: string]: {
                    ok: boolean;
                    latencyMs: number;
                    error?: string;
                };
            };
        };
        /**
         * @example {
         *       "nonce": "9f8a0c2e4b7d41a3b5c6d7e8f9a0b1c2",
         *       "expiresAt": "2026-11-25T10:05:00.000Z"
         *     }
         */
        Nonce: {
            nonce: string;
            /** Format: date-time */
            expiresAt: string;
        };
        Error: {
            error: {
                /** @example INVALID_INPUT */
                code: string;
                /** @example Invalid json.name: Too small */
                message: string;
                details?: unknown;
            };
        };
        /**
         * @example {
         *       "token": "mcs.k1.Zm9v….c2ln…",
         *       "address": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
         *       "chainId": 31337,
         *       "expiresAt": "2026-11-26T10:00:00.000Z"
         *     }
         */
        Session: {
            /** @description Bearer token (also set as the HttpOnly session cookie) */
            token: string;
            address: string;
            chainId: number;
            /** Format: date-time */
            expiresAt: string;
        };
        SignInRequest: {
            /** @description The EIP-4361 message exactly as signed */
            message: string;
            /** @description 0x-prefixed signature (EOA or EIP-1271 wallet) */
            signature: string;
        };
        /**
         * @example {
         *       "address": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
         *       "chainId": 31337,
         *       "authKind": "session",
         *       "scopes": [
         *         "read",
         *         "publish",
         *         "purchase"
         *       ]
         *     }
         */
        Me: {
            address: string;
            chainId: number;
            /** @enum {string} */
            authKind: "session" | "token";
            scopes: ("read" | "publish" | "purchase")[];
        };
        CreatedApiToken: {
            /** @description The secret; shown only in this response */
            token: string;
            apiToken: components["schemas"]["ApiToken"];
        };
        ApiToken: {
            id: string;
            name: string;
            scopes: ("read" | "publish" | "purchase")[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string;
            revoked: boolean;
        };
        /**
         * @example {
         *       "name": "ci-publisher",
         *       "scopes": [
         *         "read",
         *         "publish"
         *       ],
         *       "expiresInDays": 90
         *     }
         */
        CreateApiTokenRequest: {
            name: string;
            scopes: ("read" | "publish" | "purchase")[];
            /** @default 30 */
            expiresInDays?: number;
        };
        /**
         * @example {
         *       "modelId": "mdl_3x4mpl3Id0000000000",
         *       "owner": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
         *       "name": "Tiny Llama Chat",
         *       "slug": "tiny-llama-chat",
         *       "description": "A 1.1B chat model.",
         *       "task": "text-generation",
         *       "tags": [
         *         "llm",
         *         "chat"
         *       ],
         *       "framework": "pytorch",
         *       "status": "published",
         *       "latestVersion": "1.0.0",
         *       "split": [
         *         {
         *           "address": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
         *           "bps": 10000,
         *           "role": "owner"
         *         }
         *       ],
         *       "createdAt": "2026-11-25T10:00:00.000Z",
         *       "updatedAt": "2026-11-25T10:05:00.000Z",
         *       "publishedAt": "2026-11-25T10:05:00.000Z"
         *     }
         */
        Model: {
            modelId: string;
            owner: string;
            name: string;
            slug: string;
            description: string;
            task: string;
            tags: string[];
            framework: string | null;
            /** @enum {string} */
            status: "draft" | "published" | "delisted";
            split: components["schemas"]["SplitRecipient"][];
            latestVersion: string | null;
            createdAt: string;
            updatedAt: string;
            publishedAt: string | null;
        };
        /**
         * @example {
         *       "address": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
         *       "bps": 7000,
         *       "role": "owner"
         *     }
         */
        SplitRecipient: {
            address: string;
            bps: number;
            role?: string;
        };
        /**
         * @example {
         *       "name": "Tiny Llama Chat",
         *       "slug": "tiny-llama-chat",
         *       "description": "A 1.1B chat model fine-tuned on **open** dialogue data.",
         *       "task": "text-generation",
         *       "tags": [
         *         "llm",
         *         "chat"
         *       ],
         *       "framework": "pytorch"
         *     }
         */
        CreateModel: {
            name: string;
            slug: string;
            /** @default  */
            description?: string;
            task: string;
            /** @default [] */
            tags?: string[];
            framework?: string;
        };
        ModelListingPage: {
            items: components["schemas"]["ModelListing"][];
            nextCursor: string | null;
        };
        ModelListing: {
            modelId: string;
            owner: string;
            name: string;
            slug: string;
            task: string;
            tags: string[];
            framework: string | null;
            latestVersion?: string;
            publishedAt: string;
            offers: {
                offerId: string;
                name: string;
                commercialUse: boolean;
                /** @enum {string} */
                derivatives: "none" | "allowed" | "share-alike";
                price: components["schemas"]["Price"];
                covers: string;
            }[];
        };
        /**
         * @example {
         *       "amount": "25000000",
         *       "chainId": 31337,
         *       "currency": "0x5FbDB2315678afecb367f032d93F642f64180aa3"
         *     }
         */
        Price: {
            amount: string;
            chainId: number;
            currency: "native" | string;
        };
        ModelDetail: {
            model: components["schemas"]["Model"];
            versions: components["schemas"]["Version"][];
            offers: components["schemas"]["Offer"][];
        };
        /**
         * @example {
         *       "version": "1.0.0",
         *       "changelog": "First release",
         *       "status": "published",
         *       "fileCount": 1,
         *       "manifestHash": "0xabababababababababababababababababababababababababababababababab",
         *       "createdAt": "2026-11-25T10:00:00.000Z",
         *       "publishedAt": "2026-11-25T10:04:00.000Z",
         *       "files": []
         *     }
         */
        Version: {
            version: string;
            changelog: string;
            fileCount: number;
            createdAt: string;
            /** @enum {string} */
            status: "uploading" | "ready" | "published";
            /** @description SHA-256 of the canonical manifest, set once published (signed into licences) */
            manifestHash: string | null;
            publishedAt: string | null;
            files: components["schemas"]["ArtifactFile"][];
            card: {
                license: string | null;
                tags: string[];
                pipelineTag: string | null;
                baseModels: string[];
                datasets: string[];
                languages: string[];
                summary: string | null;
            } | null;
        };
        /**
         * @example {
         *       "fileId": "fil_3x4mpl3Id0000000000",
         *       "path": "weights/model.safetensors",
         *       "size": 2200000000,
         *       "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
         *       "contentType": "application/octet-stream",
         *       "status": "uploaded"
         *     }
         */
        ArtifactFile: {
            fileId: string;
            path: string;
            size: number;
            sha256: string;
            contentType: string;
            /** @enum {string} */
            status: "pending" | "uploaded";
            inspection: {
                /** @enum {string} */
                format: "safetensors";
                tensorCount: number;
                parameterCount: number;
                dtypes: {
                    [key: string]: number;
                };
                metadata: {
                    [key: string]: string;
                };
            } | {
                /** @enum {string} */
                format: "gguf";
                version: number;
                architecture: string | null;
                quantization: string | null;
                tensorCount: number;
                parameterCount: number;
                contextLength: number | null;
            } | {
                /** @enum {string} */
                format: "safetensors" | "gguf";
                invalid: string;
            } | null;
        };
        Offer: {
            modelId: string;
            offerId: string;
            name: string;
            terms: {
                commercialUse: boolean;
                /** @enum {string} */
                derivatives: "none" | "allowed" | "share-alike";
                attribution: boolean;
                durationDays: number | null;
                seats: number;
                transferable: boolean;
                spdxId?: string;
                /** Format: uri */
                termsUri?: string;
            };
            price: components["schemas"]["Price"];
            supplyCap: number | null;
            covers: string;
            active: boolean;
            soldCount: number;
            createdAt: string;
            updatedAt: string;
            /** @description True once a licence has sold: terms, price, covers, supplyCap fixed */
            frozen: boolean;
            /**
             * @description The offer's sale through its chain's marketplace contract, null when the chain has none: `signed` while the owner's signature names the current revision and has not expired (GET …/typed-data, PUT …/signature)
             * @example {
             *       "signed": true,
             *       "revision": 3,
             *       "validUntil": "2027-11-25T10:00:00.000Z",
             *       "offerDigest": "0xabababababababababababababababababababababababababababababababab"
             *     }
             */
            market: {
                signed: boolean;
                revision: number;
                validUntil: string | null;
                offerDigest: string | null;
            } | null;
        };
        /**
         * @example {
         *       "description": "Now with a longer context window.",
         *       "tags": [
         *         "llm",
         *         "chat",
         *         "long-context"
         *       ]
         *     }
         */
        ModelPatch: {
            name?: string;
            slug?: string;
            /** @default  */
            description?: string;
            task?: string;
            /** @default [] */
            tags?: string[];
            framework?: string;
        };
        ModelPage: {
            items: components["schemas"]["Model"][];
            nextCursor: string | null;
        };
        SplitView: {
            recipients: components["schemas"]["SplitRecipient"][];
        };
        /**
         * @example {
         *       "recipients": [
         *         {
         *           "address": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
         *           "bps": 7000,
         *           "role": "owner"
         *         },
         *         {
         *           "address": "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
         *           "bps": 3000,
         *           "role": "fine-tuning"
         *         }
         *       ]
         *     }
         */
        Split: {
            recipients: {
                address: string;
                bps: number;
                role?: string;
            }[];
        };
        /**
         * @example {
         *       "version": "1.0.0",
         *       "changelog": "First release"
         *     }
         */
        CreateVersion: {
            version: string;
            /** @default  */
            changelog?: string;
        };
        VersionList: {
            items: components["schemas"]["Version"][];
            nextCursor: string | null;
        };
        /**
         * @example {
         *       "fileId": "fil_3x4mpl3Id0000000000",
         *       "file": {
         *         "fileId": "fil_3x4mpl3Id0000000000",
         *         "path": "weights/model.safetensors",
         *         "size": 2200000000,
         *         "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
         *         "contentType": "application/octet-stream",
         *         "status": "pending"
         *       },
         *       "upload": {
         *         "kind": "multipart",
         *         "uploadId": "VXBsb2FkSWQ",
         *         "partSize": 67108864,
         *         "partCount": 33
         *       }
         *     }
         */
        DeclaredFile: {
            fileId: string;
            file: components["schemas"]["ArtifactFile"];
            upload: {
                url: string;
                /** @description Send exactly these headers (they are signed) */
                headers: {
                    [key: string]: string;
                };
                expiresAt: string;
                /** @enum {string} */
                kind: "single";
            } | {
                /** @enum {string} */
                kind: "multipart";
                uploadId: string;
                partSize: number;
                partCount: number;
            } | {
                /** @enum {string} */
                kind: "reused";
            };
        };
        /**
         * @example {
         *       "path": "weights/model.safetensors",
         *       "size": 2200000000,
         *       "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
         *       "contentType": "application/octet-stream"
         *     }
         */
        DeclareFile: {
            path: string;
            size: number;
            sha256: string;
            /** @default application/octet-stream */
            contentType?: string;
        };
        PartUrls: {
            partSize: number;
            partCount: number;
            parts: {
                url: string;
                /** @description Send exactly these headers (they are signed) */
                headers: {
                    [key: string]: string;
                };
                expiresAt: string;
                partNumber: number;
                size: number;
            }[];
        };
        /**
         * @example {
         *       "parts": [
         *         {
         *           "partNumber": 1,
         *           "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
         *         }
         *       ]
         *     }
         */
        PartUrlRequest: {
            parts: {
                partNumber: number;
                /** @description The part's SHA-256 (64 lower-case hex digits): signed into its URL, so the store refuses any other bytes */
                sha256: string;
            }[];
        };
        /**
         * @example {
         *       "partSize": 67108864,
         *       "partCount": 3,
         *       "parts": [
         *         {
         *           "partNumber": 1,
         *           "size": 67108864,
         *           "etag": "\"5d41402abc4b2a76b9719d911017c592\""
         *         }
         *       ],
         *       "missing": [
         *         2,
         *         3
         *       ]
         *     }
         */
        UploadedParts: {
            partSize: number;
            partCount: number;
            parts: {
                partNumber: number;
                size: number;
                etag: string;
            }[];
            missing: number[];
        };
        /**
         * @example {
         *       "parts": [
         *         {
         *           "partNumber": 1,
         *           "etag": "\"5d41402abc4b2a76b9719d911017c592\""
         *         }
         *       ]
         *     }
         */
        CompleteFile: {
            /** @description Multipart only: the parts as the client saw them; must match what S3 holds */
            parts?: {
                partNumber: number;
                etag: string;
            }[];
        };
        /**
         * @example {
         *       "name": "Commercial, 5 seats",
         *       "terms": {
         *         "commercialUse": true,
         *         "derivatives": "allowed",
         *         "attribution": true,
         *         "durationDays": 365,
         *         "seats": 5,
         *         "transferable": false,
         *         "spdxId": "OpenRAIL-M"
         *       },
         *       "price": {
         *         "amount": "25000000",
         *         "chainId": 31337,
         *         "currency": "0x5FbDB2315678afecb367f032d93F642f64180aa3"
         *       },
         *       "supplyCap": 100,
         *       "covers": "latest",
         *       "active": true
         *     }
         */
        CreateOffer: {
            name: string;
            terms: {
                commercialUse: boolean;
                /** @enum {string} */
                derivatives: "none" | "allowed" | "share-alike";
                attribution: boolean;
                durationDays: number | null;
                seats: number;
                transferable: boolean;
                spdxId?: string;
                /** Format: uri */
                termsUri?: string;
            };
            price: components["schemas"]["Price"];
            /** @default null */
            supplyCap?: number | null;
            /** @default latest */
            covers?: string;
            /** @default true */
            active?: boolean;
        };
        OfferList: {
            items: components["schemas"]["Offer"][];
            nextCursor: string | null;
        };
        /**
         * @example {
         *       "active": false
         *     }
         */
        OfferPatch: {
            name?: string;
            terms?: {
                commercialUse: boolean;
                /** @enum {string} */
                derivatives: "none" | "allowed" | "share-alike";
                attribution: boolean;
                durationDays: number | null;
                seats: number;
                transferable: boolean;
                spdxId?: string;
                /** Format: uri */
                termsUri?: string;
            };
            price?: {
                amount: string;
                chainId: number;
                currency: "native" | string;
            };
            supplyCap?: number | null;
            covers?: "latest" | string;
            active?: boolean;
        };
        /**
         * @example {
         *       "modelId": "mdl_3x4mpl3Id0000000000",
         *       "chainId": 31337,
         *       "market": "0x8464135c8F25Da09e49BC8782676a84730C318bC",
         *       "owner": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
         *       "modelKey": "0xabababababababababababababababababababababababababababababababab",
         *       "externalId": "0xabababababababababababababababababababababababababababababababab",
         *       "split": {
         *         "recipients": [
         *           "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
         *         ],
         *         "bps": [
         *           10000
         *         ],
         *         "splitId": "0xabababababababababababababababababababababababababababababababab"
         *       },
         *       "onChain": {
         *         "registered": false,
         *         "owner": null,
         *         "splitId": null,
         *         "splitExists": false
         *       },
         *       "calls": [
         *         {
         *           "to": "0x8464135c8F25Da09e49BC8782676a84730C318bC",
         *           "data": "0x…",
         *           "value": "0",
         *           "description": "Create the model's split (1 recipient) on the market"
         *         },
         *         {
         *           "to": "0x8464135c8F25Da09e49BC8782676a84730C318bC",
         *           "data": "0x…",
         *           "value": "0",
         *           "description": "Register the model with its split (sent by the owner: no signature needed)"
         *         }
         *       ]
         *     }
         */
        ModelMarket: {
            modelId: string;
            chainId: number;
            market: string;
            owner: string;
            modelKey: string;
            externalId: string;
            split: {
                recipients: string[];
                bps: number[];
                splitId: string;
            };
            onChain: {
                registered: boolean;
                owner: string | null;
                splitId: string | null;
                splitExists: boolean;
            };
            calls: {
                to: string;
                data: string;
                value: string;
                description: string;
            }[];
        };
        OfferTypedData: {
            domain: {
                name: string;
                version: string;
                chainId: number;
                verifyingContract: string;
            };
            types: {
                [key: string]: {
                    name: string;
                    type: string;
                }[];
            };
            /** @enum {string} */
            primaryType: "Offer";
            message: {
                modelKey: string;
                offerId: string;
                revision: string;
                currency: string;
                price: string;
                supplyCap: string;
                licenceDuration: string;
                validUntil: string;
                maxFeeBps: number;
                transferable: boolean;
                termsHash: string;
                manifestHash: string;
            };
            offerDigest: string;
        };
        /**
         * @example {
         *       "signature": "0x1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b",
         *       "validUntil": "1798761600",
         *       "maxFeeBps": 350
         *     }
         */
        OfferSignature: {
            /** @description The owner's signature (65-byte ECDSA, or an EIP-1271 wallet's) */
            signature: string;
            /**
             * @description Unix seconds, as in the signed message's validUntil
             * @example 1798761600
             */
            validUntil: number | string;
            /**
             * @description As in the signed message's maxFeeBps
             * @example 350
             */
            maxFeeBps: number;
        };
        Order: {
            id: string;
            /** @enum {string} */
            status: "awaiting_payment" | "paid" | "expired";
            modelId: string;
            offerId: string;
            /** @example 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 */
            buyer: string;
            /**
             * @description Base units, decimal string
             * @example 25000000
             */
            amount: string;
            currency: {
                address: "native" | string;
                symbol: string;
                decimals: number;
            };
            chainId: number;
            /** @example 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 */
            referrer: string | null;
            version: string;
            createdAt: string;
            expiresAt: string;
            txHash: string | null;
            /**
             * @description Base units, decimal string
             * @example 25000000
             */
            paidAmount: string | null;
            licenceId: string | null;
            sale: {
                contract: string;
                orderHash: string;
                offer: {
                    modelKey: string;
                    offerId: string;
                    revision: string;
                    currency: string;
                    price: string;
                    supplyCap: string;
                    licenceDuration: string;
                    validUntil: string;
                    maxFeeBps: number;
                    transferable: boolean;
                    termsHash: string;
                    manifestHash: string;
                };
                offerSignature: string;
                authorization: {
                    orderId: string;
                    buyer: string;
                    offerDigest: string;
                    referrer: string;
                    manifestHash: string;
                    expiry: string;
                };
                authorizationSignature: string;
                payWithSignature?: {
                    permit?: {
                        typedData: {
                            domain: {
                                name: string;
                                version: string;
                                chainId: number;
                                verifyingContract: string;
                            };
                            types: {
                                [key: string]: {
                                    name: string;
                                    type: string;
                                }[];
                            };
                            primaryType: string;
                            message: {
                                [key: string]: string;
                            };
                        };
                        /** @enum {string} */
                        method: "buyWithPermit";
                        deadline: string;
                    };
                    receiveWithAuthorization?: {
                        typedData: {
                            domain: {
                                name: string;
                                version: string;
                                chainId: number;
                                verifyingContract: string;
                            };
                            types: {
                                [key: string]: {
                                    name: string;
                                    type: string;
                                }[];
                            };
                            primaryType: string;
                            message: {
                                [key: string]: string;
                            };
                        };
                        /** @enum {string} */
                        method: "buyWithAuthorization";
                        validAfter: string;
                        validBefore: string;
                        nonce: string;
                    };
                };
                calls: {
                    to: string;
                    data: string;
                    value: string;
                    description: string;
                }[];
            };
        };
        /**
         * @example {
         *       "offerId": "off_3x4mpl3Id0000000000"
         *     }
         */
        CreateOrderRequest: {
            offerId: string;
            /** @description Address of the frontend that brought the sale (never the zero address). It must be one the operator registered (REFERRER_ADDRESSES), else 400 REFERRER_NOT_REGISTERED; it earns the referrer fee. */
            referrer?: string;
        };
        OrderPage: {
            items: components["schemas"]["Order"][];
            nextCursor: string | null;
        };
        PaymentPaid: {
            /** @enum {string} */
            status: "paid";
            order: components["schemas"]["Order"];
            licence: components["schemas"]["Licence"];
        };
        Licence: {
            id: string;
            modelId: string;
            offerId: string;
            orderId: string;
            /** @example 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 */
            licensee: string;
            version: string;
            manifestHash: string;
            terms: {
                commercialUse: boolean;
                /** @enum {string} */
                derivatives: "none" | "allowed" | "share-alike";
                attribution: boolean;
                durationDays: number | null;
                seats: number;
                transferable: boolean;
                spdxId?: string;
                /** Format: uri */
                termsUri?: string;
            };
            termsHash: string;
            seats: number;
            /** @enum {string} */
            state: "active" | "expired" | "revoked" | "transferred";
            issuedAt: string;
            expiresAt: string | null;
            revokeReason: string | null;
            /** @example 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 */
            transferredTo: string | null;
            /** @description The licence token: EIP-712 payload + signature, one base64url string */
            token: string;
            onChain: {
                chainId: number;
                contract: string;
                tokenId: string;
                txHash: string;
            } | null;
        };
        PaymentConfirming: {
            /** @enum {string} */
            status: "confirming";
            confirmations: number;
            required: number;
            order: components["schemas"]["Order"];
        };
        PaymentRequest: {
            txHash: string;
        };
        LicenceTokenMetadata: {
            name: string;
            description: string;
            external_url: string;
            attributes: {
                trait_type: string;
                value: string | number;
                /** @enum {string} */
                display_type?: "number" | "date";
            }[];
            properties: {
                [key: string]: string;
            };
        };
        LicencePage: {
            items: components["schemas"]["Licence"][];
            nextCursor: string | null;
        };
        LicenceVerdict: {
            valid: boolean;
            /** @enum {string} */
            reason?: "MALFORMED" | "WRONG_DOMAIN" | "INVALID_SIGNATURE" | "EXPIRED" | "REVOKED" | "TRANSFERRED" | "UNKNOWN_LICENCE";
            licence: {
                id: string;
                modelId: string;
                offerId: string;
                /** @example 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 */
                licensee: string;
                version: string;
                manifestHash: string;
                terms: {
                    commercialUse: boolean;
                    /** @enum {string} */
                    derivatives: "none" | "allowed" | "share-alike";
                    attribution: boolean;
                    durationDays: number | null;
                    seats: number;
                    transferable: boolean;
                    spdxId?: string;
                    /** Format: uri */
                    termsUri?: string;
                };
                termsHash: string;
                seats: number;
                /** @enum {string} */
                state: "active" | "expired" | "revoked" | "transferred";
                issuedAt: string;
                expiresAt: string | null;
                revokeReason: string | null;
                /** @example 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 */
                transferredTo: string | null;
                onChain: {
                    chainId: number;
                    contract: string;
                    tokenId: string;
                    txHash: string;
                } | null;
            } | null;
            /** @example 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 */
            holder?: string | null;
        };
        VerifyLicenceRequest: {
            token: string;
            /** @description Also ask the chain: for a licence sold through the marketplace contract, the licensee must hold its token now */
            checkChain?: boolean;
        };
        RevokeLicenceRequest: {
            reason: string;
        };
        Download: {
            /** Format: uri */
            url: string;
            expiresAt: string;
            size: number;
            sha256: string;
        };
        Earnings: {
            history: components["schemas"]["Credit"][];
            onChain: {
                chainId: number;
                /** @example 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 */
                market: string;
                currency: string;
                /**
                 * @description Base units, decimal string
                 * @example 25000000
                 */
                withdrawable: string;
                /**
                 * @description Base units, decimal string
                 * @example 25000000
                 */
                awaitingDistribution: string;
                withdraw: {
                    /** @example 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 */
                    to: string;
                    data: string;
                    /**
                     * @description Base units, decimal string
                     * @example 25000000
                     */
                    value: string;
                } | null;
            }[];
        };
        Credit: {
            saleId: string;
            modelId: string;
            chainId: number;
            currency: string;
            role: string;
            /**
             * @description Base units, decimal string
             * @example 25000000
             */
            amount: string;
            at: string;
        };
        SalePage: {
            items: components["schemas"]["Sale"][];
            nextCursor: string | null;
        };
        Sale: {
            saleId: string;
            modelId: string;
            offerId: string;
            orderId: string;
            licenceId: string;
            /** @example 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 */
            buyer: string;
            chainId: number;
            currency: string;
            txHash: string;
            /**
             * @description Base units, decimal string
             * @example 25000000
             */
            amount: string;
            credits: {
                /** @example 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 */
                recipient: string;
                role: string;
                /**
                 * @description Base units, decimal string
                 * @example 25000000
                 */
                amount: string;
            }[];
            settledAt: string;
        };
        WellKnown: {
            /** @description The licence signer address (EIP-712) */
            signer: string;
            eip712Domain: {
                name: string;
                version: string;
                chainId: number;
            };
            eip712Types: {
                [key: string]: {
                    name: string;
                    type: string;
                }[];
            };
            primaryType: string;
            chains: {
                chainId: number;
                name: string;
                confirmations: number;
                market: string | null;
                currencies: {
                    address: string;
                    symbol: string;
                    decimals: number;
                    signing: {
                        name: string;
                        version: string;
                        permit: boolean;
                        receiveWithAuthorization: boolean;
                    } | null;
                }[];
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
