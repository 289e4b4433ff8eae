/** Pull payouts: withdraw a balance; list my payouts. */
import { createRoute } from '@hono/zod-openapi';
import { requireCaller, SIGNED_IN } from '#api/http/auth.js';
import { errorResponses, jsonResponse } from '#api/http/openapi.js';
import { createRouter } from '#api/http/router.js';
import { z } from '#api/http/zod.js';
import { isAmountText, MAX_AMOUNT_DESCRIPTION } from '#domain/ledger/amount.js';
import type { PayoutRequestService } from '#domain/payouts/payout-requests.js';

const PayoutSchema = z
  .object({
    id: z.string(),
    status: z.enum(['requested', 'sent', 'confirmed', 'failed', 'recredited']),
    chainId: z.number().int(),
    currency: z.string(),
    amount: z.string(),
    requestedAt: z.string(),
    updatedAt: z.string(),
    txHash: z.string().nullable(),
    failureReason: z.string().nullable(),
  })
  .openapi('Payout');

const RequestPayoutSchema = z
  .object({
    chainId: z.number().int().positive(),
    currency: z.string().min(1).max(64).openapi({ description: '"native" or the ERC-20 address' }),
    amount: z
      .string()
      .regex(/^[1-9]\d{0,77}$/, 'must be a positive integer in base units, as a decimal string')
      .refine(isAmountText, `must be ${MAX_AMOUNT_DESCRIPTION}`)
      .optional()
      .openapi({
        description: `Base units, ${MAX_AMOUNT_DESCRIPTION}; when omitted the whole balance (up to that limit)`,
      }),
  })
  .openapi('RequestPayout', {
    example: { chainId: 31337, currency: '0x5FbDB2315678afecb367f032d93F642f64180aa3' },
  });

const requestPayout = createRoute({
  method: 'post',
  path: '/me/payouts',
  tags: ['Earnings'],
  summary: 'Withdraw a balance (debited now; sent by the payout worker)',
  security: SIGNED_IN,
  request: { body: { required: true, content: { 'application/json': { schema: RequestPayoutSchema } } } },
  responses: { 201: jsonResponse(PayoutSchema, 'Requested'), ...errorResponses(400, 401, 403, 409, 503) },
});

const listPayouts = createRoute({
  method: 'get',
  path: '/me/payouts',
  tags: ['Earnings'],
  summary: 'My payouts, newest first',
  security: SIGNED_IN,
  responses: {
    200: jsonResponse(z.object({ items: z.array(PayoutSchema), nextCursor: z.null() }), 'Payouts'),
    ...errorResponses(401, 503),
  },
});

export function payoutRoutes(payouts: PayoutRequestService) {
  return createRouter()
    .openapi(requestPayout, async (c) =>
      c.json(await payouts.request(requireCaller(c, 'purchase'), c.req.valid('json')), 201),
    )
    .openapi(listPayouts, async (c) =>
      c.json({ items: await payouts.list(requireCaller(c, 'read')), nextCursor: null }, 200),
    );
}
