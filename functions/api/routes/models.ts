/** Models: create, browse, detail, edit (If-Match), publish/delist, mine, and the revenue split. */
import { createRoute } from '@hono/zod-openapi';
import { optionalCaller, requireCaller, SIGNED_IN } from '#api/http/auth.js';
import { errorResponses, jsonResponse } from '#api/http/openapi.js';
import { createRouter } from '#api/http/router.js';
import { etagFor } from '#domain/catalogue/access.js';
import type { CatalogueService } from '#domain/catalogue/catalogue-service.js';
import {
  BrowseQuery,
  CreateModelSchema,
  IfMatchHeader,
  ListingSchema,
  listOf,
  ModelDetailSchema,
  ModelIdParam,
  ModelPatchSchema,
  ModelSchema,
  PageQuery,
  SplitSchema,
  SplitViewSchema,
} from './catalogue-schemas.js';

const TAGS = ['Catalogue'];
const etagHeader = {
  ETag: { schema: { type: 'string' as const }, description: 'Send back as If-Match to edit' },
};

const createModel = createRoute({
  method: 'post',
  path: '/models',
  tags: TAGS,
  summary: 'Create a model (draft, owned by the caller)',
  security: SIGNED_IN,
  request: { body: { content: { 'application/json': { schema: CreateModelSchema } }, required: true } },
  responses: {
    201: { ...jsonResponse(ModelSchema, 'The new draft'), headers: etagHeader },
    ...errorResponses(400, 401, 403, 409, 503),
  },
});

const browse = createRoute({
  method: 'get',
  path: '/models',
  tags: TAGS,
  summary: 'Browse and search published models, newest first',
  description:
    'Filters combine with AND. `q` matches whole words of the name, task and tags (no prefix or fuzzy ' +
    'matching). A page may hold fewer than `limit` items; only `nextCursor: null` means the end.',
  request: { query: BrowseQuery },
  responses: {
    200: jsonResponse(listOf(ListingSchema, 'ModelListingPage'), 'A page'),
    ...errorResponses(400, 503),
  },
});

const getModel = createRoute({
  method: 'get',
  path: '/models/{modelId}',
  tags: TAGS,
  summary: 'Model detail with versions, files and offers',
  description:
    'Drafts, delisted models, unpublished versions and inactive offers are visible to the owner only.',
  request: { params: ModelIdParam },
  responses: {
    200: { ...jsonResponse(ModelDetailSchema, 'The model'), headers: etagHeader },
    ...errorResponses(404, 503),
  },
});

const patchModel = createRoute({
  method: 'patch',
  path: '/models/{modelId}',
  tags: TAGS,
  summary: 'Edit a model (owner)',
  security: SIGNED_IN,
  request: {
    params: ModelIdParam,
    headers: IfMatchHeader,
    body: { content: { 'application/json': { schema: ModelPatchSchema } }, required: true },
  },
  responses: {
    200: { ...jsonResponse(ModelSchema, 'The edited model'), headers: etagHeader },
    ...errorResponses(400, 401, 403, 404, 409, 412, 503),
  },
});

const stateChange = (action: 'publish' | 'delist') =>
  createRoute({
    method: 'post',
    path: `/models/{modelId}/${action}`,
    tags: TAGS,
    summary:
      action === 'publish'
        ? 'Publish a model (needs a published version and an active offer)'
        : 'Delist a published model (hidden from browse; licences stay valid)',
    security: SIGNED_IN,
    request: { params: ModelIdParam },
    responses: {
      200: { ...jsonResponse(ModelSchema, 'The model in its new state'), headers: etagHeader },
      ...errorResponses(401, 403, 404, 409, 503),
    },
  });

const myModels = createRoute({
  method: 'get',
  path: '/me/models',
  tags: TAGS,
  summary: 'My models, drafts included, newest first',
  security: SIGNED_IN,
  request: { query: PageQuery },
  responses: {
    200: jsonResponse(listOf(ModelSchema, 'ModelPage'), 'A page'),
    ...errorResponses(400, 401, 503),
  },
});

