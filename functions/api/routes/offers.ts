/** Offers (licence tiers) of a model: typed terms, an allow-listed price, supply cap, what they cover. */
import { createRoute } from '@hono/zod-openapi';
import { optionalCaller, requireCaller, SIGNED_IN } from '#api/http/auth.js';
import { errorResponses, jsonResponse } from '#api/http/openapi.js';
import { createRouter } from '#api/http/router.js';
import { etagFor } from '#domain/catalogue/access.js';
import type { CatalogueService } from '#domain/catalogue/catalogue-service.js';
import {
  CreateOfferSchema,
  IfMatchHeader,
  listOf,
  ModelIdParam,
  OfferParams,
  OfferPatchSchema,
  OfferSchema,
} from './catalogue-schemas.js';

const TAGS = ['Offers'];
const etagHeader = {
  ETag: { schema: { type: 'string' as const }, description: 'Send back as If-Match to edit' },
};

const createOffer = createRoute({
  method: 'post',
  path: '/models/{modelId}/offers',
  tags: TAGS,
  summary: 'Create an offer (owner)',
  description:
    'The price is a decimal string in base units, at most 2^256 − 1 (uint256: anything larger could not be paid ' +
    'on chain), of a currency allow-listed for the chain ' +
    '(see /.well-known/model-commons.json). `covers` is a version or "latest" (the latest published ' +
    'version at purchase time).',
  security: SIGNED_IN,
  request: {
    params: ModelIdParam,
    body: { content: { 'application/json': { schema: CreateOfferSchema } }, required: true },
  },
  responses: {
    201: { ...jsonResponse(OfferSchema, 'The new offer'), headers: etagHeader },
    ...errorResponses(400, 401, 403, 404, 409, 503),
  },
});

const listOffers = createRoute({
  method: 'get',
  path: '/models/{modelId}/offers',
  tags: TAGS,
  summary: "A model's offers (inactive ones only for the owner)",
  request: { params: ModelIdParam },
  responses: {
    200: jsonResponse(listOf(OfferSchema, 'OfferList'), 'All offers'),
    ...errorResponses(404, 503),
  },
});

const getOffer = createRoute({
  method: 'get',
  path: '/models/{modelId}/offers/{offerId}',
  tags: TAGS,
  summary: 'One offer',
  request: { params: OfferParams },
  responses: {
    200: { ...jsonResponse(OfferSchema, 'The offer'), headers: etagHeader },
    ...errorResponses(404, 503),
  },
});

const patchOffer = createRoute({
  method: 'patch',
  path: '/models/{modelId}/offers/{offerId}',
  tags: TAGS,
  summary: 'Edit an offer (owner)',
  description:
    'Once a licence under the offer has sold, only `name` and `active` may change (409 OFFER_FROZEN): ' +
    'create a new offer for new terms or a new price.',
  security: SIGNED_IN,
  request: {
    params: OfferParams,
    headers: IfMatchHeader,
    body: { content: { 'application/json': { schema: OfferPatchSchema } }, required: true },
  },
  responses: {
    200: { ...jsonResponse(OfferSchema, 'The edited offer'), headers: etagHeader },
    ...errorResponses(400, 401, 403, 404, 409, 412, 503),
  },
});

export function offerRoutes(catalogue: CatalogueService) {
  return createRouter()
    .openapi(createOffer, async (c) => {
      const caller = requireCaller(c, 'publish');
      const { offer, rev } = await catalogue.createOffer(
        caller,
        c.req.valid('param').modelId,
        c.req.valid('json'),
      );
      c.header('ETag', etagFor(rev));
      return c.json(offer, 201);
    })
    .openapi(listOffers, async (c) =>
      c.json(await catalogue.listOffers(c.req.valid('param').modelId, optionalCaller(c)), 200),
    )
    .openapi(getOffer, async (c) => {
      const { modelId, offerId } = c.req.valid('param');
      const { offer, rev } = await catalogue.getOffer(modelId, offerId, optionalCaller(c));
      c.header('ETag', etagFor(rev));
      return c.json(offer, 200);
    })
    .openapi(patchOffer, async (c) => {
      const { modelId, offerId } = c.req.valid('param');
      const { offer, rev } = await catalogue.updateOffer(
        requireCaller(c, 'publish'),
        modelId,
        offerId,
        c.req.valid('json'),
        c.req.valid('header')['if-match'],
      );
      c.header('ETag', etagFor(rev));
      return c.json(offer, 200);
    });
}
