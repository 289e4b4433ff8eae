/** GET /.well-known/model-commons.json: what a verifier or frontend needs to know about this marketplace. */
import { createRoute } from '@hono/zod-openapi';
import { jsonResponse } from '#api/http/openapi.js';
import { createRouter } from '#api/http/router.js';
import { z } from '#api/http/zod.js';
import { LICENCE_PRIMARY_TYPE, LICENCE_TYPES } from '#domain/licences/licence-token.js';
import type { LicenceService } from '#domain/purchases/licence-service.js';
import type { ChainConfig } from '#shared/config.js';

const WellKnownSchema = z
  .object({
    signer: z.string().openapi({ description: 'The licence signer address (EIP-712)' }),
    eip712Domain: z.object({ name: z.string(), version: z.string(), chainId: z.number().int() }),
    eip712Types: z.record(z.string(), z.array(z.object({ name: z.string(), type: z.string() }))),
    primaryType: z.string(),
    chains: z.array(
      z.object({
        chainId: z.number().int(),
        name: z.string(),
        confirmations: z.number().int(),
        /** The marketplace contract orders on this chain sell through (null: this chain sells nothing). */
        market: z.string().nullable(),
        currencies: z.array(
          z.object({
            address: z.string(),
            symbol: z.string(),
            decimals: z.number().int(),
            /** The token's EIP-712 domain and the signed payments it supports, when it has them. */
            signing: z
              .object({
                name: z.string(),
                version: z.string(),
                permit: z.boolean(),
                receiveWithAuthorization: z.boolean(),
              })
              .nullable(),
          }),
        ),
      }),
    ),
  })
  .openapi('WellKnown');

const route = createRoute({
  method: 'get',
  path: '/.well-known/model-commons.json',
  tags: ['Meta'],
  summary: 'Licence signer, EIP-712 domain and types, accepted chains and currencies',
  responses: { 200: jsonResponse(WellKnownSchema, 'Public marketplace parameters') },
});

export function wellKnownRoutes(licences: LicenceService, chains: readonly ChainConfig[]) {
  return createRouter().openapi(route, async (c) => {
    const { signer, domain } = await licences.verificationKey();
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(
      {
        signer,
        eip712Domain: domain,
        eip712Types: { [LICENCE_PRIMARY_TYPE]: LICENCE_TYPES.Licence.map((field) => ({ ...field })) },
        primaryType: LICENCE_PRIMARY_TYPE,
        chains: chains.map((chain) => ({
          chainId: chain.chainId,
          name: chain.name,
          confirmations: chain.useFinalizedTag ? 0 : chain.confirmations,
          market: chain.market ?? null,
          currencies: chain.currencies.map((currency) => ({
            address: currency.address,
            symbol: currency.symbol,
            decimals: currency.decimals,
            signing: currency.signing ?? null,
          })),
        })),
      },
      200,
    );
  });
}