const getSplit = createRoute({
  method: 'get',
  path: '/models/{modelId}/split',
  tags: TAGS,
  summary: 'The revenue split in force',
  request: { params: ModelIdParam },
  responses: {
    200: { ...jsonResponse(SplitViewSchema, 'The split'), headers: etagHeader },
    ...errorResponses(404, 503),
  },
});

const putSplit = createRoute({
  method: 'put',
  path: '/models/{modelId}/split',
  tags: TAGS,
  summary: 'Replace the revenue split (owner)',
  description:
    '1–50 recipients, EIP-55 addresses (never the zero address), integer bps ≥ 1, no duplicates, sum exactly 10000. ' +
    'Each sale snapshots the split in force, so changes never rewrite past sales.',
  security: SIGNED_IN,
  request: {
    params: ModelIdParam,
    headers: IfMatchHeader,
    body: { content: { 'application/json': { schema: SplitSchema } }, required: true },
  },
  responses: {
    200: { ...jsonResponse(SplitViewSchema, 'The new split'), headers: etagHeader },
    ...errorResponses(400, 401, 403, 404, 412, 503),
  },
});

export function modelRoutes(catalogue: CatalogueService) {
  return createRouter()
    .openapi(createModel, async (c) => {
      const caller = requireCaller(c, 'publish');
      const model = await catalogue.createModel(caller, c.req.valid('json'));
      c.header('ETag', etagFor(1));
      return c.json(model, 201);
    })
    .openapi(browse, async (c) => {
      const { limit, cursor, commercialUse, maxPrice, ...filters } = c.req.valid('query');
      const page = await catalogue.browse(
        {
          ...filters,
          commercialUse: commercialUse === undefined ? undefined : commercialUse === 'true',
          maxPrice: maxPrice === undefined ? undefined : BigInt(maxPrice),
        },
        limit,
        cursor,
      );
      return c.json(page, 200);
    })
    .openapi(getModel, async (c) => {
      const { rev, ...detail } = await catalogue.getModel(c.req.valid('param').modelId, optionalCaller(c));
      c.header('ETag', etagFor(rev));
      c.header('Cache-Control', 'no-store');
      return c.json(detail, 200);
    })
    .openapi(patchModel, async (c) => {
      const caller = requireCaller(c, 'publish');
      const { model, rev } = await catalogue.updateModel(
        caller,
        c.req.valid('param').modelId,
        c.req.valid('json'),
        c.req.valid('header')['if-match'],
      );
      c.header('ETag', etagFor(rev));
      return c.json(model, 200);
    })
    .openapi(stateChange('publish'), async (c) => {
      const { model, rev } = await catalogue.publishModel(
        requireCaller(c, 'publish'),
        c.req.valid('param').modelId,
      );
      c.header('ETag', etagFor(rev));
      return c.json(model, 200);
    })
    .openapi(stateChange('delist'), async (c) => {
      const { model, rev } = await catalogue.delistModel(
        requireCaller(c, 'publish'),
        c.req.valid('param').modelId,
      );
      c.header('ETag', etagFor(rev));
      return c.json(model, 200);
    })
    .openapi(myModels, async (c) => {
      const { limit, cursor } = c.req.valid('query');
      return c.json(await catalogue.listMyModels(requireCaller(c, 'read'), limit, cursor), 200);
    })
    .openapi(getSplit, async (c) => {
      const { recipients, rev } = await catalogue.getSplit(c.req.valid('param').modelId, optionalCaller(c));
      c.header('ETag', etagFor(rev));
      return c.json({ recipients }, 200);
    })
    .openapi(putSplit, async (c) => {
      const caller = requireCaller(c, 'publish');
      const { recipients, rev } = await catalogue.setSplit(
        caller,
        c.req.valid('param').modelId,
        c.req.valid('json').recipients,
        c.req.valid('header')['if-match'],
      );
      c.header('ETag', etagFor(rev));
      return c.json({ recipients }, 200);
    });
}
