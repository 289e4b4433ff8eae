/** Orders (quotes) and payment submission. */
import { createRoute } from '@hono/zod-openapi';
import { requireCaller, SIGNED_IN } from '#api/http/auth.js';
import { errorResponses, jsonResponse } from '#api/http/openapi.js';
import { createRouter } from '#api/http/router.js';
import type { CursorCodec } from '#domain/catalogue/cursor.js';
import type { PurchaseService } from '#domain/purchases/purchase-service.js';
import { METRIC_NAMES, type Metrics } from '#shared/metrics.js';
import { listOf, PageQuery } from './catalogue-schemas.js';
import {
  CreateOrderSchema,
  OrderIdParam,
  OrderSchema,
  PaymentConfirmingSchema,
  PaymentPaidSchema,
  PaymentSchema,
} from './purchase-schemas.js';

const TAGS = ['Purchases'];

const createOrder = createRoute({
  method: 'post',
  path: '/orders',
  tags: TAGS,
  summary: 'Quote an offer: amount, currency, expiry, and the transactions that buy it',
  description:
    'Send `sale.calls` in order from your signed-in wallet ' +
    "(an ERC-20 `approve` of exactly the price, then `buy`, which carries the owner-signed offer and the operator's " +
    'authorization of this order for you alone, valid until `expiresAt`); the contract takes exactly the price, credits ' +
    'the fees and the split and mints the licence token to you, or reverts. For a token with EIP-2612 or EIP-3009 ' +
    '(config `signing`), `sale.payWithSignature` holds the typed data to sign instead of approving: then call ' +
    '`buyWithPermit` yourself, or have anyone submit `buyWithAuthorization` (the licence still goes to you). Then submit ' +
    'the transaction hash. Never transfer the price to the contract yourself: only a `buy` is a purchase. Checks the ' +
    'offer is on sale and not sold out. 409 OFFER_NOT_SIGNED while the owner has not signed the offer for sale on ' +
    'chain, 409 MODEL_NOT_ON_CHAIN while the model is not registered there, 409 MARKET_NOT_CONFIGURED on a chain ' +
    'without a marketplace contract. ' +
    '`referrer` must be a frontend the operator registered (it earns the referrer fee out of the sale): any other ' +
    'address is refused with 400 REFERRER_NOT_REGISTERED, one the contract does not know yet with 409 ' +
    'REFERRER_NOT_ON_CHAIN; the buyer or the platform named as referrer earn nothing.',
  security: SIGNED_IN,
  request: { body: { required: true, content: { 'application/json': { schema: CreateOrderSchema } } } },
  responses: { 201: jsonResponse(OrderSchema, 'The quote'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});

const getOrder = createRoute({
  method: 'get',
  path: '/orders/{orderId}',
  tags: TAGS,
  summary: 'An order of mine; re-checks a payment that is still confirming',
  security: SIGNED_IN,
  request: { params: OrderIdParam },
  responses: { 200: jsonResponse(OrderSchema, 'The order'), ...errorResponses(401, 404, 503) },
});

const myOrders = createRoute({
  method: 'get',
  path: '/me/orders',
  tags: TAGS,
  summary: 'My orders, newest first',
  security: SIGNED_IN,
  request: { query: PageQuery },
  responses: {
    200: jsonResponse(listOf(OrderSchema, 'OrderPage'), 'A page'),
    ...errorResponses(400, 401, 503),
  },
});

const submitPayment = createRoute({
  method: 'post',
  path: '/orders/{orderId}/payment',
  tags: TAGS,
  summary: 'Submit the payment transaction; the licence once it is final',
  description:
    "Indexes the transaction's market events as soon as its block is final (the chain indexer would find them too) " +
    'and answers the licence once the sale paid this order; 202 while confirming (poll GET /orders/{orderId}); 404 ' +
    'TX_NOT_FOUND; 422 TX_REVERTED (nothing was paid), NOT_A_MARKET_SALE, SALE_OF_ANOTHER_ORDER; 409 ' +
    'ORDER_ALREADY_PAID by another transaction; 503 when the chain cannot be reached. Idempotent: submitting again ' +
    'answers the same licence.',
  security: SIGNED_IN,
  request: {
    params: OrderIdParam,
    body: { required: true, content: { 'application/json': { schema: PaymentSchema } } },
  },
  responses: {
    200: jsonResponse(PaymentPaidSchema, 'Paid: the licence'),
    202: jsonResponse(PaymentConfirmingSchema, 'Seen, not final yet'),
    ...errorResponses(400, 401, 403, 404, 409, 422, 503),
  },
});

export function orderRoutes(purchases: PurchaseService, cursors: CursorCodec, metrics: Metrics) {
  return createRouter()
    .openapi(createOrder, async (c) => {
      const order = await purchases.createOrder(requireCaller(c, 'purchase'), c.req.valid('json'));
      metrics.count(METRIC_NAMES.ordersCreated, 1, { chainId: order.chainId });
      return c.json(order, 201);
    })
    .openapi(getOrder, async (c) => {
      return c.json(await purchases.getOrder(requireCaller(c, 'read'), c.req.valid('param').orderId), 200);
    })
    .openapi(myOrders, async (c) => {
      const caller = requireCaller(c, 'read');
      const { limit, cursor } = c.req.valid('query');
      const scope = `orders:${caller.address}`;
      const page = await purchases.listOrders(caller, limit, cursors.positionOf(scope, cursor));
      return c.json(cursors.toPage(scope, page), 200);
    })
    .openapi(submitPayment, async (c) => {
      const caller = requireCaller(c, 'purchase');
      const outcome = await purchases.submitPayment(
        caller,
        c.req.valid('param').orderId,
        c.req.valid('json').txHash,
      );
      if (outcome.status === 'confirming') {
        c.header('Retry-After', '5');
        return c.json(outcome, 202);
      }
      // Settlements are counted by the chain indexer, once per sale indexed (not per replayed answer).
      return c.json(outcome, 200);
    });
}
