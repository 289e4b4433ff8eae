/** Licences: mine, one, verify (anyone), revoke (owner/operator), token metadata (anyone). Transfers happen in the wallet. */
import { createRoute } from '@hono/zod-openapi';
import { requireCaller, SIGNED_IN } from '#api/http/auth.js';
import { errorResponses, jsonResponse } from '#api/http/openapi.js';
import { createRouter } from '#api/http/router.js';
import type { CursorCodec } from '#domain/catalogue/cursor.js';
import type { LicenceService } from '#domain/purchases/licence-service.js';
import { listOf, PageQuery } from './catalogue-schemas.js';
import {
  LicenceIdParam,
  LicenceSchema,
  RevokeSchema,
  TokenMetadataParams,
  TokenMetadataSchema,
  VerdictSchema,
  VerifyLicenceSchema,
} from './purchase-schemas.js';

const TAGS = ['Licences'];

const myLicences = createRoute({
  method: 'get',
  path: '/me/licences',
  tags: TAGS,
  summary: 'Licences I hold, newest first (with their tokens)',
  security: SIGNED_IN,
  request: { query: PageQuery },
  responses: {
    200: jsonResponse(listOf(LicenceSchema, 'LicencePage'), 'A page'),
    ...errorResponses(400, 401, 503),
  },
});

const getLicence = createRoute({
  method: 'get',
  path: '/licences/{licenceId}',
  tags: TAGS,
  summary: 'A licence (licensee, model owner or operator)',
  security: SIGNED_IN,
  request: { params: LicenceIdParam },
  responses: { 200: jsonResponse(LicenceSchema, 'The licence'), ...errorResponses(401, 404, 503) },
});

const verifyLicence = createRoute({
  method: 'post',
  path: '/licences/verify',
  tags: TAGS,
  summary: 'Is this licence token valid now? (anyone)',
  description:
    'Checks the EIP-712 signature against the published signer and domain (see /.well-known/model-commons.json), ' +
    "expiry, revocation and transfer; with `checkChain`, also that the licensee holds the licence's ERC-721 token on " +
    'the marketplace contract now (`holder`; TRANSFERRED otherwise). Tokens can also be verified offline with any ' +
    'EIP-712 library.',
  request: { body: { required: true, content: { 'application/json': { schema: VerifyLicenceSchema } } } },
  responses: { 200: jsonResponse(VerdictSchema, 'The verdict'), ...errorResponses(400, 503) },
});

const revokeLicence = createRoute({
  method: 'post',
  path: '/licences/{licenceId}/revoke',
  tags: TAGS,
  summary: 'Revoke a licence (model owner or operator)',
  security: SIGNED_IN,
  request: {
    params: LicenceIdParam,
    body: { required: true, content: { 'application/json': { schema: RevokeSchema } } },
  },
  responses: { 200: jsonResponse(LicenceSchema, 'Revoked'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});

const tokenMetadata = createRoute({
  method: 'get',
  path: '/metadata/{chainId}/{tokenId}',
  tags: TAGS,
  summary: "A licence token's ERC-721 metadata (the market's tokenURI; anyone)",
  description:
    'What wallets and explorers show for a licence token of the marketplace contract: model, version, terms, state ' +
    'and expiry as attributes. 404 for a token the indexer has not recorded.',
  request: { params: TokenMetadataParams },
  responses: { 200: jsonResponse(TokenMetadataSchema, 'The metadata'), ...errorResponses(400, 404, 503) },
});

export function licenceRoutes(licences: LicenceService, cursors: CursorCodec, origin: string) {
  return createRouter()
    .openapi(tokenMetadata, async (c) => {
      const { chainId, tokenId } = c.req.valid('param');
      c.header('Cache-Control', 'public, max-age=60');
      return c.json(await licences.tokenMetadata(chainId, BigInt(tokenId), origin), 200);
    })
    .openapi(myLicences, async (c) => {
      const caller = requireCaller(c, 'read');
      const { limit, cursor } = c.req.valid('query');
      const scope = `licences:${caller.address}`;
      const page = await licences.listMine(caller, limit, cursors.positionOf(scope, cursor));
      return c.json(cursors.toPage(scope, page), 200);
    })
    .openapi(verifyLicence, async (c) => {
      const { token, checkChain } = c.req.valid('json');
      return c.json(await licences.verify(token, { checkChain: checkChain ?? false }), 200);
    })
    .openapi(getLicence, async (c) =>
      c.json(await licences.get(requireCaller(c, 'read'), c.req.valid('param').licenceId), 200),
    )
    .openapi(revokeLicence, async (c) => {
      const caller = requireCaller(c, 'publish');
      return c.json(
        await licences.revoke(caller, c.req.valid('param').licenceId, c.req.valid('json').reason),
        200,
      );
    });
}
