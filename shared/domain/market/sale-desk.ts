/**
 * The operator's side of a contract sale: for one order, the owner-signed offer exactly as the
 * contract must see it, the sale authorization the operator signs for this buyer alone (order id,
 * offer digest, referrer, manifest, expiry = the quote's), and the buyer's transactions. The licence
 * key signs the authorization (the contract's `saleSigner`), so an operator that issued no order
 * cannot be made to have sold one.
 */
import { bytesToHex, randomBytes } from '@noble/hashes/utils';
import type { Address } from '#domain/address.js';
import type { Model, Offer, Version } from '#domain/catalogue/schemas.js';
import { ConflictError } from '#domain/errors.js';
import type { Bytes32 } from '#domain/licences/canonical-json.js';
import type { MarketSale } from '#domain/purchases/order.js';
import type { MarketRegistry, OfferSignatureVerifier } from '#ports/market-registry.js';
import type { LicenceSigner } from '#ports/purchases.js';
import { type MarketDeployment, signedMarketOffer } from './signed-offer.js';
import { marketSplit } from './split-id.js';
import {
  idHash,
  type MarketSaleAuthorization,
  PERMIT_TYPES,
  RECEIVE_WITH_AUTHORIZATION_TYPES,
  saleAuthorizationTypedData,
  ZERO_ADDRESS,
} from './typed-data.js';

export interface SaleDeskDeps {
  registry: MarketRegistry & Pick<OfferSignatureVerifier, 'digest'>;
  signer: Pick<LicenceSigner, 'signDigest'>;
}

export interface SaleRequest {
  deployment: MarketDeployment;
  orderId: string;
  buyer: Address;
  referrer: Address | undefined;
  model: Model;
  offer: Offer;
  version: Version & { manifestHash: string };
  /** The quote's end: the authorization's expiry (unix seconds). */
  expiresAt: Date;
  /** The ERC-20's EIP-712 domain and signed payments, when it has them (config `signing`). */
  currencySigning?:
    | { name: string; version: string; permit: boolean; receiveWithAuthorization: boolean }
    | undefined;
  now: Date;
}

/**
 * @throws ConflictError OFFER_NOT_SIGNED when no unexpired owner signature covers the offer's current
 *   revision on this chain's market; MODEL_NOT_ON_CHAIN when the model is not registered there.
 */
export async function prepareMarketSale(request: SaleRequest, deps: SaleDeskDeps): Promise<MarketSale> {
  const { deployment, offer, model, version } = request;
  const signed = signedMarketOffer(offer, {
    owner: model.owner as Address,
    manifestHash: offer.covers === 'latest' ? undefined : version.manifestHash,
    deployment,
    now: request.now,
  });
  if (!signed) {
    throw new ConflictError(
      "The model's owner has not signed this offer for sale on chain (or the signature expired)",
      {
        code: 'OFFER_NOT_SIGNED',
      },
    );
  }
  // The contract would refuse the sale (UnknownModel); say so now rather than in the buyer's wallet.
  if (!(await deps.registry.model(deployment, signed.message.modelKey))) {
    throw new ConflictError("The model's owner has not registered it on the marketplace contract yet", {
      code: 'MODEL_NOT_ON_CHAIN',
    });
  }
  // A referrer the API accepts (REFERRER_ADDRESSES) but the contract does not know would revert the buy.
  if (request.referrer && !(await deps.registry.referrerRegistered(deployment, request.referrer))) {
    throw new ConflictError(
      'This referrer is not registered on the marketplace contract yet; the operator must register it there',
      { code: 'REFERRER_NOT_ON_CHAIN' },
    );
  }
  const authorization: MarketSaleAuthorization = {
    orderId: idHash(request.orderId),
    buyer: request.buyer,
    offerDigest: signed.offerDigest,
    referrer: request.referrer ?? ZERO_ADDRESS,
    manifestHash: version.manifestHash as MarketSaleAuthorization['manifestHash'],
    expiry: String(Math.floor(request.expiresAt.getTime() / 1000)),
  };
  const digest = await deps.registry.digest(saleAuthorizationTypedData(signed.domain, authorization));
  const authorizationSignature = await deps.signer.signDigest(digest);
  const split = marketSplit(
    model.split.map((share) => ({ address: share.address as Address, bps: share.bps })),
  );
  const native = signed.message.currency === ZERO_ADDRESS;
  const buy = await deps.registry.encodeCall({
    function: 'buy',
    offer: signed.message,
    offerSignature: signed.signature,
    authorization,
    authorizationSignature,
  });
  const calls: MarketSale['calls'] = [];
  if (!native) {
    calls.push({
      to: signed.message.currency,
      data: await deps.registry.encodeCall({
        function: 'approve',
        spender: deployment.market,
        amount: signed.message.price,
      }),
      value: '0',
      description: `approve the market to take exactly the price (${signed.message.price} base units)`,
    });
  }
  calls.push({
    to: deployment.market,
    data: buy,
    value: native ? signed.message.price : '0',
    description: 'buy: pays the price, credits the fees and the split, mints the licence to the buyer',
  });
  const payWithSignature = native
    ? undefined
    : await signedPayments(
        request,
        deps,
        signed.message.currency,
        signed.message.price,
        authorization.expiry,
      );
  return {
    ...(payWithSignature ? { payWithSignature } : {}),
    contract: deployment.market,
    orderHash: authorization.orderId,
    offer: signed.message,
    offerSignature: signed.signature,
    authorization,
    authorizationSignature,
    split: { splitId: split.splitId, recipients: split.recipients, bps: split.bps },
    calls,
  };
}

/** The typed data a buyer signs to pay with a permit or a receive authorisation, where the token has them. */
async function signedPayments(
  request: SaleRequest,
  deps: SaleDeskDeps,
  token: Address,
  price: string,
  expiry: string,
): Promise<MarketSale['payWithSignature']> {
  const signing = request.currencySigning;
  if (!signing || (!signing.permit && !signing.receiveWithAuthorization)) return undefined;
  const { chainId, market } = request.deployment;
  const domain = { name: signing.name, version: signing.version, chainId, verifyingContract: token };
  const out: NonNullable<MarketSale['payWithSignature']> = {};
  if (signing.permit) {
    const nonce = await deps.registry.permitNonce(chainId, token, request.buyer);
    out.permit = {
      method: 'buyWithPermit',
      deadline: expiry,
      typedData: {
        domain,
        types: { Permit: PERMIT_TYPES.Permit.map((field) => ({ ...field })) },
        primaryType: 'Permit',
        message: {
          owner: request.buyer,
          spender: market,
          value: price,
          nonce: nonce.toString(),
          deadline: expiry,
        },
      },
    };
  }
  if (signing.receiveWithAuthorization) {
    // A fresh random nonce: the token refuses a nonce twice, so the authorisation pays once.
    const nonce = `0x${bytesToHex(randomBytes(32))}` as Bytes32;
    out.receiveWithAuthorization = {
      method: 'buyWithAuthorization',
      validAfter: '0',
      validBefore: expiry,
      nonce,
      typedData: {
        domain,
        types: {
          ReceiveWithAuthorization: RECEIVE_WITH_AUTHORIZATION_TYPES.ReceiveWithAuthorization.map(
            (field) => ({ ...field }),
          ),
        },
        primaryType: 'ReceiveWithAuthorization',
        message: {
          from: request.buyer,
          to: market,
          value: price,
          validAfter: '0',
          validBefore: expiry,
          nonce,
        },
      },
    };
  }
  return out;
}
