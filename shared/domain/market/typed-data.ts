/**
 * The marketplace contract's EIP-712 messages as plain data (contracts/ModelCommonsMarket.sol): what a
 * model's owner signs to register the model and to put an offer on sale, and what the operator's sale
 * signer signs to approve one order. Wallets sign exactly these objects (`eth_signTypedData_v4`); the
 * adapters hash them with ethers. The ids the contract keys by are keccak-256 hashes of ours, so a
 * model, offer or order id maps to one on-chain id with no table in between.
 *
 * No ethers here (this module may load on the API's hot path): keccak-256 comes from @noble/hashes.
 */
import { keccak_256 } from '@noble/hashes/sha3';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import type { Address } from '#domain/address.js';
import type { Bytes32 } from '#domain/licences/canonical-json.js';

export const MARKET_DOMAIN_NAME = 'Model Commons Market';
export const MARKET_DOMAIN_VERSION = '1';
export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000' as Address;
export const ZERO_BYTES32 = `0x${'0'.repeat(64)}` as Bytes32;

export interface MarketDomain {
  name: typeof MARKET_DOMAIN_NAME;
  version: typeof MARKET_DOMAIN_VERSION;
  chainId: number;
  verifyingContract: Address;
}

export function marketDomain(chainId: number, market: Address): MarketDomain {
  return { name: MARKET_DOMAIN_NAME, version: MARKET_DOMAIN_VERSION, chainId, verifyingContract: market };
}

export const OFFER_TYPES = {
  Offer: [
    { name: 'modelKey', type: 'bytes32' },
    { name: 'offerId', type: 'bytes32' },
    { name: 'revision', type: 'uint64' },
    { name: 'currency', type: 'address' },
    { name: 'price', type: 'uint256' },
    { name: 'supplyCap', type: 'uint64' },
    { name: 'licenceDuration', type: 'uint64' },
    { name: 'validUntil', type: 'uint64' },
    { name: 'maxFeeBps', type: 'uint16' },
    { name: 'transferable', type: 'bool' },
    { name: 'termsHash', type: 'bytes32' },
    { name: 'manifestHash', type: 'bytes32' },
  ],
} as const;

export const SALE_AUTHORIZATION_TYPES = {
  SaleAuthorization: [
    { name: 'orderId', type: 'bytes32' },
    { name: 'buyer', type: 'address' },
    { name: 'offerDigest', type: 'bytes32' },
    { name: 'referrer', type: 'address' },
    { name: 'manifestHash', type: 'bytes32' },
    { name: 'expiry', type: 'uint64' },
  ],
} as const;

export const MODEL_REGISTRATION_TYPES = {
  ModelRegistration: [
    { name: 'owner', type: 'address' },
    { name: 'externalId', type: 'bytes32' },
    { name: 'splitId', type: 'bytes32' },
  ],
} as const;

/** The ERC-20 extensions a buyer signs for: EIP-2612 permit and EIP-3009 receive authorisation. */
export const PERMIT_TYPES = {
  Permit: [
    { name: 'owner', type: 'address' },
    { name: 'spender', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
} as const;

export const RECEIVE_WITH_AUTHORIZATION_TYPES = {
  ReceiveWithAuthorization: [
    { name: 'from', type: 'address' },
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'validAfter', type: 'uint256' },
    { name: 'validBefore', type: 'uint256' },
    { name: 'nonce', type: 'bytes32' },
  ],
} as const;

/** The Offer struct; amounts and times as decimal strings (JSON-safe, exact). */
export interface MarketOffer {
  modelKey: Bytes32;
  offerId: Bytes32;
  revision: string;
  currency: Address;
  price: string;
  supplyCap: string;
  licenceDuration: string;
  validUntil: string;
  maxFeeBps: number;
  transferable: boolean;
  termsHash: Bytes32;
  manifestHash: Bytes32;
}

export interface MarketSaleAuthorization {
  orderId: Bytes32;
  buyer: Address;
  offerDigest: Bytes32;
  referrer: Address;
  manifestHash: Bytes32;
  expiry: string;
}

/** Typed data ready for `eth_signTypedData_v4` (EIP712Domain is implied by `domain`). */
export interface TypedDataDocument<M> {
  domain: MarketDomain;
  types: Record<string, ReadonlyArray<{ name: string; type: string }>>;
  primaryType: string;
  message: M;
}

/** keccak-256 of the UTF-8 text: the on-chain id of one of our ids (model, offer, order). */
export function idHash(id: string): Bytes32 {
  return `0x${bytesToHex(keccak_256(utf8ToBytes(id)))}` as Bytes32;
}

/** The contract's `modelKeyOf(owner, externalId)`: keccak256(abi.encode(owner, externalId)). */
export function modelKeyOf(owner: Address, externalId: Bytes32): Bytes32 {
  const encoded = new Uint8Array(64);
  encoded.set(hexBytes(owner.slice(2)), 12);
  encoded.set(hexBytes(externalId.slice(2)), 32);
  return `0x${bytesToHex(keccak_256(encoded))}` as Bytes32;
}

/** The model's key on chain: its owner and our model id. */
export function marketModelKey(owner: Address, modelId: string): Bytes32 {
  return modelKeyOf(owner, idHash(modelId));
}

/**
 * The licence's token id for an order sold under terms number `termsId`: the order's hash with its low
 * 32 bits replaced (the contract's `_mintLicence`).
 */
export function licenceTokenId(orderId: string, termsId: number): bigint {
  return (BigInt(idHash(orderId)) & ~0xffff_ffffn) | BigInt(termsId);
}

/** The order a token id was minted for is recognised by the token id's high 224 bits. */
export function orderHashPrefix(tokenId: bigint): bigint {
  return tokenId & ~0xffff_ffffn;
}

export function offerTypedData(domain: MarketDomain, offer: MarketOffer): TypedDataDocument<MarketOffer> {
  return { domain, types: OFFER_TYPES, primaryType: 'Offer', message: offer };
}

export function saleAuthorizationTypedData(
  domain: MarketDomain,
  authorization: MarketSaleAuthorization,
): TypedDataDocument<MarketSaleAuthorization> {
  return {
    domain,
    types: SALE_AUTHORIZATION_TYPES,
    primaryType: 'SaleAuthorization',
    message: authorization,
  };
}

function hexBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
