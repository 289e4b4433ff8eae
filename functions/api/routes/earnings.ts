/** Earnings of the caller and sales of a model. */
import { createRoute } from '@hono/zod-openapi';
import { requireCaller, SIGNED_IN } from '#api/http/auth.js';
import { errorResponses, jsonResponse } from '#api/http/openapi.js';
import { createRouter } from '#api/http/router.js';
import type { CursorCodec } from '#domain/catalogue/cursor.js';
import type { EarningsService } from '#domain/purchases/earnings-service.js';
import { listOf, ModelIdParam, PageQuery } from './catalogue-schemas.js';
import { EarningsSchema, SaleSchema } from './purchase-schemas.js';

const earnings = createRoute({
  method: 'get',
  path: '/me/earnings',
  tags: ['Earnings'],
  summary: 'What the contracts hold for me, and my latest credits',
  description:
    '`onChain`: per marketplace contract and currency, read from the contract in one Multicall3 call — what you can ' +
    'withdraw now, your share of what your splits earned and the contract has not distributed yet, and `withdraw`, ' +
    'the one transaction (distributeAndWithdraw) your wallet sends to receive it all. `history`: the indexed credits ' +
    'of your sales.',
  security: SIGNED_IN,
  responses: { 200: jsonResponse(EarningsSchema, 'Earnings'), ...errorResponses(401, 503) },
});

const sales = createRoute({
  method: 'get',
  path: '/models/{modelId}/sales',
  tags: ['Earnings'],
  summary: "A model's sales with the split each one was credited by (owner and contributors)",
  security: SIGNED_IN,
  request: { params: ModelIdParam, query: PageQuery },
  responses: {
    200: jsonResponse(listOf(SaleSchema, 'SalePage'), 'A page'),
    ...errorResponses(400, 401, 404, 503),
  },
});

export function earningsRoutes(service: EarningsService, cursors: CursorCodec) {
  return createRouter()
    .openapi(earnings, async (c) => c.json(await service.earnings(requireCaller(c, 'read'), 50), 200))
    .openapi(sales, async (c) => {
      const caller = requireCaller(c, 'read');
      const { modelId } = c.req.valid('param');
      const { limit, cursor } = c.req.valid('query');
      const scope = `sales:${modelId}`;
      const page = await service.sales(caller, modelId, limit, cursors.positionOf(scope, cursor));
      return c.json(cursors.toPage(scope, page), 200);
    });
}
